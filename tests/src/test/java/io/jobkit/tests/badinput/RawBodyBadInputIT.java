package io.jobkit.tests.badinput;

import io.jobkit.client.Job;
import io.jobkit.client.JobClient;
import io.jobkit.client.JobStatus;
import io.jobkit.handlers.JobHandlers;
import io.jobkit.handlers.processor.ProcessorOptions;
import io.jobkit.handlers.worker.Worker;
import io.jobkit.handlers.worker.WorkerOptions;
import io.jobkit.tests.support.LocalCloudExtension;
import io.jobkit.tests.support.TestCloud;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Raw SQS bodies as services in other languages send them with a plain SendMessage, received by a real container
 * worker. None can ever run, so none is retried: each ends in the DLQ at once with a reason that says what the
 * sender should send, and when the message names its job (an {@code id} in the body or a {@code jobkit-id}
 * attribute) the job is FAILED with that reason. Nothing is silently deleted and nothing stays in the queue.
 */
@ExtendWith(LocalCloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RawBodyBadInputIT {

    /**
     * @param body the message body exactly as sent
     * @param id   the job id the message names ({@code jobkit-id} attribute, and {@code id} in JSON bodies), or null
     *             for a message that names no job, which can only be dead-lettered
     */
    record RawMessage(String body, String id) {
        @Override
        public String toString() {
            return body.length() > 60 ? body.substring(0, 60) + "…" : body;
        }
    }

    private TestCloud cloud;
    private JobClient client;
    private Worker worker;

    @BeforeAll
    void startWorker(TestCloud base) {
        cloud = base.fresh(t -> { });
        client = cloud.client();
        JobHandlers handlers = JobHandlers.builder().handler("noop", Map.class, (p, ctx) -> null).build();
        worker = Worker.create(client, handlers, WorkerOptions.builder().pollWait(Duration.ofSeconds(1))
                .shutdownTimeout(Duration.ofSeconds(5)).processor(ProcessorOptions.builder().build()).build()).start();
    }

    @AfterAll
    void stopWorker() {
        worker.close();
    }

    private static String envelope(String id, String fields) {
        return "{\"v\":1,\"id\":\"" + id + "\"," + fields + "}";
    }

    static List<BadInput<RawMessage>> cases() {
        String sns = "{\"Type\":\"Notification\",\"MessageId\":\"1\",\"TopicArn\":\"arn:aws:sns:us-east-1:1:t\",\"Message\":"
                + "\"{\\\"v\\\":1,\\\"type\\\":\\\"noop\\\",\\\"payload\\\":{}}\"}";
        String base64 = Base64.getEncoder().encodeToString("{\"v\":1,\"type\":\"noop\",\"payload\":{}}".getBytes(StandardCharsets.UTF_8));
        return List.of(
                BadInput.of("body `hello` (not JSON)", new RawMessage("hello", "raw-text"),
                        "message body is not valid JSON", "send the envelope JSON"),
                BadInput.of("body `hello`, no id anywhere", new RawMessage("hello, no id", null),
                        "message body is not valid JSON"),
                BadInput.of("body `[1,2]` (JSON, not an object)", new RawMessage("[1,2]", "raw-array"),
                        "message body is JSON but not an object", "send the envelope object"),
                BadInput.of("body with a leading byte-order mark", new RawMessage("\uFEFF" + envelope("raw-bom", "\"type\":\"noop\",\"payload\":{}"), "raw-bom"),
                        "starts with a byte-order mark (U+FEFF)", "without it"),
                BadInput.of("envelope base64-encoded", new RawMessage(base64, "raw-base64"),
                        "it looks base64-encoded", "send the envelope JSON itself"),
                BadInput.of("SNS notification (raw delivery off)", new RawMessage(sns, "raw-sns"),
                        "is an SNS notification", "enable raw message delivery"),
                BadInput.of("envelope truncated (cut off mid-payload)", new RawMessage("{\"v\":1,\"id\":\"raw-cut\",\"type\":\"noop\",\"payload\":{\"a\":", "raw-cut"),
                        "it ends early", "was it cut off?"),
                BadInput.of("huge body: 200 KB, cut off", new RawMessage("{\"v\":1,\"type\":\"noop\",\"payload\":{\"blob\":\"" + "x".repeat(200_000), "raw-huge"),
                        "message body is not valid JSON", "it ends early"),
                BadInput.of("huge body: 262,000 bytes, cut off (at SQS's 256 KiB limit)", new RawMessage("{\"v\":1,\"type\":\"noop\",\"payload\":{\"blob\":\"" + "x".repeat(261_960), "raw-limit"),
                        "message body is not valid JSON", "it ends early"),
                BadInput.of("no `v`", new RawMessage("{\"id\":\"raw-nov\",\"type\":\"noop\",\"payload\":{}}", "raw-nov"),
                        "has no envelope version \"v\"", "jobkit expects {\"v\":1"),
                BadInput.of("`\"v\":2` (a newer envelope)", new RawMessage("{\"v\":2,\"id\":\"raw-v2\",\"type\":\"noop\",\"payload\":{}}", "raw-v2"),
                        "envelope version 2 is not supported", "send \"v\":1"),
                BadInput.of("`\"v\":\"1\"` (version as a string)", new RawMessage("{\"v\":\"1\",\"id\":\"raw-vs\",\"type\":\"noop\",\"payload\":{}}", "raw-vs"),
                        "envelope version \"v\" is a string", "send it as the number 1"),
                BadInput.of("no `type`", new RawMessage(envelope("raw-notype", "\"payload\":{}"), "raw-notype"),
                        "envelope has no job \"type\"", "registered for"),
                BadInput.of("`\"type\":42`", new RawMessage(envelope("raw-type42", "\"type\":42,\"payload\":{}"), "raw-type42"),
                        "envelope \"type\" must be a non-empty string"),
                BadInput.of("no `payload`", new RawMessage(envelope("raw-nopayload", "\"type\":\"noop\""), "raw-nopayload"),
                        "envelope has no \"payload\"", "use {} or null explicitly"),
                BadInput.of("`\"enqueuedAt\":\"yesterday\"`", new RawMessage(envelope("raw-time", "\"type\":\"noop\",\"payload\":{},\"enqueuedAt\":\"yesterday\""), "raw-time"),
                        "envelope field 'enqueuedAt' has the wrong form", "expected an ISO-8601 time"),
                BadInput.of("`\"options\":{\"maxAttempts\":\"three\"}`", new RawMessage(envelope("raw-attempts", "\"type\":\"noop\",\"payload\":{},\"options\":{\"maxAttempts\":\"three\"}"), "raw-attempts"),
                        "envelope field 'options.maxAttempts' has the wrong form", "expected a number"),
                BadInput.of("`\"options\":{\"tags\":[\"a\"]}`", new RawMessage(envelope("raw-tags", "\"type\":\"noop\",\"payload\":{},\"options\":{\"tags\":[\"a\"]}"), "raw-tags"),
                        "envelope field 'options.tags' has the wrong form", "expected an object"),
                BadInput.of("`\"options\":{\"maxAttempts\":0}`", new RawMessage(envelope("raw-zero", "\"type\":\"noop\",\"payload\":{},\"options\":{\"maxAttempts\":0}"), "raw-zero"),
                        "envelope options are invalid: maxAttempts 0 is out of range; use 1 to 25"),
                BadInput.of("`\"options\":{\"priority\":\"asap\"}`", new RawMessage(envelope("raw-prio", "\"type\":\"noop\",\"payload\":{},\"options\":{\"priority\":\"asap\"}"), "raw-prio"),
                        "envelope options are invalid: unknown priority 'asap'"),
                BadInput.of("unknown job type `report.nightly`", new RawMessage(envelope("raw-unknown", "\"type\":\"report.nightly\",\"payload\":{}"), "raw-unknown"),
                        "no handler for job type 'report.nightly'", "it handles [noop]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aRawBodyThatCanNeverRun_endsInTheDlqWithAReason_andItsJobIsFailed(BadInput<RawMessage> c) {
        RawMessage raw = c.act();
        cloud.sqs().sendMessage(r -> {
            r.queueUrl(cloud.queueUrl("normal")).messageBody(raw.body());
            if (raw.id() != null) {
                r.messageAttributes(Map.of("jobkit-id", MessageAttributeValue.builder().dataType("String").stringValue(raw.id()).build()));
            }
        });

        Message dead = awaitDeadLetter(raw.body());
        String reason = dead.messageAttributes().get("jobkit-dlq-reason").stringValue();
        assertThat(reason).as("DLQ reason").contains(c.expected());
        // the worker sends the DLQ copy first and deletes the original after it: wait for that delete
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(cloud.depth(cloud.queueUrl("normal"))).as("nothing left behind in the queue").isZero());
        if (raw.id() != null) {
            Job job = client.get(raw.id()).orElseThrow(() -> new AssertionError("no FAILED record for " + raw.id()));
            assertThat(job.status()).isEqualTo(JobStatus.FAILED);
            assertThat(job.lastError().message()).as("the record's reason").contains(c.error());
            assertThat(job.attempt()).as("never run").isZero();
        }
    }

    /** Waits until the copy with this body reaches the DLQ, draining the DLQ as it goes. */
    private Message awaitDeadLetter(String body) {
        AtomicReference<Message> found = new AtomicReference<>();
        List<Message> seen = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            seen.addAll(cloud.drain(cloud.dlqUrl("normal")));
            seen.stream().filter(m -> m.body().equals(body)).findFirst().ifPresent(found::set);
            return found.get() != null;
        });
        assertThat(seen).as("exactly one DLQ copy").hasSize(1);
        return found.get();
    }
}
