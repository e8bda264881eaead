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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
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

    private static JsonNode invoke(String event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        return JSON.readTree(out.toByteArray());
    }

    private static String event(String name) throws IOException {
        try (InputStream in = AdminLambdaHandlerIT.class.getResourceAsStream("/events/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
