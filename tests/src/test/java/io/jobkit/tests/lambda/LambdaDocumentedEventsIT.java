package io.jobkit.tests.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import io.jobkit.client.Job;
import io.jobkit.client.JobClient;
import io.jobkit.client.JobStatus;
import io.jobkit.client.topology.QueueDef;
import io.jobkit.handlers.JobHandlers;
import io.jobkit.handlers.lambda.JobLambdaHandler;
import io.jobkit.handlers.lambda.LambdaOptions;
import io.jobkit.tests.support.LocalCloudExtension;
import io.jobkit.tests.support.TestCloud;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SQS events exactly as the Lambda developer guide shows them ({@code src/test/resources/events}), loaded with
 * aws-lambda-java-tests the way the Lambda runtime deserialises them. Their queue {@code my-queue} is this test's
 * queue {@code queue} under the prefix {@code my}.
 */
@ExtendWith(LocalCloudExtension.class)
class LambdaDocumentedEventsIT {
    private TestCloud cloud;
    private JobClient client;
    private final JobHandlers handlers = JobHandlers.builder()
            .handler("greet", Map.class, (p, ctx) -> Map.of("greeting", "hello " + p.get("name"))).build();

    @BeforeEach
    void setUp(TestCloud base) {
        cloud = base.fresh(b -> b.prefix("my").queue(new QueueDef("queue", false, Optional.empty(), null)));
        client = cloud.client();
    }

    private SQSBatchResponse handle(SQSEvent event) {
        try (JobLambdaHandler lambda = new JobLambdaHandler(client, handlers, LambdaOptions.defaults())) {
            return lambda.handleRequest(event, new TestLambdaContext(Duration.ofSeconds(30)));
        }
    }

    @Test
    void theDocumentedStandardEvent_isRead_andItsPlainTextBodiesAreDeadLetteredWithAReason() {
        SQSEvent event = EventLoader.loadSQSEvent("events/sqs-standard-event.json");
        assertThat(event.getRecords()).hasSize(2);

        assertThat(handle(event).getBatchItemFailures()).as("dead-lettered records are done, not failures").isEmpty();

        List<Message> dead = cloud.drain(cloud.dlqUrl("queue"));
        assertThat(dead).hasSize(2).allSatisfy(m -> {
            assertThat(m.body()).isEqualTo("Test message.");
            assertThat(m.messageAttributes().get("jobkit-dlq-reason").stringValue()).startsWith("message body is not valid JSON");
            assertThat(m.messageAttributes().get("jobkit-dlq-source").stringValue()).isEqualTo("queue");
        });
    }

    @Test
    void aDocumentedRecordCarryingAnEnvelope_runsItsJob() {
        SQSEvent event = EventLoader.loadSQSEvent("events/sqs-standard-event.json");
        SQSEvent.SQSMessage record = event.getRecords().get(0);
        record.setBody("{\"v\":1,\"id\":\"documented-1\",\"type\":\"greet\",\"payload\":{\"name\":\"Ada\"}}");
        event.setRecords(List.of(record));

        assertThat(handle(event).getBatchItemFailures()).isEmpty();

        Job job = client.get("documented-1").orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(job.queue()).isEqualTo("queue");
        assertThat(job.result().get("greeting").asText()).isEqualTo("hello Ada");
    }

    @Test
    void theDocumentedFifoEvent_fromAQueueOutsideTheTopology_isReportedAsAFailure() {
        SQSEvent event = EventLoader.loadSQSEvent("events/sqs-fifo-event.json");
        assertThat(event.getRecords().get(0).getAttributes()).containsEntry("MessageGroupId", "1");

        assertThat(handle(event).getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("11d6ee51-4cc7-4302-9e22-7cd8afdaadf5");
        assertThat(cloud.depth(cloud.dlqUrl("queue"))).isZero();
    }
}
