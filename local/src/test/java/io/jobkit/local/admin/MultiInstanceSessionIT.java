package io.jobkit.local.admin;

import io.jobkit.admin.AdminServer;
import io.jobkit.admin.AdminTokens;
import io.jobkit.admin.Role;
import io.jobkit.client.JobClient;
import io.jobkit.client.testing.TestClock;
import io.jobkit.local.LocalCloud;
import io.jobkit.local.admin.BrowserSessionIT.Browser;
import io.jobkit.local.admin.BrowserSessionIT.Reply;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A console scaled out: two servers (as two Lambda execution environments would be) sharing the session key and the
 * jobs table, with nothing else in common. A sign-in may start on one and finish on the other; a sign-out and a
 * spent state hold on both.
 */
class MultiInstanceSessionIT {
    private static final String CLIENT = "jobkit-console";
    private static final String ISSUER_ID = "jobkit";
    private static final String KEY = "a-shared-session-key-of-at-least-32-characters";
    private static final AdminTokens.Issued OPERATOR = AdminTokens.issue(Role.OPERATOR, "otto-token");

    private static LocalCloud cloud;
    private static JobClient client;
    private static DynamoDbClient dynamo;
    private static MockOAuth2Server oauth;
    private static TestClock clock;
    private static AdminServer a;
    private static AdminServer b;

    @BeforeAll
    static void start() {
        cloud = LocalCloud.builder().sqsPort(0).dynamoDbPort(0).schedulerPort(0).start();
        client = JobClient.fromEnvironment(cloud.clientEnvironment());
        dynamo = cloud.dynamoDbClient();
        oauth = new MockOAuth2Server();
        oauth.start(InetAddress.getLoopbackAddress(), 0);
        clock = TestClock.startingNow();
        a = console(KEY);
        b = console(KEY);
    }

    @AfterAll
    static void stop() {
        if (a != null) a.close();
        if (b != null) b.close();
        if (oauth != null) oauth.shutdown();
        if (client != null) client.close();
        if (dynamo != null) dynamo.close();
        if (cloud != null) cloud.close();
    }

    private static AdminServer console(String key) {
        Map<String, String> env = new LinkedHashMap<>(Map.of(
                "JOBKIT_ADMIN_OIDC_ISSUER", oauth.issuerUrl(ISSUER_ID).toString(),
                "JOBKIT_ADMIN_OIDC_CLIENT_ID", CLIENT,
                "JOBKIT_ADMIN_OIDC_ROLES_CLAIM", "groups",
                "JOBKIT_ADMIN_SESSION_KEY", key,
                AdminTokens.VARIABLE, OPERATOR.entry()));
        return AdminServer.builder().jobClient(client).dynamoDbClient(dynamo).port(0).clock(clock).environment(env).start();
    }

    @Test
    void signInStartedOnA_finishesOnB_andTheSessionHoldsOnBoth() {
        Browser onA = new Browser(a);
        nextUser("otto@example.com", List.of("jobkit-operator"));
        URI callback = approve(onA, onA.get("/auth/oidc/login?return=/queues").location());
        String sealed = onA.cookie("jobkit_oidc");
        assertThat(sealed).as("the pending sign-in travels in the cookie").isNotBlank();
        String state = callback.getRawQuery().replaceAll(".*state=([^&]*).*", "$1");
        String[] parts = sealed.split("\\.");
        assertThat(parts).as("a compact JWE").hasSize(5);
        for (String part : parts) {
            String opened = new String(Base64.getUrlDecoder().decode(part), StandardCharsets.ISO_8859_1);
            assertThat(opened).as("encrypted: neither the state, the verifier nor the return path shows")
                    .doesNotContain(state).doesNotContain("verifier").doesNotContain("/queues");
        }

        Browser onB = moved(onA, b);
        Reply done = onB.get(pathAndQuery(callback));
        assertThat(done.status()).as(done.text()).isEqualTo(302);
        assertThat(done.location()).isEqualTo("/queues");
        assertThat(onB.cookie("jobkit_oidc")).as("cleared by the callback").isNull();

        assertThat(onB.get("/api/admin/session").json().get("principal").asText()).isEqualTo("otto@example.com");
        Browser backOnA = moved(onB, a);
        Reply onASession = backOnA.get("/api/admin/session");
        assertThat(onASession.status()).isEqualTo(200);
        assertThat(onASession.json().get("role").asText()).isEqualTo("operator");
    }

