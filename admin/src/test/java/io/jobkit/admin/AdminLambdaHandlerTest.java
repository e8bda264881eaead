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

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Lambda entry point on API Gateway HTTP API events (payload format 2.0, as AWS documents them, in
 * src/test/resources/events): the same routes, roles and error shapes as the JDK server. Calls that need no AWS
 * only; the SDK clients point at a closed port. The local module's AdminLambdaHandlerIT runs it against the local
 * cloud.
 */
class AdminLambdaHandlerTest {
    private static SqsClient sqs;
    private static DynamoDbClient dynamo;
    private static JobClient client;
    private static AdminLambdaHandler handler;

    @BeforeAll
    static void clients() throws Exception {
        URI nowhere = URI.create("http://127.0.0.1:9");
        sqs = SqsClient.builder().region(Region.US_EAST_1).credentialsProvider(AnonymousCredentialsProvider.create())
                .httpClient(UrlConnectionHttpClient.create()).endpointOverride(nowhere).build();
        dynamo = DynamoDbClient.builder().region(Region.US_EAST_1).credentialsProvider(AnonymousCredentialsProvider.create())
                .httpClient(UrlConnectionHttpClient.create()).endpointOverride(nowhere).build();
        client = JobClient.builder().sqsClient(sqs).dynamoDbClient(dynamo).build();
        String tokens = "vera=viewer:" + sha256("jk_viewer_token_for_tests") + ",ada=admin:" + sha256("jk_admin_token_for_tests");
        handler = new AdminLambdaHandler(AdminServer.builder().jobClient(client).dynamoDbClient(dynamo)
                .environment(Map.of(AdminTokens.VARIABLE, tokens)));
    }

    @AfterAll
    static void close() {
        sqs.close();
        dynamo.close();
    }

    @Test
    void healthz_answers200_asAnHttpApiResponse() throws IOException {
        JsonNode r = invoke(event("http-api-healthz.json"));
        assertThat(r.get("statusCode").asInt()).isEqualTo(200);
        assertThat(r.get("isBase64Encoded").asBoolean()).isFalse();
        assertThat(r.get("headers").get("Content-Type").asText()).startsWith("application/json");
        assertThat(Json.MAPPER.readTree(r.get("body").asText()).get("status").asText()).isEqualTo("ok");
    }

    @Test
    void bearerTokenInTheEventsHeaders_isCheckedByRole() throws IOException {
        JsonNode ok = invoke(event("http-api-openapi.json"));
        assertThat(ok.get("statusCode").asInt()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(ok.get("body").asText()).get("paths").has("/api/admin/queues/{queue}/pause")).isTrue();

        JsonNode none = invoke(event("http-api-openapi.json").replace("\"authorization\": \"Bearer jk_viewer_token_for_tests\",", ""));
        assertThat(none.get("statusCode").asInt()).isEqualTo(401);
        assertThat(none.get("headers").get("WWW-Authenticate").asText()).startsWith("Bearer");
        assertThat(Json.MAPPER.readTree(none.get("body").asText()).get("code").asText()).isEqualTo("UNAUTHENTICATED");

        // the viewer may not enqueue: 403 naming the role, before the body is read
        JsonNode viewer = invoke(event("http-api-enqueue-base64.json").replace("jk_admin_token_for_tests", "jk_viewer_token_for_tests"));
        assertThat(viewer.get("statusCode").asInt()).isEqualTo(403);
        assertThat(Json.MAPPER.readTree(viewer.get("body").asText()).get("error").asText()).contains("admin role");
    }

    @Test
    void base64Body_isDecoded_andAWrongFieldTypeIs422() throws IOException {
        JsonNode r = invoke(event("http-api-enqueue-base64.json"));
        assertThat(r.get("statusCode").asInt()).isEqualTo(422);
        JsonNode body = Json.MAPPER.readTree(r.get("body").asText());
        assertThat(body.get("code").asText()).isEqualTo("INVALID_FIELD");
        assertThat(body.get("error").asText()).contains("'type'");
    }

    @Test
    void wrongMethod_is405WithAllow_andUnknownRouteIs404() throws IOException {
        JsonNode r = invoke(event("http-api-healthz.json").replace("\"method\": \"GET\"", "\"method\": \"DELETE\""));
        assertThat(r.get("statusCode").asInt()).isEqualTo(405);
        assertThat(r.get("headers").get("Allow").asText()).isEqualTo("GET");
        JsonNode missing = invoke(event("http-api-healthz.json").replace("\"rawPath\": \"/healthz\"", "\"rawPath\": \"/api/admin/nope\""));
        assertThat(missing.get("statusCode").asInt()).isEqualTo(404);
        assertThat(Json.MAPPER.readTree(missing.get("body").asText()).get("code").asText()).isEqualTo("ROUTE_NOT_FOUND");
    }

    @Test
    void pages_areServedAsText() throws IOException {
        JsonNode r = invoke(event("http-api-healthz.json").replace("\"rawPath\": \"/healthz\"", "\"rawPath\": \"/\""));
        assertThat(r.get("statusCode").asInt()).isEqualTo(200);
        assertThat(r.get("headers").get("Content-Type").asText()).startsWith("text/html");
        assertThat(r.get("body").asText()).contains("bearer token");
    }

    @Test
    void aPayloadFormat1Event_isRefusedNamingTheSetting() {
        assertThatThrownBy(() -> invoke(event("http-api-healthz.json").replace("\"version\": \"2.0\"", "\"version\": \"1.0\"")))
                .hasMessageContaining("payload format 2.0");
    }

    @Test
    void noCredentials_isRefused_becauseTheEndpointIsPublic() {
        assertThatThrownBy(() -> new AdminLambdaHandler(AdminServer.builder().jobClient(client).dynamoDbClient(dynamo)
                .environment(Map.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("JOBKIT_ADMIN_OIDC_ISSUER").hasMessageContaining("JOBKIT_ADMIN_TOKENS");
    }

    private static JsonNode invoke(String event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        return Json.MAPPER.readTree(out.toByteArray());
    }

    static String event(String name) throws IOException {
        try (InputStream in = AdminLambdaHandlerTest.class.getResourceAsStream("/events/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String sha256(String token) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    }
}
