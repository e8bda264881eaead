package io.jobkit.local.admin;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.jobkit.admin.AdminServer;
import io.jobkit.admin.AdminTokens;
import io.jobkit.admin.Role;
import io.jobkit.client.JobClient;
import io.jobkit.client.control.QueueControls;
import io.jobkit.client.testing.TestClock;
import io.jobkit.local.LocalCloud;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The browser sign-in as a browser does it, over real HTTP with java.net.http: the console's server on the local
 * cloud (DynamoDB Local, ElasticMQ) and a real OIDC server in this JVM (mock-oauth2-server, which approves every
 * authorization request at once). Redirects are followed by hand and cookies kept per test, so each step's status,
 * Location and Set-Cookie is checked.
 */
class BrowserSessionIT {
    private static final String CLIENT = "jobkit-console";
    private static final String ISSUER_ID = "jobkit";
    private static final AdminTokens.Issued OPERATOR = AdminTokens.issue(Role.OPERATOR, "otto-token");
    private static final AdminTokens.Issued ADMIN = AdminTokens.issue(Role.ADMIN, "ada");
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static LocalCloud cloud;
    private static JobClient client;
    private static DynamoDbClient dynamo;
    private static MockOAuth2Server oauth;
    private static TestClock clock;
    private static AdminServer server;
    private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();

    @BeforeAll
    static void start() {
        LOGS.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(LOGS);
        cloud = LocalCloud.builder().sqsPort(0).dynamoDbPort(0).schedulerPort(0).start();
        client = JobClient.fromEnvironment(cloud.clientEnvironment());
        dynamo = cloud.dynamoDbClient();
        oauth = new MockOAuth2Server();
        oauth.start(InetAddress.getLoopbackAddress(), 0);
        clock = TestClock.startingNow();
        server = console(clock, Map.of());
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
        if (oauth != null) oauth.shutdown();
        if (client != null) client.close();
        if (dynamo != null) dynamo.close();
        if (cloud != null) cloud.close();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(LOGS);
    }

    /** No line jobkit logged (the audit log included) carries any of {@code secrets}. */
    private static void assertNotLogged(String... secrets) {
        List<String> ours = LOGS.list.stream().filter(e -> e.getLoggerName().startsWith("io.jobkit") || e.getLoggerName().startsWith("jobkit"))
                .map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(ours).as("jobkit's log lines").isNotEmpty();
        for (String secret : secrets) assertThat(ours).noneMatch(line -> line.contains(secret));
    }

    /** A console with OIDC and two tokens configured, plus {@code extra} variables. */
    private static AdminServer console(Clock c, Map<String, String> extra) {
        Map<String, String> env = new LinkedHashMap<>(Map.of(
                "JOBKIT_ADMIN_OIDC_ISSUER", oauth.issuerUrl(ISSUER_ID).toString(),
                "JOBKIT_ADMIN_OIDC_CLIENT_ID", CLIENT,
                "JOBKIT_ADMIN_OIDC_ROLES_CLAIM", "groups",
                AdminTokens.VARIABLE, OPERATOR.entry() + "," + ADMIN.entry()));
        env.putAll(extra);
        return AdminServer.builder().jobClient(client).dynamoDbClient(dynamo).port(0).clock(c).environment(env).start();
    }

