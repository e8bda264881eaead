package io.jobkit.local.dashboard;

import io.jobkit.admin.AdminServer;
import io.jobkit.client.JobClient;
import io.jobkit.client.control.QueueControls;
import io.jobkit.local.LocalCloud;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Cookie;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OIDC sign-in in a real browser: the console configured with an issuer (mock-oauth2-server in this JVM, which
 * approves every authorization request without a login form), the sign-in page's button, the real redirects through
 * the issuer and back to {@code /auth/oidc/callback}, and the page ending signed in with the role the groups claim
 * maps to, on the page the user started from.
 */
class DashboardOidcIT {
    private static final String CLIENT = "jobkit-console";
    private static final String ISSUER_ID = "jobkit";

    private static ConsoleUnderTest console;
    private static LocalCloud cloud;
    private static JobClient client;
    private static DynamoDbClient dynamo;
    private static MockOAuth2Server oauth;
    private static AdminServer server;
    private static Browser browser;

    @BeforeAll
    static void start() {
        console = ConsoleUnderTest.start();
        cloud = console.cloud;
        client = console.client;
        dynamo = console.dynamo;
        oauth = new MockOAuth2Server();
        oauth.start(InetAddress.getLoopbackAddress(), 0);
        server = console.serve(b -> b
                .environment(Map.of("JOBKIT_ADMIN_OIDC_ISSUER", oauth.issuerUrl(ISSUER_ID).toString(),
                        "JOBKIT_ADMIN_OIDC_CLIENT_ID", CLIENT,
                        "JOBKIT_ADMIN_OIDC_ROLES_CLAIM", "groups")));
        browser = console.open(server);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (console != null) console.close();
        } finally {
            if (oauth != null) oauth.shutdown();
        }
    }

    @AfterEach
    void forgetCookies() {
        browser.driver.manage().deleteAllCookies();
    }

    /** The next ID token the issuer hands out names {@code email} and carries {@code groups}. */
    private static void nextUser(String email, List<String> groups) {
        oauth.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, email, "JWT", List.of(CLIENT),
                Map.of("groups", groups, "email", email), 3600));
    }

    @Test
    void oidcSignIn_inTheBrowser_endsSignedInWithTheGroupsRole_onThePageItStartedFrom() {
        nextUser("otto@example.com", List.of("staff", "jobkit-operator"));
        browser.go("#/queues");
        browser.find("#token");
        browser.find("#oidc").click();
        browser.waitText("#role", "operator");
        assertThat(browser.text("#principal")).isEqualTo("otto@example.com");
        browser.until(d -> d.getCurrentUrl().endsWith("#/queues") ? true : null);
        browser.find("#pause-low");
        Cookie cookie = browser.driver.manage().getCookieNamed("jobkit_session");
        assertThat(cookie).isNotNull();
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getSameSite()).isEqualTo("Strict");
        // the operator's pause from the page carries the CSRF token; the control item names the OIDC user
        browser.find("#pause-low").click();
        browser.find("#resume-low");
        QueueControls controls = new QueueControls(dynamo, client.topology().tableName(), Clock.systemUTC(), Duration.ZERO);
        assertThat(controls.read("low").paused()).isTrue();
        assertThat(controls.read("low").changedBy()).isEqualTo("otto@example.com");
        browser.find("#resume-low").click();
        browser.find("#pause-low");
        browser.screenshot("oidc-operator");

        browser.find("#sign-out").click();
        browser.find("#oidc");
        nextUser("vera@example.com", List.of("jobkit-viewer"));
        browser.find("#oidc").click();
        browser.waitText("#role", "viewer");
        assertThat(browser.text("#principal")).isEqualTo("vera@example.com");
        browser.find("tr[data-queue=low]");
        assertThat(browser.present("#pause-low")).as("a viewer is not offered pause").isFalse();
    }

    @Test
    void oidcUserInNoJobkitGroup_isNotSignedIn_andTheSignInPageSaysWhy() {
        nextUser("nobody@example.com", List.of("staff"));
        browser.go("#/");
        browser.find("#oidc").click();
        browser.waitText("#signin-error", "none of the groups jobkit-viewer, jobkit-operator or jobkit-admin");
        assertThat(browser.text("#signin-error")).contains("NO_JOBKIT_ROLE");
        assertThat(browser.driver.getCurrentUrl()).as("the code is dropped from the address bar").doesNotContain("signin_error");
        assertThat(browser.present("#oidc")).as("offered to start again").isTrue();
        assertThat(browser.driver.manage().getCookieNamed("jobkit_session")).isNull();
        browser.screenshot("oidc-no-role");
    }

    @Test
    void aCallbackThatCannotBeCompleted_endsOnTheSignInPage_withItsReason_notOnAJsonBody() {
        // a callback with no sign-in started in this browser (no jobkit_oidc cookie), as a bookmarked or replayed one
        browser.driver.get(server.url().resolve("/auth/oidc/callback?code=stale&state=stale").toString());
        browser.waitText("#signin-error", "started in another browser or tab");
        assertThat(browser.text("#signin-error")).contains("OIDC_STATE_INVALID");
        assertThat(browser.driver.getPageSource()).doesNotContain("\"code\"");
    }
}
