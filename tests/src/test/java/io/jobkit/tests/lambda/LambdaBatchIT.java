package io.jobkit.tests.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.jobkit.client.Backoff;
import io.jobkit.client.Job;
import io.jobkit.client.JobClient;
import io.jobkit.client.JobStatus;
import io.jobkit.client.topology.QueueDef;
import io.jobkit.handlers.JobHandlers;
import io.jobkit.handlers.RetryJobException;
import io.jobkit.handlers.lambda.JobLambdaHandler;
import io.jobkit.handlers.lambda.LambdaOptions;
import io.jobkit.local.lambda.EventSourceOptions;
import io.jobkit.local.lambda.FunctionSettings;
import io.jobkit.local.lambda.LocalEventSource;
import io.jobkit.local.lambda.LocalFunction;
import io.jobkit.tests.support.LocalCloudExtension;
import io.jobkit.tests.support.TestCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The entrypoint called directly with batches received from the local SQS, to check exactly which records it
 * reports as {@code batchItemFailures}, and what it does to their visibility.
 */
@ExtendWith(LocalCloudExtension.class)
class LambdaBatchIT {
    private static final Function<Message, String> BY_JOB_ID = m -> m.messageAttributes().containsKey("jobkit-id")
            ? m.messageAttributes().get("jobkit-id").stringValue() : "~" + m.messageId();

    @Test
    void mixedBatch_reportsExactlyTheRetry_whilePoisonAndExhaustedRecordsGoToTheDlq(TestCloud cloud) {
        JobClient client = cloud.client();
        String ok1 = client.enqueue("noop", Map.of());
        String retry = client.enqueue("flaky", Map.of(), o -> o.maxAttempts(3).backoff(Backoff.fixed(Duration.ofSeconds(3))));
        String exhausted = client.enqueue("flaky", Map.of(), o -> o.maxAttempts(1));
        String ok2 = client.enqueue("noop", Map.of());
        cloud.sqs().sendMessage(r -> r.queueUrl(cloud.queueUrl("normal")).messageBody("{\"v\":1,\"type\":"));
        JobHandlers handlers = JobHandlers.builder()
                .handler("noop", Map.class, (p, ctx) -> null)
                .handler("flaky", Map.class, (p, ctx) -> {
                    throw new IllegalStateException("downstream busy");
                }).build();
        SQSEvent batch = Batches.receive(cloud, "normal", 5, BY_JOB_ID);

        SQSBatchResponse response;
        try (JobLambdaHandler lambda = new JobLambdaHandler(client, handlers, LambdaOptions.defaults())) {
            response = lambda.handleRequest(batch, new TestLambdaContext(Duration.ofSeconds(60)));
        }

        assertThat(Batches.failures(response)).containsExactly(idOfJob(batch, retry));
        assertThat(status(client, ok1)).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(status(client, ok2)).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(status(client, retry)).isEqualTo(JobStatus.RETRYING);
        assertThat(status(client, exhausted)).isEqualTo(JobStatus.FAILED);
        await().atMost(Duration.ofSeconds(5)).until(() -> cloud.depth(cloud.dlqUrl("normal")) == 2);
        Duration back = Batches.untilVisible(cloud, "normal", Duration.ofSeconds(15));
        assertThat(back).as("the retry comes back after its 3 s backoff, not the queue's 60 s visibility timeout")
                .isNotNull().isBetween(Duration.ofMillis(1500), Duration.ofSeconds(8));
    }

    @Test
    void aRecordThatCannotFinishInTime_isReleasedBeforeTheFunctionTimesOut_andTheRestOfTheBatchSucceeds(TestCloud cloud) {
        JobClient client = cloud.client();
        String slow = client.enqueue("slow", Map.of(), o -> o.maxAttempts(3).backoff(Backoff.fixed(Duration.ofSeconds(2))));
        String quick = client.enqueue("quick", Map.of());
        JobHandlers handlers = JobHandlers.builder()
                .handler("slow", Map.class, (p, ctx) -> {
                    Thread.sleep(60_000);
                    return null;
                })
                .handler("quick", Map.class, (p, ctx) -> null).build();
        SQSEvent batch = Batches.receive(cloud, "normal", 2, BY_JOB_ID);

        Instant start = Instant.now();
        SQSBatchResponse response;
        try (JobLambdaHandler lambda = new JobLambdaHandler(client, handlers, LambdaOptions.defaults())) {
            response = lambda.handleRequest(batch, new TestLambdaContext(Duration.ofSeconds(8)));
        }
        Duration took = Duration.between(start, Instant.now());

        assertThat(took).as("answered before the 8 s function timeout").isLessThan(Duration.ofSeconds(8));
        assertThat(Batches.failures(response)).containsExactly(idOfJob(batch, slow));
        assertThat(status(client, quick)).isEqualTo(JobStatus.SUCCEEDED);
        Job released = client.get(slow).orElseThrow();
        assertThat(released.status()).isEqualTo(JobStatus.RETRYING);
        assertThat(released.lastError().type()).isEqualTo("Timeout");
        assertThat(released.lastError().message()).contains("remaining time");
        assertThat(Batches.untilVisible(cloud, "normal", Duration.ofSeconds(10))).as("back after its 2 s backoff").isNotNull();
    }

