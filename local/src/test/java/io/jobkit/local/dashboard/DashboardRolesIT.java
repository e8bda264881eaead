package io.jobkit.local.dashboard;

import io.jobkit.admin.AdminServer;
import io.jobkit.admin.AdminTokens;
import io.jobkit.admin.Role;
import io.jobkit.client.JobClient;
import io.jobkit.client.JobStatus;
import io.jobkit.local.LocalCloud;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Roles in the page, in a real browser, against an admin server with bearer tokens configured: the sign-in page,
 * the principal and role shown, actions above the role not offered, and the API refusing the same call forged from
 * the viewer's signed-in page (the page's own API module, so it carries exactly the viewer's credentials).
 */
class DashboardRolesIT {
    private static final AdminTokens.Issued VIEWER = AdminTokens.issue(Role.VIEWER, "vera");
    private static final AdminTokens.Issued OPERATOR = AdminTokens.issue(Role.OPERATOR, "otto");

    private static LocalCloud cloud;
    private static JobClient client;
    private static DynamoDbClient dynamo;
    private static AdminServer server;
    private static Browser browser;

    @BeforeAll
    static void start() {
        Browser.assumeInstalled();
        cloud = LocalCloud.builder().sqsPort(0).dynamoDbPort(0).schedulerPort(0).start();
        client = JobClient.fromEnvironment(cloud.clientEnvironment());
        dynamo = cloud.dynamoDbClient();
        server = AdminServer.builder().jobClient(client).dynamoDbClient(dynamo).port(0)
                .environment(Map.of(AdminTokens.VARIABLE, VIEWER.entry() + "," + OPERATOR.entry())).start();
        browser = Browser.open(server.url());
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
        if (server != null) server.close();
        if (client != null) client.close();
        if (dynamo != null) dynamo.close();
        if (cloud != null) cloud.close();
    }

    @Test
    void viewer_signsIn_seesNoOperatorAction_andAForgedCancelIsRefused_thenSignsOut() {
        String id = client.enqueue("waits.forever", Map.of(), o -> o.queue("low"));
        browser.go("#/jobs/" + id);
        browser.find("#token").sendKeys("jk_not_a_real_token");
        browser.find("#sign-in").click();
        browser.waitText("#flash", "bearer token");
        assertThat(browser.present("#nav:not([hidden])")).as("still signed out").isFalse();
        browser.screenshot("sign-in");

        browser.find("#token").clear();
        browser.find("#token").sendKeys(VIEWER.token());
        browser.find("#sign-in").click();
        browser.waitText("#role", "viewer");
        browser.waitText("#job-id", id);
        assertThat(browser.present("#banner:not([hidden])")).as("no loopback banner with credentials").isFalse();
        assertThat(browser.present("#cancel")).as("viewer is not offered cancel").isFalse();
        assertThat(browser.present("#enqueue-copy")).isFalse();

        Object forged = browser.driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                import('/js/api.js').then((api) => api.del('/api/admin/jobs/' + arguments[0]))
                  .then(() => done('accepted'), (e) => done(e.status + ' ' + e.code + ' ' + e.message));""", id);
        assertThat(forged.toString()).startsWith("403 FORBIDDEN").contains("needs the operator role");
        assertThat(client.get(id).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);

        browser.hash("#/queues");
        browser.find("tr[data-queue=low]");
        assertThat(browser.present("#pause-low")).isFalse();
        browser.hash("#/queues/low/dlq");
        browser.find("#dlq-summary");
        assertThat(browser.present("#redrive")).isFalse();
        assertThat(browser.present("#purge")).isFalse();
        browser.hash("#/workers");
        browser.find("#workers-table");
        assertThat(browser.present("#cleanup")).isFalse();

        browser.find("#sign-out").click();
        browser.find("#token");
        browser.driver.navigate().refresh();
        browser.find("#token"); // signed out for good, not only in the page

        browser.find("#token").sendKeys(OPERATOR.token());
        browser.find("#sign-in").click();
        browser.waitText("#role", "operator");
        browser.hash("#/jobs/" + id);
        browser.find("#cancel");
        assertThat(browser.present("#enqueue-copy")).as("enqueue needs admin").isFalse();
        browser.hash("#/queues/low/dlq");
        browser.find("#redrive");
        assertThat(browser.present("#purge")).as("purge needs admin").isFalse();
    }
}
