package io.jobkit.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobkit.client.JobClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The server without AWS: binding rules, the OpenAPI document against the route table, and the calls that need no
 * AWS (health, the document, routing errors). The SDK clients point at a closed port and are never called here.
 */
class AdminServerTest {
    private static final Path CHECKED_IN = Path.of("..", "docs", "admin-openapi.json");
    private static SqsClient sqs;
    private static DynamoDbClient dynamo;
    private static JobClient client;

    @BeforeAll
    static void clients() {
        URI nowhere = URI.create("http://127.0.0.1:9");
        sqs = SqsClient.builder().region(Region.US_EAST_1).credentialsProvider(AnonymousCredentialsProvider.create())
                .httpClient(UrlConnectionHttpClient.create()).endpointOverride(nowhere).build();
        dynamo = DynamoDbClient.builder().region(Region.US_EAST_1).credentialsProvider(AnonymousCredentialsProvider.create())
                .httpClient(UrlConnectionHttpClient.create()).endpointOverride(nowhere).build();
        client = JobClient.builder().sqsClient(sqs).dynamoDbClient(dynamo).build();
    }

    @AfterAll
    static void close() {
        sqs.close();
        dynamo.close();
    }

    @Test
    void start_onAPublicAddressWithoutCredentials_isRefused_namingTheVariables() {
        assertThatThrownBy(() -> AdminServer.builder().jobClient(client).dynamoDbClient(dynamo).environment(Map.of())
                .bind("0.0.0.0").port(0).start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("JOBKIT_ADMIN_TOKENS").hasMessageContaining("JOBKIT_ADMIN_OIDC_ISSUER");
    }

    @Test
    void start_withMalformedTokens_isRefused_withoutEchoingThem() {
        assertThatThrownBy(() -> AdminServer.builder().jobClient(client).dynamoDbClient(dynamo)
                .environment(Map.of(AdminTokens.VARIABLE, "admin:secret-in-clear")).port(0).start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("entry 1").hasMessageNotContaining("secret-in-clear");
    }

    @Test
    void start_withAPublicBindAndTokens_listens() {
        AdminTokens.Issued t = AdminTokens.issue(Role.VIEWER, null);
        try (AdminServer s = AdminServer.builder().jobClient(client).dynamoDbClient(dynamo)
                .environment(Map.of(AdminTokens.VARIABLE, t.entry())).bind("0.0.0.0").port(0).start()) {
            assertThat(s.loopbackOpen()).isFalse();
            assertThat(get(URI.create("http://127.0.0.1:" + s.port() + "/api/admin/openapi.json"), null).statusCode()).isEqualTo(401);
            assertThat(get(URI.create("http://127.0.0.1:" + s.port() + "/api/admin/openapi.json"), t.token()).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void pages_serveTheDashboardAndTheUPlotWebJar_fromTheClasspath_andRefuseEscapes() throws Exception {
        try (AdminServer s = open()) {
            HttpResponse<String> chart = get(s.url().resolve("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js"), null);
            assertThat(chart.statusCode()).isEqualTo(200);
            assertThat(chart.headers().firstValue("Content-Type")).hasValue("text/javascript");
            assertThat(chart.body()).contains("uPlot");
            assertThat(get(s.url().resolve("/webjars/uplot/1.6.30/dist/uPlot.min.css"), null).statusCode()).isEqualTo(200);
            HttpResponse<String> app = get(s.url().resolve("/js/app.js"), null);
            assertThat(app.statusCode()).isEqualTo(200);
            assertThat(app.body()).contains("/api/admin/session");
            assertThat(get(s.url().resolve("/"), null).body()).contains("/js/app.js").doesNotContain("https://");
            assertThat(get(s.url().resolve("/webjars/../io/jobkit/admin/web/index.html"), null).statusCode()).isEqualTo(404);
            assertThat(get(s.url().resolve("/webjars/uplot/9.9.9/nothing.js"), null).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void loopbackMode_servesEveryCallerAsAdmin_andThePageSaysSo() throws Exception {
        try (AdminServer s = open()) {
            assertThat(s.loopbackOpen()).isTrue();
            assertThat(s.url().getHost()).isEqualTo("127.0.0.1");
            HttpResponse<String> doc = get(s.url().resolve("/api/admin/openapi.json"), null);
            assertThat(doc.statusCode()).isEqualTo(200);
            assertThat(get(s.url().resolve("/"), null).body()).contains("every caller is admin");
            assertThat(get(s.url().resolve("/healthz"), null).body()).isEqualTo("{\"status\":\"ok\"}");
        }
    }

    @Test
    void openApi_listsEveryRouteOnce_withItsLeastRole_andTheCheckedInCopyIsCurrent() throws Exception {
        try (AdminServer s = open()) {
            JsonNode doc = Json.MAPPER.readTree(s.openApiJson());
            List<String> documented = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = doc.get("paths").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> p = it.next();
                p.getValue().fieldNames().forEachRemaining(m -> documented.add(m.toUpperCase() + " " + p.getKey()));
            }
            assertThat(documented).doesNotHaveDuplicates().contains(
                    "GET /api/admin/jobs", "POST /api/admin/jobs", "GET /api/admin/jobs/{id}", "GET /api/admin/jobs/{id}/logs",
                    "DELETE /api/admin/jobs/{id}", "POST /api/admin/jobs/{id}/retry", "POST /api/admin/jobs/bulk",
                    "GET /api/admin/stats", "GET /api/jobs/metrics/overview", "GET /api/admin/queues",
                    "POST /api/admin/queues/{queue}/pause", "POST /api/admin/queues/{queue}/resume",
                    "GET /api/admin/queues/{queue}/dlq", "POST /api/admin/queues/{queue}/dlq/redrive",
                    "DELETE /api/admin/queues/{queue}/dlq", "GET /api/admin/schedules", "GET /api/admin/schedules/{name}",
                    "POST /api/admin/schedules/{name}/pause", "POST /api/admin/schedules/{name}/resume",
                    "POST /api/admin/schedules/{name}/trigger", "PUT /api/admin/schedules/{name}",
                    "DELETE /api/admin/schedules/{name}", "GET /api/admin/workers", "POST /api/admin/workers/cleanup",
                    "GET /api/admin/audit", "GET /healthz", "GET /api/admin/openapi.json",
                    "GET /api/admin/session", "POST /api/admin/session", "DELETE /api/admin/session",
                    "GET /auth/oidc/login", "GET /auth/oidc/callback",
                    "GET /api/admin/batches/{id}", "GET /api/admin/batches/{id}/members", "DELETE /api/admin/batches/{id}",
                    "GET /api/admin/chains/{id}", "DELETE /api/admin/chains/{id}", "GET /api/admin/jobs/{id}/workflow");
            assertThat(doc.get("paths").at("/~1api~1admin~1batches~1{id}/delete/x-jobkit-role").asText()).isEqualTo("operator");
            JsonNode paths = doc.get("paths");
            assertThat(paths.at("/~1api~1admin~1jobs/post/x-jobkit-role").asText()).isEqualTo("admin");
            assertThat(paths.at("/~1api~1admin~1jobs~1{id}/delete/x-jobkit-role").asText()).isEqualTo("operator");
            assertThat(paths.at("/~1api~1admin~1audit/get/x-jobkit-role").asText()).isEqualTo("admin");
            assertThat(paths.at("/~1healthz/get/x-jobkit-role").isMissingNode()).isTrue();
            assertThat(paths.at("/~1api~1admin~1session/post/x-jobkit-role").isMissingNode()).as("sign-in needs no role").isTrue();
            assertThat(paths.at("/~1auth~1oidc~1login/get/x-jobkit-role").isMissingNode()).isTrue();
            assertThat(paths.at("/~1auth~1oidc~1login/get/responses/302").isMissingNode()).isFalse();
            // every documented route is routed: none answers ROUTE_NOT_FOUND or 405 (AWS is not called for these)
            for (String route : documented) {
                String[] mp = route.split(" ", 2);
                if (!mp[0].equals("GET") || mp[1].contains("{") || mp[1].contains("queues") || mp[1].contains("jobs")
                        || mp[1].contains("schedules") || mp[1].contains("workers") || mp[1].contains("stats")
                        || mp[1].contains("audit") || mp[1].contains("metrics")) continue;
                HttpResponse<String> r = get(s.url().resolve(mp[1]), null);
                if (mp[1].startsWith("/auth/oidc/")) {
                    // routed, but this server has no OIDC issuer configured
                    assertThat(r.statusCode()).as(route).isEqualTo(404);
                    assertThat(r.body()).as(route).contains("OIDC_NOT_CONFIGURED");
                    continue;
                }
                assertThat(r.statusCode()).as(route).isEqualTo(200);
            }
            if (Boolean.getBoolean("jobkit.admin.writeOpenApi")) {
                Files.writeString(CHECKED_IN, s.openApiJson() + "\n", StandardCharsets.UTF_8);
            }
            assertThat(Files.readString(CHECKED_IN, StandardCharsets.UTF_8).trim())
                    .as("docs/admin-openapi.json is current; regenerate with -Djobkit.admin.writeOpenApi=true")
                    .isEqualTo(s.openApiJson().trim());
        }
    }

    @Test
    void routing_unknownPathIs404_wrongMethodIs405WithAllow() {
        try (AdminServer s = open()) {
            HttpResponse<String> missing = get(s.url().resolve("/api/admin/nope"), null);
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.body()).contains("\"code\":\"ROUTE_NOT_FOUND\"");
            HttpResponse<String> wrong = send(HttpRequest.newBuilder(s.url().resolve("/api/admin/workers/cleanup")).GET().build());
            assertThat(wrong.statusCode()).isEqualTo(405);
            assertThat(wrong.headers().firstValue("Allow")).hasValue("POST");
        }
    }

    @Test
    void roles_includeTheOnesBelow() {
        assertThat(Role.ADMIN.includes(Role.OPERATOR)).isTrue();
        assertThat(Role.OPERATOR.includes(Role.VIEWER)).isTrue();
        assertThat(Role.OPERATOR.includes(Role.ADMIN)).isFalse();
        assertThat(Role.VIEWER.includes(Role.OPERATOR)).isFalse();
    }

    private static AdminServer open() {
        return AdminServer.builder().jobClient(client).dynamoDbClient(dynamo).environment(Map.of()).port(0).start();
    }

    private static HttpResponse<String> get(URI uri, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).GET();
        if (token != null) b.header("Authorization", "Bearer " + token);
        return send(b.build());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
