package io.jobkit.local.dashboard;

import io.jobkit.admin.AdminServer;
import io.jobkit.admin.AdminTokens;
import io.jobkit.admin.Role;
import io.jobkit.client.JobClient;
import io.jobkit.client.JobStatus;
import io.jobkit.client.testing.TestClock;
import io.jobkit.local.LocalCloud;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.Cookie;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Roles and the browser session in a real browser, against an admin server with bearer tokens configured and an
 * injected clock: token sign-in through {@code POST /api/admin/session} (the real HttpOnly cookie, no token left in
 * the page), the principal and role shown, actions above the role not offered, forged requests from the viewer's page
 * refused, sign-out by {@code DELETE} (the old cookie worth nothing after it), and an expired session sending the
 * page back to sign-in saying so.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardRolesIT {
    private static final AdminTokens.Issued VIEWER = AdminTokens.issue(Role.VIEWER, "vera");
    private static final AdminTokens.Issued OPERATOR = AdminTokens.issue(Role.OPERATOR, "otto");

    private static ConsoleUnderTest console;
    private static LocalCloud cloud;
    private static JobClient client;
    private static DynamoDbClient dynamo;
    private static TestClock clock;
    private static AdminServer server;
    private static Browser browser;

    @BeforeAll
    static void start() {
        console = ConsoleUnderTest.start();
        cloud = console.cloud;
        client = console.client;
        dynamo = console.dynamo;
        clock = TestClock.startingNow();
        server = console.serve(b -> b.clock(clock)
                .environment(Map.of(AdminTokens.VARIABLE, VIEWER.entry() + "," + OPERATOR.entry(),
                        "JOBKIT_ADMIN_SESSION_TTL", "30m")));
        browser = console.open(server);
    }

    @AfterAll
    static void stop() throws Exception {
        if (console != null) console.close();
    }

    @AfterEach
    void forgetCookies() {
        browser.driver.manage().deleteAllCookies();
    }

    @Test
    @Order(1)
    void viewer_signsInWithAToken_getsTheRealCookie_seesNoOperatorAction_andForgedCallsAreRefused_thenSignsOut() {
        String id = client.enqueue("waits.forever", Map.of(), o -> o.queue("low"));
        browser.go("#/jobs/" + id);
        browser.find("#token");
        assertThat(browser.present("#oidc")).as("no OIDC configured, no OIDC button").isFalse();
        DashboardIT.copyToDocs(browser.screenshot("sign-in"), "dashboard-signin.png");

        browser.find("#token").sendKeys("jk_not_a_real_token");
        browser.find("#sign-in").click();
        browser.waitText("#flash", "the token is not valid");
        assertThat(browser.present("#nav:not([hidden])")).as("still signed out").isFalse();
        assertThat(browser.driver.manage().getCookieNamed("jobkit_session")).isNull();

        signIn(VIEWER.token());
        browser.waitText("#role", "viewer");
        assertThat(browser.text("#principal")).isEqualTo("vera");
        browser.waitText("#job-id", id);
        Cookie cookie = browser.driver.manage().getCookieNamed("jobkit_session");
        assertThat(cookie).as("the session is a cookie").isNotNull();
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getSameSite()).isEqualTo("Strict");
        assertThat(cookie.getPath()).isEqualTo("/");
        assertThat(browser.driver.executeScript("return document.cookie")).as("scripts cannot read it")
                .asString().doesNotContain("jobkit_session");
        assertThat(browser.driver.executeScript("return JSON.stringify(sessionStorage) + JSON.stringify(localStorage)"))
                .as("the token is kept nowhere in the page").asString().doesNotContain(VIEWER.token());
        assertThat(browser.present("#banner:not([hidden])")).as("no loopback banner with credentials").isFalse();
        assertThat(browser.present("#cancel")).as("viewer is not offered cancel").isFalse();
        assertThat(browser.present("#enqueue-copy")).isFalse();

        // forged from the viewer's signed-in page: a bare fetch (the cookie goes along) without the CSRF header...
        assertThat(fetch("DELETE", "/api/admin/jobs/" + id, false)).startsWith("403 ").contains("CSRF_TOKEN_INVALID");
        // ...and with it (read from GET session, as a script in the page could): the role still decides
        assertThat(fetch("DELETE", "/api/admin/jobs/" + id, true)).startsWith("403 ").contains("\"FORBIDDEN\"")
                .contains("needs the operator role");
        assertThat(fetch("POST", "/api/admin/queues/low/pause", true)).startsWith("403 ").contains("needs the operator role");
        // the page's own API module carries exactly the same credentials
        Object viaPage = browser.driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                import('/js/api.js').then((api) => api.del('/api/admin/jobs/' + arguments[0]))
                  .then(() => done('accepted'), (e) => done(e.status + ' ' + e.code + ' ' + e.message));""", id);
        assertThat(viaPage.toString()).startsWith("403 FORBIDDEN").contains("needs the operator role");
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
        assertThat(browser.driver.manage().getCookieNamed("jobkit_session")).as("sign-out cleared the cookie").isNull();
        browser.driver.navigate().refresh();
        browser.find("#token"); // signed out for good, not only in the page
        // the signed-out cookie's value, put back by hand, is refused: the server revoked the session
        browser.driver.manage().addCookie(cookie);
        assertThat(fetch("GET", "/api/admin/session", false)).startsWith("401 ").contains("NOT_SIGNED_IN");
        browser.driver.manage().deleteAllCookies();

        signIn(OPERATOR.token());
        browser.waitText("#role", "operator");
        browser.hash("#/queues/low/dlq");
        browser.find("#redrive");
        assertThat(browser.present("#purge")).as("purge needs admin").isFalse();
        browser.hash("#/jobs/" + id);
        browser.find("#cancel");
        assertThat(browser.present("#enqueue-copy")).as("enqueue needs admin").isFalse();
        // the page's own DELETE carries the CSRF token, so the operator's cancel goes through
        browser.find("#cancel").click();
        browser.waitText(".jobhead", "CANCELLED");
        assertThat(client.get(id).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
    }

    @Test
    @Order(2)
    void expiredSession_sendsThePageBackToSignIn_sayingItExpired() {
        browser.go("#/queues");
        signIn(OPERATOR.token());
        browser.waitText("#role", "operator");
        browser.find("tr[data-queue=low]");
        clock.advance(Duration.ofMinutes(31));
        // the page's next refresh answers 401 SESSION_EXPIRED; nothing reloads it
        browser.waitText("#expired", "Your session expired");
        assertThat(browser.present("#nav:not([hidden])")).isFalse();
        browser.screenshot("session-expired");
        signIn(OPERATOR.token());
        browser.waitText("#role", "operator");
        browser.find("tr[data-queue=low]");
    }

    private static void signIn(String token) {
        browser.find("#token").clear();
        browser.find("#token").sendKeys(token);
        browser.find("#sign-in").click();
    }

    /** A fetch made by a script in the page: status and body, optionally with the session's CSRF token. */
    private static String fetch(String method, String path, boolean withCsrf) {
        return browser.driver.executeAsyncScript("""
                const [method, path, withCsrf, done] = arguments;
                (async () => {
                  const headers = { 'Content-Type': 'application/json' };
                  if (withCsrf) headers['X-Jobkit-Csrf'] = (await (await fetch('/api/admin/session')).json()).csrfToken;
                  const res = await fetch(path, { method, headers, body: method === 'GET' ? undefined : '{}' });
                  return res.status + ' ' + await res.text();
                })().then(done, (e) => done('error ' + e));""", method, path, withCsrf).toString();
    }
}