    @Test
    void aServerWithAnotherSessionKey_cannotOpenThePendingSignIn() {
        try (AdminServer stranger = console("another-session-key-of-at-least-32-characters!")) {
            Browser onA = new Browser(a);
            nextUser("otto@example.com", List.of("jobkit-operator"));
            URI callback = approve(onA, onA.get("/auth/oidc/login").location());
            Reply refused = moved(onA, stranger).get(pathAndQuery(callback));
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.json().get("code").asText()).isEqualTo("OIDC_STATE_INVALID");
            assertThat(refused.json().get("error").asText()).contains("not valid");
        }
    }

    @Test
    void signOutOnA_isRefusedOnB() {
        Browser onA = new Browser(a);
        Reply in = onA.call("POST", "/api/admin/session", Map.of(), "{\"token\":\"" + OPERATOR.token() + "\"}");
        assertThat(in.status()).isEqualTo(200);
        String csrf = in.json().get("csrfToken").asText();
        Browser seenOnB = moved(onA, b);
        assertThat(seenOnB.get("/api/admin/queues").status()).as("B checks the session once and caches it").isEqualTo(200);

        Browser other = new Browser(a);
        other.call("POST", "/api/admin/session", Map.of(), "{\"token\":\"" + OPERATOR.token() + "\"}");
        String otherCsrf = other.get("/api/admin/session").json().get("csrfToken").asText();
        Browser otherOnB = moved(other, b);

        assertThat(onA.call("DELETE", "/api/admin/session", Map.of("X-Jobkit-Csrf", csrf), null).status()).isEqualTo(204);
        assertThat(other.call("DELETE", "/api/admin/session", Map.of("X-Jobkit-Csrf", otherCsrf), null).status()).isEqualTo(204);

        Reply never = otherOnB.get("/api/admin/queues");
        assertThat(never.status()).as("B never saw this session: refused at once").isEqualTo(401);
        assertThat(never.json().get("code").asText()).isEqualTo("UNAUTHENTICATED");

        // B trusted its earlier answer for at most the revocation cache (5 s), then reads the sign-out
        clock.advance(Duration.ofSeconds(6));
        Reply after = seenOnB.get("/api/admin/session");
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.json().get("code").asText()).isEqualTo("NOT_SIGNED_IN");
        assertThat(seenOnB.get("/api/admin/queues").status()).isEqualTo(401);

        String table = client.topology().tableName();
        long revokedItems = dynamo.scan(r -> r.tableName(table).filterExpression("begins_with(pk, :p) AND sk = :s")
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("SESSION#"), ":s", AttributeValue.fromS("REVOKED"))))
                .items().stream().filter(i -> i.containsKey("expiresAt")).count();
        assertThat(revokedItems).as("revocations with a TTL").isGreaterThanOrEqualTo(2);
    }

    @Test
    void replayedState_isRefusedOnB() {
        Browser onA = new Browser(a);
        nextUser("otto@example.com", List.of("jobkit-operator"));
        URI callback = approve(onA, onA.get("/auth/oidc/login").location());
        Browser thief = moved(onA, b); // a copy of the browser's pending-sign-in cookie and the callback URL
        assertThat(onA.get(pathAndQuery(callback)).status()).isEqualTo(302);

        Reply replayed = thief.get(pathAndQuery(callback));
        assertThat(replayed.status()).isEqualTo(400);
        assertThat(replayed.json().get("code").asText()).isEqualTo("OIDC_STATE_INVALID");
        assertThat(replayed.json().get("error").asText()).contains("already used");
        assertThat(thief.cookie("jobkit_session")).isNull();
    }

    /** The same browser talking to another server of the console (as a load balancer may send it). */
    private static Browser moved(Browser from, AdminServer to) {
        Browser b = new Browser(to);
        b.cookies.putAll(from.cookies);
        return b;
    }

    private static String pathAndQuery(URI uri) {
        return uri.getRawPath() + "?" + uri.getRawQuery();
    }

    private static URI approve(Browser browser, String authorize) {
        Reply r = browser.get(URI.create(authorize));
        assertThat(r.status()).as(r.text()).isEqualTo(302);
        return URI.create(r.location());
    }

    private static void nextUser(String email, List<String> groups) {
        oauth.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, email, "JWT", List.of(CLIENT),
                Map.of("groups", groups, "email", email), 3600));
    }
}