    /** The next token the OIDC server issues names {@code email} and carries {@code groups}. */
    private static void nextUser(String email, List<String> groups) {
        oauth.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, email, "JWT", List.of(CLIENT),
                Map.of("groups", groups, "email", email), 3600));
    }

    @Test
    void oidcSignIn_redirectsWithPkce_setsAStrictHttpOnlyCookie_andTheSessionCarriesTheMappedRole() {
        Browser b = new Browser(server);
        nextUser("otto@example.com", List.of("staff", "jobkit-viewer", "jobkit-operator"));
        Reply login = b.get("/auth/oidc/login?return=" + URLEncoder.encode("/jobs?status=failed", StandardCharsets.UTF_8));
        assertThat(login.status()).isEqualTo(302);
        URI authorize = URI.create(login.location());
        Map<String, String> q = query(authorize);
        assertThat(authorize.toString()).startsWith(oauth.authorizationEndpointUrl(ISSUER_ID).toString());
        assertThat(q).containsEntry("response_type", "code").containsEntry("client_id", CLIENT)
                .containsEntry("code_challenge_method", "S256")
                .containsEntry("redirect_uri", server.url().resolve("/auth/oidc/callback").toString());
        assertThat(q.get("code_challenge")).matches("[A-Za-z0-9_-]{43}");
        assertThat(q.get("state")).hasSizeGreaterThanOrEqualTo(32);
        assertThat(q.get("nonce")).hasSizeGreaterThanOrEqualTo(32).isNotEqualTo(q.get("state"));
        assertThat(q.get("scope")).contains("openid");
        assertThat(login.setCookies()).anySatisfy(c -> assertThat(c).startsWith("jobkit_oidc=")
                .contains("HttpOnly").contains("SameSite=Lax").contains("Path=/auth/oidc"));

        Reply approved = b.get(authorize);
        assertThat(approved.status()).as("the OIDC server approves at once").isEqualTo(302);
        URI callback = URI.create(approved.location());
        assertThat(callback.getPath()).isEqualTo("/auth/oidc/callback");
        assertThat(query(callback)).containsEntry("state", q.get("state")).containsKey("code");

        Reply signedIn = b.get(callback);
        assertThat(signedIn.status()).as(signedIn.text()).isEqualTo(302);
        assertThat(signedIn.location()).isEqualTo("/jobs?status=failed");
        assertThat(signedIn.setCookies()).anySatisfy(c -> assertThat(c).startsWith("jobkit_session=")
                .contains("HttpOnly").contains("SameSite=Strict").contains("Path=/").doesNotContain("Secure"));

        Reply session = b.get("/api/admin/session");
        assertThat(session.status()).isEqualTo(200);
        JsonNode s = session.json();
        assertThat(s.get("principal").asText()).isEqualTo("otto@example.com");
        assertThat(s.get("role").asText()).isEqualTo("operator");
        assertThat(s.get("mode").asText()).isEqualTo("oidc");
        assertThat(s.get("oidcEnabled").asBoolean()).isTrue();
        Instant eightHours = clock.instant().plus(Duration.ofHours(8));
        assertThat(Instant.parse(s.get("expiresAt").asText())).isBetween(eightHours.minusSeconds(1), eightHours);
        String csrf = s.get("csrfToken").asText();
        assertThat(csrf).isNotBlank();

        // a state-changing call with the cookie needs the CSRF header; nothing changes without it
        Reply noCsrf = b.call("POST", "/api/admin/queues/low/pause", Map.of(), "{}");
        assertThat(noCsrf.status()).isEqualTo(403);
        assertThat(noCsrf.json().get("code").asText()).isEqualTo("CSRF_TOKEN_INVALID");
        assertThat(controls().read("low").paused()).isFalse();
        Reply wrongCsrf = b.call("POST", "/api/admin/queues/low/pause", Map.of("X-Jobkit-Csrf", csrf + "x"), "{}");
        assertThat(wrongCsrf.json().get("code").asText()).isEqualTo("CSRF_TOKEN_INVALID");
        Reply paused = b.call("POST", "/api/admin/queues/low/pause", Map.of("X-Jobkit-Csrf", csrf), "{}");
        assertThat(paused.status()).as(paused.text()).isEqualTo(200);
        assertThat(controls().read("low").paused()).isTrue();
        assertThat(controls().read("low").changedBy()).isEqualTo("otto@example.com");
        Reply adminOnly = b.call("POST", "/api/admin/jobs", Map.of("X-Jobkit-Csrf", csrf), "{\"type\":\"x\"}");
        assertThat(adminOnly.status()).as("the API still refuses what the role does not allow").isEqualTo(403);
        assertThat(adminOnly.json().get("error").asText()).contains("needs the admin role");
        // a bearer call needs no CSRF token
        Reply resumed = new Browser(server).call("POST", "/api/admin/queues/low/resume",
                Map.of("Authorization", "Bearer " + OPERATOR.token()), "{}");
        assertThat(resumed.status()).isEqualTo(200);
        assertThat(controls().read("low").paused()).isFalse();

        assertAudited("GET /auth/oidc/callback", "otto@example.com");
        assertAudited("POST /api/admin/queues/{queue}/pause", "otto@example.com");

        // sign-out needs the CSRF token too, then the old cookie is worth nothing
        String cookie = b.cookie("jobkit_session");
        assertThat(b.call("DELETE", "/api/admin/session", Map.of(), null).status()).isEqualTo(403);
        Reply out = b.call("DELETE", "/api/admin/session", Map.of("X-Jobkit-Csrf", csrf), null);
        assertThat(out.status()).isEqualTo(204);
        assertThat(out.setCookies()).anySatisfy(c -> assertThat(c).startsWith("jobkit_session=;").contains("Max-Age=0"));
        Browser replay = new Browser(server);
        replay.cookies.put("jobkit_session", cookie);
        Reply after = replay.get("/api/admin/session");
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.json().get("code").asText()).isEqualTo("NOT_SIGNED_IN");
        assertThat(after.json().get("oidcEnabled").asBoolean()).isTrue();
        assertThat(replay.get("/api/admin/queues").status()).isEqualTo(401);
        assertAudited("DELETE /api/admin/session", "otto@example.com");
        assertNotLogged(cookie, csrf, query(callback).get("code"), q.get("state"));
    }

    @Test
    void groupsClaim_mapsToTheHighestRole_andAUserInNoJobkitGroupGetsNoSession() {
        assertThat(signIn(List.of("jobkit-viewer"), "vera@example.com").get("/api/admin/session").json().get("role").asText())
                .isEqualTo("viewer");
        assertThat(signIn(List.of("jobkit-viewer", "jobkit-admin"), "ada@example.com").get("/api/admin/session").json()
                .get("role").asText()).isEqualTo("admin");

        Browser b = new Browser(server);
        nextUser("nobody@example.com", List.of("staff"));
        Reply refused = b.get(approve(b, b.get("/auth/oidc/login").location()));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("code").asText()).isEqualTo("NO_JOBKIT_ROLE");
        assertThat(refused.json().get("error").asText()).contains("jobkit-viewer");
        assertThat(b.cookie("jobkit_session")).isNull();
        assertThat(b.get("/api/admin/session").status()).isEqualTo(401);
    }

    @Test
    void callbackWithAStateTheServerDidNotIssue_orFromAnotherBrowser_isRefused() {
        Browser b = new Browser(server);
        nextUser("otto@example.com", List.of("jobkit-operator"));
        URI callback = URI.create(approve(b, b.get("/auth/oidc/login").location()).toString());
        Map<String, String> q = query(callback);
        Reply forged = b.get("/auth/oidc/callback?code=" + enc(q.get("code")) + "&state=forged-state");
        assertThat(forged.status()).isEqualTo(400);
        assertThat(forged.json().get("code").asText()).isEqualTo("OIDC_STATE_INVALID");

        Browser other = new Browser(server); // has not the jobkit_oidc cookie of b's sign-in
        Reply elsewhere = other.get(callback);
        assertThat(elsewhere.status()).isEqualTo(400);
        assertThat(elsewhere.json().get("code").asText()).isEqualTo("OIDC_STATE_INVALID");
        assertThat(elsewhere.json().get("error").asText()).contains("another browser");
        assertThat(other.cookie("jobkit_session")).isNull();
        assertThat(b.get("/auth/oidc/callback?code=x").json().get("code").asText()).isEqualTo("OIDC_CALLBACK_INVALID");
    }

    @Test
    void replayedCode_isRefused_evenUnderAFreshState() {
        Browser b = new Browser(server);
        nextUser("otto@example.com", List.of("jobkit-operator"));
        URI callback = approve(b, b.get("/auth/oidc/login").location());
        assertThat(b.get(callback).status()).isEqualTo(302);

        Browser thief = new Browser(server);
        Reply again = thief.get(callback);
        assertThat(again.status()).as("the same state a second time").isEqualTo(400);
        assertThat(again.json().get("code").asText()).isEqualTo("OIDC_STATE_INVALID");

        String code = query(callback).get("code");
        URI fresh = URI.create(thief.get("/auth/oidc/login").location());
        Reply replayed = thief.get("/auth/oidc/callback?code=" + enc(code) + "&state=" + enc(query(fresh).get("state")));
        assertThat(replayed.status()).isEqualTo(400);
        assertThat(replayed.json().get("code").asText()).isEqualTo("OIDC_CODE_REPLAYED");
        assertThat(thief.cookie("jobkit_session")).isNull();
    }

    @Test
    void idTokenWithAnotherSignInsNonce_isRefused() {
        Browser b = new Browser(server);
        nextUser("otto@example.com", List.of("jobkit-admin"));
        String authorize = b.get("/auth/oidc/login").location();
        String nonce = query(URI.create(authorize)).get("nonce");
        URI callback = approve(b, authorize.replace("nonce=" + enc(nonce), "nonce=someone-elses-nonce"));
        Reply refused = b.get(callback);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.json().get("code").asText()).isEqualTo("OIDC_NONCE_MISMATCH");
        assertThat(b.cookie("jobkit_session")).isNull();
    }

    @Test
    void loginReturnPath_mustStayOnThisServer() {
        Reply r = new Browser(server).get("/auth/oidc/login?return=" + enc("//evil.example/"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("code").asText()).isEqualTo("INVALID_RETURN");
    }

    @Test
    void tokenSignIn_setsTheCookie_badTokenIs401_andSignOutClearsIt() {
        Browser b = new Browser(server);
        Reply bad = b.call("POST", "/api/admin/session", Map.of(), "{\"token\":\"jk_not-a-real-token\"}");
        assertThat(bad.status()).isEqualTo(401);
        assertThat(bad.json().get("code").asText()).isEqualTo("TOKEN_INVALID");
        assertThat(bad.text()).doesNotContain("jk_not-a-real-token");
        assertThat(b.call("POST", "/api/admin/session", Map.of(), "{\"token\":1}").status()).isEqualTo(422);
        assertThat(b.call("POST", "/api/admin/session", Map.of(), "{\"token\":").status()).isEqualTo(400);
        Reply none = b.get("/api/admin/session");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.json().get("code").asText()).isEqualTo("NOT_SIGNED_IN");

        Reply in = b.call("POST", "/api/admin/session", Map.of(), "{\"token\":\"" + OPERATOR.token() + "\"}");
        assertThat(in.status()).isEqualTo(200);
        assertThat(in.json().get("principal").asText()).isEqualTo("otto-token");
        assertThat(in.json().get("role").asText()).isEqualTo("operator");
        assertThat(in.json().get("mode").asText()).isEqualTo("token");
        assertThat(in.setCookies()).anySatisfy(c -> assertThat(c).startsWith("jobkit_session=").contains("HttpOnly")
                .contains("SameSite=Strict").contains("Max-Age=28800"));
        assertThat(String.join("\n", in.setCookies())).doesNotContain(OPERATOR.token());
        JsonNode s = b.get("/api/admin/session").json();
        assertThat(s.get("csrfToken").asText()).isEqualTo(in.json().get("csrfToken").asText());
        assertThat(b.get("/api/admin/queues").status()).isEqualTo(200);
        assertAudited("POST /api/admin/session", "otto-token");

        assertThat(b.call("DELETE", "/api/admin/session", Map.of("X-Jobkit-Csrf", s.get("csrfToken").asText()), null).status())
                .isEqualTo(204);
        assertThat(b.cookie("jobkit_session")).isNull();
        assertThat(b.get("/api/admin/queues").status()).isEqualTo(401);
        assertNotLogged(OPERATOR.token(), cookieOf(in), s.get("csrfToken").asText());
    }

    @Test
    void session_expiresAfterItsTtl_andThenAnswersSessionExpired() {
        TestClock own = TestClock.startingNow();
        try (AdminServer s = console(own, Map.of("JOBKIT_ADMIN_SESSION_TTL", "30m"))) {
            Browser b = new Browser(s);
            Reply in = b.call("POST", "/api/admin/session", Map.of(), "{\"token\":\"" + OPERATOR.token() + "\"}");
            assertThat(Instant.parse(in.json().get("expiresAt").asText())).isAfter(own.instant().plus(Duration.ofMinutes(29)))
                    .isBefore(own.instant().plus(Duration.ofMinutes(31)));
            own.advance(Duration.ofMinutes(29));
            assertThat(b.get("/api/admin/session").status()).isEqualTo(200);
            own.advance(Duration.ofMinutes(2));
            Reply expired = b.get("/api/admin/session");
            assertThat(expired.status()).isEqualTo(401);
            assertThat(expired.json().get("code").asText()).isEqualTo("SESSION_EXPIRED");
            b.cookies.put("jobkit_session", cookieOf(in));
            Reply call = b.get("/api/admin/queues");
            assertThat(call.status()).isEqualTo(401);
            assertThat(call.json().get("code").asText()).isEqualTo("SESSION_EXPIRED");
        }
    }

    @Test
    void crossOriginStateChange_isRefused_whenCredentialsAreConfigured() {
        Reply r = new Browser(server).call("POST", "/api/admin/session", Map.of("Origin", "https://evil.example"),
                "{\"token\":\"" + OPERATOR.token() + "\"}");
        assertThat(r.status()).as("login CSRF").isEqualTo(403);
        assertThat(r.json().get("code").asText()).isEqualTo("CROSS_ORIGIN");
        String own = "http://127.0.0.1:" + server.port();
        assertThat(new Browser(server).call("POST", "/api/admin/session", Map.of("Origin", own),
                "{\"token\":\"" + OPERATOR.token() + "\"}").status()).isEqualTo(200);
    }

    @Test
    void loopbackMode_answersTheLoopbackSession_andRefusesCrossOriginStateChanges() {
        try (AdminServer open = AdminServer.builder().jobClient(client).dynamoDbClient(dynamo).port(0)
                .environment(Map.of()).start()) {
            Browser b = new Browser(open);
            JsonNode s = b.get("/api/admin/session").json();
            assertThat(s.get("principal").asText()).isEqualTo("loopback");
            assertThat(s.get("role").asText()).isEqualTo("admin");
            assertThat(s.get("mode").asText()).isEqualTo("loopback");
            assertThat(s.get("csrfToken").asText()).isNotBlank();
            assertThat(s.get("oidcEnabled").asBoolean()).isFalse();

            Reply evil = b.call("POST", "/api/admin/queues/normal/pause", Map.of("Origin", "https://evil.example"), "{}");
            assertThat(evil.status()).isEqualTo(403);
            assertThat(evil.json().get("code").asText()).isEqualTo("CROSS_ORIGIN");
            assertThat(controls().read("normal").paused()).isFalse();
            Reply otherPort = b.call("POST", "/api/admin/queues/normal/pause", Map.of("Origin", "http://127.0.0.1:1"), "{}");
            assertThat(otherPort.json().get("code").asText()).isEqualTo("CROSS_ORIGIN");

            String own = "http://127.0.0.1:" + open.port();
            assertThat(b.call("POST", "/api/admin/queues/normal/pause", Map.of("Origin", own), "{}").status()).isEqualTo(200);
            assertThat(controls().read("normal").paused()).isTrue();
            assertThat(b.call("POST", "/api/admin/queues/normal/resume", Map.of(), "{}").status())
                    .as("no Origin: not a browser's cross-site request").isEqualTo(200);
            assertThat(controls().read("normal").paused()).isFalse();
            assertThat(b.get("/auth/oidc/login").json().get("code").asText()).isEqualTo("OIDC_NOT_CONFIGURED");
        }
    }

    // ---- helpers ----

    private static Browser signIn(List<String> groups, String email) {
        Browser b = new Browser(server);
        nextUser(email, groups);
        Reply done = b.get(approve(b, b.get("/auth/oidc/login").location()));
        assertThat(done.status()).as(done.text()).isEqualTo(302);
        return b;
    }

    /** Follows the redirect to the OIDC server, which approves and redirects back; answers the callback address. */
    private static URI approve(Browser b, String authorize) {
        Reply r = b.get(URI.create(authorize));
        assertThat(r.status()).as(r.text()).isEqualTo(302);
        return URI.create(r.location());
    }

    private static QueueControls controls() {
        return new QueueControls(dynamo, client.topology().tableName(), Clock.systemUTC(), Duration.ZERO);
    }

    private static void assertAudited(String action, String principal) {
        Reply r = new Browser(server).call("GET", "/api/admin/audit?since=1h", Map.of("Authorization", "Bearer " + ADMIN.token()), null);
        assertThat(r.json().get("entries")).as("audit entries").anySatisfy(e -> {
            assertThat(e.get("action").asText()).isEqualTo(action);
            assertThat(e.get("principal").asText()).isEqualTo(principal);
        });
    }

    private static String cookieOf(Reply r) {
        for (String c : r.setCookies()) {
            if (c.startsWith("jobkit_session=")) return c.substring("jobkit_session=".length(), c.indexOf(';'));
        }
        throw new AssertionError("no session cookie in " + r.setCookies());
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> out = new LinkedHashMap<>();
        if (uri.getRawQuery() == null) return out;
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    record Reply(int status, String location, List<String> setCookies, String text) {
        JsonNode json() {
            try {
                return AdminHttp.JSON.readTree(text);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + text, e);
            }
        }
    }

    /** One browser: its cookies for the console (the OIDC server's are not needed), no automatic redirects. */
    static final class Browser {
        final Map<String, String> cookies = new LinkedHashMap<>();
        private final URI base;

        Browser(AdminServer server) {
            this.base = server.url();
        }

        String cookie(String name) {
            return cookies.get(name);
        }

        Reply get(String path) {
            return call("GET", base.resolve(path), Map.of(), null);
        }

        Reply get(URI uri) {
            return call("GET", uri, Map.of(), null);
        }

        Reply call(String method, String path, Map<String, String> headers, String body) {
            return call(method, base.resolve(path), headers, body);
        }

        Reply call(String method, URI uri, Map<String, String> headers, String body) {
            HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
            boolean ours = uri.getPort() == base.getPort();
            if (ours && !cookies.isEmpty()) {
                req.header("Cookie", String.join("; ", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
            }
            headers.forEach(req::header);
            if (body != null) req.header("Content-Type", "application/json");
            req.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            HttpResponse<String> r;
            try {
                r = HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            List<String> set = r.headers().allValues("Set-Cookie");
            if (ours) {
                for (String c : set) {
                    String pair = c.split(";", 2)[0];
                    String name = pair.substring(0, pair.indexOf('='));
                    String value = pair.substring(pair.indexOf('=') + 1);
                    if (value.isEmpty() || c.contains("Max-Age=0")) cookies.remove(name);
                    else cookies.put(name, value);
                }
            }
            return new Reply(r.statusCode(), r.headers().firstValue("Location").orElse(null), set, r.body());
        }
    }
}
