package io.jobkit.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobkit.admin.AdminServer;
import io.jobkit.client.Job;
import io.jobkit.client.JobClient;
import io.jobkit.client.JobStatus;
import io.jobkit.client.audit.AuditEntry;
import io.jobkit.client.audit.AuditLog;
import io.jobkit.client.control.QueueControls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.EventSourceMappingConfiguration;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.UpdateEventSourceMappingResponse;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Queue pause as on AWS: the admin API disables the queue's Lambda event source mapping through the real SDK
 * {@code LambdaClient}, here against the local Lambda API, and the local event source stops invoking; resume enables
 * it again and the work runs.
 */
class LambdaEventSourcePauseIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalCloud cloud;
    private static JobClient client;
    private static DynamoDbClient dynamo;
    private static LambdaClient lambda;
    private static LocalLambda function;

    @BeforeAll
    static void start() {
        cloud = LocalCloud.builder().sqsPort(0).dynamoDbPort(0).schedulerPort(0).lambdaPort(0).start();
        client = JobClient.fromEnvironment(cloud.clientEnvironment());
        dynamo = cloud.dynamoDbClient();
        lambda = LambdaClient.builder().endpointOverride(cloud.lambdaEndpoint()).region(cloud.region())
                .credentialsProvider(cloud.credentialsProvider()).build();
        function = new LocalLambda(cloud, 1, false, null);
    }

    @AfterAll
    static void stop() {
        if (function != null) function.close();
        if (lambda != null) lambda.close();
        if (dynamo != null) dynamo.close();
        if (client != null) client.close();
        if (cloud != null) cloud.close();
    }

    @Test
    void pauseThroughTheAdminApi_disablesTheQueuesMapping_andResumeEnablesIt() throws Exception {
        EventSourceMappingConfiguration mapping = mappingOf("high");
        assertThat(mapping.state()).isEqualTo("Enabled");
        assertThat(mapping.functionArn()).endsWith(":function:jobkit-worker");
        assertThat(cloud.clientEnvironment()).containsEntry(AdminServer.PAUSE_LAMBDA_VARIABLE, "true");

        try (AdminServer admin = AdminServer.builder().jobClient(client).dynamoDbClient(dynamo)
                .environment(cloud.clientEnvironment()).port(0).start()) {
            HttpResponse<String> paused = post(admin, "/api/admin/queues/high/pause");
            assertThat(paused.statusCode()).as(paused.body()).isEqualTo(200);
            assertThat(lambda.getEventSourceMapping(r -> r.uuid(mapping.uuid())).state()).isEqualTo("Disabled");
            assertThat(mappingOf("normal").state()).as("other queues' mappings are untouched").isEqualTo("Enabled");
            List<AuditEntry> audit = new AuditLog(dynamo, client.topology().tableName(), Clock.systemUTC())
                    .since(Clock.systemUTC().instant().minusSeconds(60), 10).entries();
            assertThat(audit).anySatisfy(e -> assertThat(e.outcome()).isEqualTo("disabled event source mappings ["
                    + mapping.uuid() + "]"));

            String id = client.enqueue("demo.noop", Map.of(), o -> o.queue("high"));
            // the poller looks at its switch about once a second; 4 s is several looks
            await().pollDelay(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(5)).until(() -> true);
            assertThat(client.get(id).orElseThrow().status()).as("not invoked while disabled").isEqualTo(JobStatus.QUEUED);

            HttpResponse<String> resumed = post(admin, "/api/admin/queues/high/resume");
            assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
            assertThat(JSON.readTree(resumed.body()).get("paused").asBoolean()).isFalse();
            assertThat(lambda.getEventSourceMapping(r -> r.uuid(mapping.uuid())).state()).isEqualTo("Enabled");
            await().atMost(Duration.ofSeconds(30)).until(() -> client.get(id).map(Job::status).orElse(null) == JobStatus.SUCCEEDED);
        }
    }

    @Test
    void disabledMapping_stopsInvoking_evenWithTheQueueNotPaused() {
        EventSourceMappingConfiguration mapping = mappingOf("low");
        UpdateEventSourceMappingResponse off = lambda.updateEventSourceMapping(r -> r.uuid(mapping.uuid()).enabled(false));
        assertThat(off.state()).isEqualTo("Disabling");
        assertThat(lambda.getEventSourceMapping(r -> r.uuid(mapping.uuid())).state()).isEqualTo("Disabled");
        assertThat(new QueueControls(dynamo, client.topology().tableName(), Clock.systemUTC()).read("low").paused()).isFalse();

        String id = client.enqueue("demo.noop", Map.of(), o -> o.queue("low"));
        await().pollDelay(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(client.get(id).orElseThrow().status()).as("not invoked while disabled").isEqualTo(JobStatus.QUEUED);

        lambda.updateEventSourceMapping(r -> r.uuid(mapping.uuid()).enabled(true));
        await().atMost(Duration.ofSeconds(30)).until(() -> client.get(id).map(Job::status).orElse(null) == JobStatus.SUCCEEDED);
    }

    @Test
    void unknownMapping_isResourceNotFound_andOtherSettingsAreRefused() {
        assertThatThrownBy(() -> lambda.getEventSourceMapping(r -> r.uuid("no-such-uuid")))
                .isInstanceOf(ResourceNotFoundException.class);
        String uuid = mappingOf("critical").uuid();
        assertThatThrownBy(() -> lambda.updateEventSourceMapping(r -> r.uuid(uuid).batchSize(5)))
                .hasMessageContaining("changes only Enabled");
        assertThat(lambda.listEventSourceMappings(r -> r.eventSourceArn("arn:aws:sqs:us-east-1:000000000000:nope"))
                .eventSourceMappings()).isEmpty();
    }

    private static EventSourceMappingConfiguration mappingOf(String queue) {
        List<EventSourceMappingConfiguration> found = lambda.listEventSourceMappings(r -> r.eventSourceArn(
                client.queueArn(queue))).eventSourceMappings();
        assertThat(found).as("mappings of " + queue).hasSize(1);
        return found.get(0);
    }

    private static HttpResponse<String> post(AdminServer admin, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(admin.url().resolve(path))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
