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

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Payloads that are valid JSON but do not decode into the handler's payload type. The handler never runs; the job
 * is FAILED at once (no attempt spent, no retry) with a reason naming the field, what it must be and how to fix it,
 * and the message is in the DLQ with the same reason. Reasons are asserted on field names and the hint, never on
 * payload values: reasons must not echo them.
 */
@ExtendWith(LocalCloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HandlerPayloadBadInputIT {

    enum Currency { EUR, USD }

    record Line(String sku, int quantity) {
    }

    record Invoice(String customer, long cents, Currency currency, Instant due, byte[] pdf, List<Line> lines) {
    }

    record Refund(String invoice, long cents) {
        Refund {
            if (cents <= 0) throw new IllegalArgumentException("cents must be positive");
        }
    }

    /** @param type the job type, which picks the handler and so the payload type */
    record Payload(String type, String json) {
    }

    private static final String FIX = "send a payload that matches the handler's payload type";

    private final AtomicInteger runs = new AtomicInteger();
    private TestCloud cloud;
    private JobClient client;
    private Worker worker;

    @BeforeAll
    void startWorker(TestCloud base) {
        cloud = base.fresh(t -> { });
        client = cloud.client();
        JobHandlers handlers = JobHandlers.builder()
                .handler("invoice.send", Invoice.class, (p, ctx) -> runs.incrementAndGet())
                .handler("refund.issue", Refund.class, (p, ctx) -> runs.incrementAndGet())
                .handler("map.any", Map.class, (p, ctx) -> runs.incrementAndGet())
                .build();
        worker = Worker.create(client, handlers, WorkerOptions.builder().pollWait(Duration.ofSeconds(1))
                .shutdownTimeout(Duration.ofSeconds(5)).processor(ProcessorOptions.builder().build()).build()).start();
    }

    @AfterAll
    void stopWorker() {
        worker.close();
    }

    static List<BadInput<Payload>> cases() {
        return List.of(
                BadInput.of("Invoice `{\"cents\":\"ten\"}` (string for a long)", new Payload("invoice.send", "{\"cents\":\"ten\"}"),
                        "field 'cents' must be a number (long)", FIX),
                BadInput.of("Invoice `{\"currency\":\"XYZ\"}` (not an enum constant)", new Payload("invoice.send", "{\"currency\":\"XYZ\"}"),
                        "field 'currency' must be one of EUR, USD", FIX),
                BadInput.of("Invoice `{\"due\":\"tomorrow\"}` (not an ISO-8601 time)", new Payload("invoice.send", "{\"due\":\"tomorrow\"}"),
                        "field 'due' must be an ISO-8601 time", FIX),
                BadInput.of("Invoice `{\"pdf\":\"%%%\"}` (bad base64 for byte[])", new Payload("invoice.send", "{\"pdf\":\"%%%not base64%%%\"}"),
                        "field 'pdf' must be valid base64 text", FIX),
                BadInput.of("Invoice `{\"customer\":{\"id\":1}}` (object for a string)", new Payload("invoice.send", "{\"customer\":{\"id\":1}}"),
                        "field 'customer' must be a string", FIX),
                BadInput.of("Invoice `{\"lines\":[{\"quantity\":\"many\"}]}` (nested field)", new Payload("invoice.send", "{\"lines\":[{\"quantity\":\"many\"}]}"),
                        "field 'lines[0].quantity' must be a number (int)", FIX),
                BadInput.of("Invoice `{\"lines\":{}}` (object for a list)", new Payload("invoice.send", "{\"lines\":{}}"),
                        "field 'lines' must be an array", FIX),
                BadInput.of("Invoice `[1,2]` (array for a record)", new Payload("invoice.send", "[1,2]"),
                        "the payload must be a JSON object of the form Invoice", FIX),
                BadInput.of("Map `\"just text\"` (string for a Map)", new Payload("map.any", "\"just text\""),
                        "the payload must be a JSON object", FIX),
                BadInput.of("Refund `{\"cents\":0}` (refused by the record's constructor)", new Payload("refund.issue", "{\"cents\":0}"),
                        "the payload was refused by Refund", "cents must be positive"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aPayloadThatDoesNotDecode_failsAtOnce_withTheFieldAndTheFix_andIsDeadLettered(BadInput<Payload> c) {
        int before = runs.get();
        String id = client.enqueue(c.act().type(), c.act().json());

        Job job = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> client.get(id).orElseThrow(), j -> j.status() == JobStatus.FAILED);
        assertThat(job.lastError().type()).isEqualTo("InvalidPayload");
        assertThat(job.lastError().message()).contains(c.expected());
        assertThat(job.attempt()).as("no attempt spent").isZero();
        assertThat(runs.get()).as("the handler never ran").isEqualTo(before);

        List<Message> dead = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
            dead.addAll(cloud.drain(cloud.dlqUrl("normal")));
            return !dead.isEmpty();
        });
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).messageAttributes().get("jobkit-id").stringValue()).isEqualTo(id);
        assertThat(dead.get(0).messageAttributes().get("jobkit-dlq-reason").stringValue()).contains(c.expected());
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(cloud.depth(cloud.queueUrl("normal"))).as("nothing left in the queue").isZero());
    }
}