    @Test
    void fifo_aFailureInGroupA_holdsBackAsLaterRecordsOnly_andTheGroupStaysInOrder(TestCloud base) {
        TestCloud cloud = base.fresh(b -> b.queue(new QueueDef("orders", true, Optional.empty(), null)));
        JobClient client = cloud.client();
        List<String> runs = new CopyOnWriteArrayList<>();
        JobHandlers handlers = JobHandlers.builder().handler("order.step", Map.class, (p, ctx) -> {
            String step = (String) p.get("step");
            runs.add(step + "#" + ctx.attempt());
            if (step.equals("A1") && ctx.attempt() == 1) throw new RetryJobException(Duration.ofSeconds(1), "payment pending");
            return null;
        }).build();
        Map<String, String> ids = new java.util.LinkedHashMap<>();
        for (String step : List.of("A1", "B1", "A2", "B2", "A3")) {
            ids.put(step, client.enqueue("order.step", Map.of("step", step),
                    o -> o.queue("orders").groupKey(step.substring(0, 1))));
        }
        SQSEvent batch = Batches.receive(cloud, "orders", 5, BY_JOB_ID);

        SQSBatchResponse response;
        try (JobLambdaHandler lambda = new JobLambdaHandler(client, handlers, LambdaOptions.defaults())) {
            response = lambda.handleRequest(batch, new TestLambdaContext(Duration.ofSeconds(60)));
        }

        assertThat(Batches.failures(response)).containsExactly(idOfJob(batch, ids.get("A1")), idOfJob(batch, ids.get("A2")),
                idOfJob(batch, ids.get("A3")));
        assertThat(runs).containsExactlyInAnyOrder("A1#1", "B1#1", "B2#1");
        assertThat(runs.indexOf("B1#1")).isLessThan(runs.indexOf("B2#1"));
        assertThat(status(client, ids.get("B2"))).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(status(client, ids.get("A2"))).as("held back without an attempt").isEqualTo(JobStatus.QUEUED);

        // The event source mapping would delete B1 and B2 now; let a real one take the group from here.
        deleteSucceeded(cloud, batch, response);
        try (LocalEventSource ignored = LocalEventSource.start(client,
                LocalFunction.inProcess(FunctionSettings.of(2), "us-east-1", () -> new JobLambdaHandler(client, handlers,
                        LambdaOptions.defaults())), EventSourceOptions.builder().pollWait(Duration.ofSeconds(1)).build())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> ids.values().stream()
                    .allMatch(id -> status(client, id) == JobStatus.SUCCEEDED));
        }
        assertThat(runs.stream().filter(r -> r.startsWith("A")).toList()).containsExactly("A1#1", "A1#2", "A2#1", "A3#1");
    }

    private static void deleteSucceeded(TestCloud cloud, SQSEvent batch, SQSBatchResponse response) {
        List<String> failed = Batches.failures(response);
        String url = cloud.queueUrl("orders");
        batch.getRecords().stream().filter(r -> !failed.contains(r.getMessageId()))
                .forEach(r -> cloud.sqs().deleteMessage(d -> d.queueUrl(url).receiptHandle(r.getReceiptHandle())));
    }

    private static String idOfJob(SQSEvent batch, String jobId) {
        return Batches.idOf(batch, r -> r.getMessageAttributes().containsKey("jobkit-id")
                && jobId.equals(r.getMessageAttributes().get("jobkit-id").getStringValue()));
    }

    private static JobStatus status(JobClient client, String id) {
        return client.get(id).map(Job::status).orElse(null);
    }
}
