package io.jobkit.local.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobkit.admin.AdminLambdaHandler;
import io.jobkit.admin.AdminServer;
import io.jobkit.client.JobClient;
import io.jobkit.client.audit.AuditEntry;
import io.jobkit.client.audit.AuditLog;
import io.jobkit.client.control.QueueControls;
import io.jobkit.local.LocalCloud;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin console's Lambda entry point against the local cloud: API Gateway HTTP API events (payload 2.0, in
 * src/test/resources/events) go through the same routes as the JDK server and change real DynamoDB items.
 */
class AdminLambdaHandlerIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalCloud cloud;
    private static JobClient client;
    private static DynamoDbClient dynamo;
    private static AdminLambdaHandler handler;

    @BeforeAll
    static void start() throws Exception {
        cloud = LocalCloud.builder().sqsPort(0).dynamoDbPort(0).schedulerPort(0).lambdaPort(0).start();
        client = JobClient.fromEnvironment(cloud.clientEnvironment());
        dynamo = cloud.dynamoDbClient();
        Map<String, String> env = new HashMap<>(cloud.clientEnvironment());
        env.put("JOBKIT_ADMIN_TOKENS", "otto=operator:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest("jk_operator_token_for_tests".getBytes(StandardCharsets.UTF_8))));
        handler = new AdminLambdaHandler(AdminServer.builder().jobClient(client).dynamoDbClient(dynamo).environment(env));
    }

    @AfterAll
    static void stop() {
        if (dynamo != null) dynamo.close();
        if (client != null) client.close();
        if (cloud != null) cloud.close();
    }

    @Test
    void pauseEvent_writesTheControlItem_andTheAuditEntryNamesTheCaller() throws IOException {
        JsonNode r = invoke(event("http-api-queue-pause.json"));
        assertThat(r.get("statusCode").asInt()).as(r.toString()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.get("body").asText());
        assertThat(body.get("paused").asBoolean()).isTrue();
        assertThat(body.get("changedBy").asText()).isEqualTo("otto");
        assertThat(new QueueControls(dynamo, client.topology().tableName(), Clock.systemUTC()).read("low").paused()).isTrue();
        List<AuditEntry> audit = new AuditLog(dynamo, client.topology().tableName(), Clock.systemUTC())
                .since(Clock.systemUTC().instant().minusSeconds(60), 10).entries();
        assertThat(audit).anySatisfy(e -> {
            assertThat(e.principal()).isEqualTo("otto");
            assertThat(e.target()).isEqualTo("/api/admin/queues/low/pause");
            assertThat(e.status()).isEqualTo(200);
        });
        JsonNode resumed = invoke(event("http-api-queue-pause.json").replace("/low/pause", "/low/resume"));
        assertThat(resumed.get("statusCode").asInt()).isEqualTo(200);
        assertThat(new QueueControls(dynamo, client.topology().tableName(), Clock.systemUTC()).read("low").paused()).isFalse();
    }

    @Test
    void listEvent_passesTheRawQueryString_andAnswersTheSameJsonAsTheCli() throws IOException {
        String id = client.enqueue("demo.noop", Map.of("n", 1));
        JsonNode r = invoke(event("http-api-list-jobs.json"));
        assertThat(r.get("statusCode").asInt()).as(r.toString()).isEqualTo(200);
        JsonNode jobs = JSON.readTree(r.get("body").asText()).get("jobs");
        assertThat(jobs).anySatisfy(j -> assertThat(j.get("id").asText()).isEqualTo(id));
        assertThat(jobs).allSatisfy(j -> assertThat(j.get("status").asText()).isEqualTo("QUEUED"));

        JsonNode bad = invoke(event("http-api-list-jobs.json").replace("status=QUEUED&", "status=NOPE&"));
        assertThat(bad.get("statusCode").asInt()).isBetween(400, 422);
        assertThat(JSON.readTree(bad.get("body").asText()).get("code").asText()).isNotBlank();
    }

    /**
     * A browser sign-in through HTTP API v2 events, cookies in the events' {@code cookies} arrays, against a real OIDC
     * server: it starts in one execution environment and finishes in another (two handlers sharing only the session
     * key and the table), as a scaled-out function does.
     */
    @Test
    void oidcSignIn_roundTripThroughHttpApiEvents_startsInOneEnvironmentAndFinishesInAnother() throws Exception {
        MockOAuth2Server oauth = new MockOAuth2Server();
        oauth.start(java.net.InetAddress.getLoopbackAddress(), 0);
        try {
            Map<String, String> env = new HashMap<>(cloud.clientEnvironment());
            env.put("JOBKIT_ADMIN_OIDC_ISSUER", oauth.issuerUrl("cognito").toString());
            env.put("JOBKIT_ADMIN_OIDC_CLIENT_ID", "console-client");
            env.put("JOBKIT_ADMIN_OIDC_ROLES_CLAIM", "cognito:groups");
            env.put("JOBKIT_ADMIN_SESSION_KEY", "the-session-key-both-environments-share-0123");
            AdminLambdaHandler first = new AdminLambdaHandler(AdminServer.builder().jobClient(client).dynamoDbClient(dynamo).environment(env));
            AdminLambdaHandler second = new AdminLambdaHandler(AdminServer.builder().jobClient(client).dynamoDbClient(dynamo).environment(env));
            oauth.enqueueCallback(new DefaultOAuth2TokenCallback("cognito", "ops@example.com", "JWT", List.of("console-client"),
                    Map.of("cognito:groups", List.of("jobkit-operator"), "email", "ops@example.com"), 3600));

            JsonNode login = invoke(first, browserEvent("GET", "/auth/oidc/login", "return=%2Fqueues", List.of()));
            assertThat(login.get("statusCode").asInt()).as(login.toString()).isEqualTo(302);
            String oidcCookie = cookie(login, "jobkit_oidc");
            assertThat(login.get("cookies").get(0).asText()).contains("Secure").contains("SameSite=Lax").contains("HttpOnly");
            String authorize = login.get("headers").get("Location").asText();
            assertThat(authorize).contains("redirect_uri=" + java.net.URLEncoder.encode("https://console.example.com/auth/oidc/callback", StandardCharsets.UTF_8));

            HttpResponse<String> approved = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()
                    .send(HttpRequest.newBuilder(URI.create(authorize)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(approved.statusCode()).isEqualTo(302);
            URI callback = URI.create(approved.headers().firstValue("Location").orElseThrow());
            assertThat(callback.getHost()).isEqualTo("console.example.com");

            JsonNode done = invoke(second, browserEvent("GET", "/auth/oidc/callback", callback.getRawQuery(),
                    List.of("jobkit_oidc=" + oidcCookie)));
            assertThat(done.get("statusCode").asInt()).as(done.toString()).isEqualTo(302);
            assertThat(done.get("headers").get("Location").asText()).isEqualTo("/queues");
            String session = cookie(done, "jobkit_session");

            JsonNode who = invoke(first, browserEvent("GET", "/api/admin/session", "", List.of("jobkit_session=" + session)));
            assertThat(who.get("statusCode").asInt()).as(who.toString()).isEqualTo(200);
            JsonNode body = JSON.readTree(who.get("body").asText());
            assertThat(body.get("principal").asText()).isEqualTo("ops@example.com");
            assertThat(body.get("role").asText()).isEqualTo("operator");

            JsonNode replay = invoke(first, browserEvent("GET", "/auth/oidc/callback", callback.getRawQuery(),
                    List.of("jobkit_oidc=" + oidcCookie)));
            assertThat(replay.get("statusCode").asInt()).isEqualTo(400);
            assertThat(JSON.readTree(replay.get("body").asText()).get("code").asText()).isEqualTo("OIDC_STATE_INVALID");

            JsonNode out = invoke(second, browserEvent("DELETE", "/api/admin/session", "", List.of("jobkit_session=" + session),
                    Map.of("x-jobkit-csrf", body.get("csrfToken").asText(), "origin", "https://console.example.com")));
            assertThat(out.get("statusCode").asInt()).as(out.toString()).isEqualTo(204);
            // a third environment (a cold start after the sign-out) reads the revocation from the table
            AdminLambdaHandler third = new AdminLambdaHandler(AdminServer.builder().jobClient(client).dynamoDbClient(dynamo).environment(env));
            JsonNode after = invoke(third, browserEvent("GET", "/api/admin/queues", "", List.of("jobkit_session=" + session)));
            assertThat(after.get("statusCode").asInt()).as(after.toString()).isEqualTo(401);
        } finally {
            oauth.shutdown();
        }
    }

    private static String cookie(JsonNode response, String name) {
        for (JsonNode c : response.path("cookies")) {
            String v = c.asText();
            if (v.startsWith(name + "=")) return v.substring(name.length() + 1, v.indexOf(';'));
        }
        throw new AssertionError("no " + name + " cookie in " + response);
    }

    private static String browserEvent(String method, String path, String rawQuery, List<String> cookies) throws IOException {
        return browserEvent(method, path, rawQuery, cookies, Map.of());
    }

    /** An HTTP API v2 event as API Gateway sends a browser's request (cookies in their own array). */
    private static String browserEvent(String method, String path, String rawQuery, List<String> cookies,
                                       Map<String, String> extraHeaders) throws IOException {
        var e = JSON.createObjectNode();
        e.put("version", "2.0");
        e.put("routeKey", "$default");
        e.put("rawPath", path);
        e.put("rawQueryString", rawQuery);
        if (!cookies.isEmpty()) {
            var c = e.putArray("cookies");
            cookies.forEach(c::add);
        }
        var h = e.putObject("headers");
        h.put("host", "console.example.com");
        h.put("x-forwarded-proto", "https");
        h.put("user-agent", "Mozilla/5.0");
        extraHeaders.forEach(h::put);
        var rc = e.putObject("requestContext");
        rc.put("domainName", "console.example.com");
        rc.putObject("http").put("method", method).put("path", path).put("protocol", "HTTP/1.1").put("sourceIp", "203.0.113.9");
        e.put("isBase64Encoded", false);
        return JSON.writeValueAsString(e);
    }

    private static JsonNode invoke(AdminLambdaHandler h, String event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        h.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        return JSON.readTree(out.toByteArray());
    }

    private static JsonNode invoke(String event) throws IOException {
        return invoke(handler, event);
    }

    private static String event(String name) throws IOException {
        try (InputStream in = AdminLambdaHandlerIT.class.getResourceAsStream("/events/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
