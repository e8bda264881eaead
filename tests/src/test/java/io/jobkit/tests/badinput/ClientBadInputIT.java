package io.jobkit.tests.badinput;

import io.jobkit.client.EnqueueRequest;
import io.jobkit.client.EnqueueResult;
import io.jobkit.client.JobClient;
import io.jobkit.client.JobOptions;
import io.jobkit.client.JobValidationException;
import io.jobkit.client.Priority;
import io.jobkit.client.topology.QueueDef;
import io.jobkit.tests.support.LocalCloudExtension;
import io.jobkit.tests.support.TestCloud;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * JobClient's boundary: every bad enqueue is a {@link JobValidationException} that says what to fix, and the
 * topology's footprint (DynamoDB items, messages in every queue and DLQ, schedules) is the same before and after.
 */
@ExtendWith(LocalCloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientBadInputIT {

    /** The clients a case may use: the normal one, and one without a scheduler. */
    record Clients(JobClient client, JobClient noScheduler) {
    }

    private TestCloud cloud;
    private Clients clients;
    /** DynamoDB items one accepted job writes (its record, plus whatever else the tracking level keeps). */
    private long itemsPerJob;

    @BeforeAll
    void provision(TestCloud base) {
        cloud = base.fresh(t -> t.queue(QueueDef.fifo("orders")));
        clients = new Clients(cloud.client(), cloud.client(b -> b.schedulerClient(null).schedulerRoleArn(null)));
        Footprint empty = Footprint.of(cloud);
        clients.client().enqueue("a.job", Map.of());
        itemsPerJob = Footprint.of(cloud).items() - empty.items();
        assertThat(itemsPerJob).as("an accepted job is recorded").isPositive();
    }

    static List<BadInput<Consumer<Clients>>> enqueueCases() {
        return List.of(
                // type names
                BadInput.of("type \"\"", c -> c.client().enqueue("", Map.of()),
                        "job type is empty; name the job, e.g. 'email.send'"),
                BadInput.of("type null", c -> c.client().enqueue(null, Map.of()), "job type is empty"),
                BadInput.of("type \"send email\"", c -> c.client().enqueue("send email", Map.of()),
                        "job type 'send email' is malformed; start with a letter and use letters, digits"),
                BadInput.of("type \"9lives\"", c -> c.client().enqueue("9lives", Map.of()), "is malformed; start with a letter"),
                BadInput.of("type of 129 characters", c -> c.client().enqueue("a".repeat(129), Map.of()),
                        "(at most 128 characters)"),
                // priorities and queues
                BadInput.of("priority \"urgent\"", c -> c.client().enqueue("a.job", Map.of(), JobOptions.of(b -> b.priority(Priority.parse("urgent")))),
                        "unknown priority 'urgent'; use critical, high, normal, low or a number 0-10"),
                BadInput.of("priority 12", c -> c.client().enqueue("a.job", Map.of(), o -> o.priority(12)),
                        "priority 12 is out of range; use 0 (least urgent) to 10 (most urgent)"),
                BadInput.of("priority -1", c -> c.client().enqueue("a.job", Map.of(), o -> o.priority(-1)),
                        "priority -1 is out of range; use 0"),
                BadInput.of("queue \"imports\" (not in the topology)", c -> c.client().enqueue("a.job", Map.of(), o -> o.queue("imports")),
                        "unknown queue 'imports'; known queues: critical, high, normal, low, orders", "JOBKIT_QUEUES"),
                BadInput.of("groupKey on a standard queue", c -> c.client().enqueue("a.job", Map.of(), o -> o.groupKey("g1")),
                        "groupKey is only for FIFO queues", "drop the groupKey"),
                BadInput.of("FIFO queue without groupKey", c -> c.client().enqueue("a.job", Map.of(), o -> o.queue("orders")),
                        "queue 'orders' is a FIFO queue; set a groupKey"),
                BadInput.of("groupKey \"customer 9\" (space)", c -> c.client().enqueue("a.job", Map.of(), o -> o.queue("orders").groupKey("customer 9")),
                        "groupKey 'customer 9' is invalid; SQS message groups take 1-128 letters, digits and punctuation"),
                // schedules: delay, run-at
                BadInput.of("delay -1s", c -> c.client().enqueue("a.job", Map.of(), o -> o.delay(Duration.ofSeconds(-1))),
                        "delay -1s is negative; use 0 or more"),
                BadInput.of("delay 366d", c -> c.client().enqueue("a.job", Map.of(), o -> o.delay(Duration.ofDays(366))),
                        "delay 366d exceeds jobkit's 365-day maximum"),
                BadInput.of("delay 5s on a FIFO queue", c -> c.client().enqueue("a.job", Map.of(), o -> o.queue("orders").groupKey("g").delay(Duration.ofSeconds(5))),
                        "SQS FIFO queues do not support per-message delays", "runAt(...)"),
                BadInput.of("delay 1h and runAt together", c -> c.client().enqueue("a.job", Map.of(), o -> o.delay(Duration.ofHours(1)).runAt(Instant.now())),
                        "both delay (1h) and runAt", "give one of them"),
                BadInput.of("runAt 400 days ahead", c -> c.client().enqueue("a.job", Map.of(), o -> o.runAt(Instant.now().plus(Duration.ofDays(400)))),
                        "is more than 365 days ahead"),
                BadInput.of("delay 16m, client without scheduler", c -> c.noScheduler().enqueue("a.job", Map.of(), o -> o.delay(Duration.ofMinutes(16))),
                        "delay 16m exceeds SQS's 15-minute maximum", "set JOBKIT_SCHEDULER_ROLE_ARN"),
                BadInput.of("runAt in 1h, client without scheduler", c -> c.noScheduler().enqueue("a.job", Map.of(), o -> o.runAt(Instant.now().plusSeconds(3600))),
                        "is in the future, so jobkit sends the job through EventBridge Scheduler", "set JOBKIT_SCHEDULER_ROLE_ARN"),
                // retry and timeout options
                BadInput.of("maxAttempts 0", c -> c.client().enqueue("a.job", Map.of(), o -> o.maxAttempts(0)),
                        "maxAttempts 0 is out of range; use 1 to 25"),
                BadInput.of("maxAttempts 26", c -> c.client().enqueue("a.job", Map.of(), o -> o.maxAttempts(26)),
                        "maxAttempts 26 is out of range; use 1 to 25"),
                BadInput.of("timeout 0s", c -> c.client().enqueue("a.job", Map.of(), o -> o.timeout(Duration.ZERO)),
                        "timeout 0s is out of range; use 1s to 24h"),
                BadInput.of("timeout 25h", c -> c.client().enqueue("a.job", Map.of(), o -> o.timeout(Duration.ofHours(25))),
                        "timeout 1d1h is out of range; use 1s to 24h"),
                // dedup keys and tags
                BadInput.of("dedupKey \"  \"", c -> c.client().enqueue("a.job", Map.of(), o -> o.dedupKey("  ")),
                        "dedupKey is blank; leave it unset or give a key"),
                BadInput.of("dedupKey of 300 characters", c -> c.client().enqueue("a.job", Map.of(), o -> o.dedupKey("k".repeat(300))),
                        "dedupKey is 300 characters long; the limit is 256", "hash long natural keys"),
                BadInput.of("dedupWindow 31d", c -> c.client().enqueue("a.job", Map.of(), o -> o.dedupKey("k").dedupWindow(Duration.ofDays(31))),
                        "dedupWindow 31d is out of range; use 1s to 30d"),
                BadInput.of("21 tags", c -> c.client().enqueue("a.job", Map.of(), o -> o.tags(tags(21))),
                        "21 tags given; at most 20 are allowed"),
                BadInput.of("tag key \"\"", c -> c.client().enqueue("a.job", Map.of(), o -> o.tags(Map.of("", "v"))),
                        "tag key '' must be 1-64 characters"),
                // payload size and shape
                BadInput.of("payload of 300 KB", c -> c.client().enqueue("a.job", Map.of("blob", "x".repeat(300_000))),
                        "payload is too large: the message would be", "over the 262,144-byte limit", "keep large data in S3"),
                BadInput.of("payload \"{\\\"a\\\": }\" (JSON text that does not parse)", c -> c.client().enqueue("a.job", "{\"a\": }"),
                        "payload is a string but not valid JSON", "line 1, column", "pass JSON text, or an object"),
                BadInput.of("payload an object Jackson cannot serialise", c -> c.client().enqueue("a.job", new Object()),
                        "payload of type java.lang.Object cannot be serialised to JSON"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("enqueueCases")
    void aBadEnqueue_isRejectedWithWhatToFix_andWritesNothing(BadInput<Consumer<Clients>> c) {
        Footprint before = Footprint.of(cloud);
        assertThatThrownBy(() -> c.act().accept(clients))
                .isInstanceOf(JobValidationException.class)
                .hasMessageContainingAll(c.expected().toArray(String[]::new));
        assertThat(Footprint.of(cloud)).as("items, messages and schedules after the rejection").isEqualTo(before);
    }

    /** A batch: which positions are bad (null when good), and how many jobs it may write. */
    record Batch(List<EnqueueRequest> requests) {
        static Batch of(EnqueueRequest... requests) {
            return new Batch(Arrays.asList(requests));
        }
    }

    static List<BadInput<Batch>> batchCases() {
        EnqueueRequest good = EnqueueRequest.of("a.job", Map.of("n", 1));
        return List.of(
                BadInput.of("enqueueAll: one malformed type among good jobs", Batch.of(good, EnqueueRequest.of("send email", Map.of()), good),
                        "job type 'send email' is malformed"),
                BadInput.of("enqueueAll: a null request among good jobs", Batch.of(good, null, good),
                        "request 2 of 3 is null; pass an EnqueueRequest for every position"),
                BadInput.of("enqueueAll: one oversized payload among good jobs", Batch.of(EnqueueRequest.of("a.job", Map.of("blob", "x".repeat(300_000))), good),
                        "payload is too large"),
                BadInput.of("enqueueAll: every request invalid", Batch.of(EnqueueRequest.of("", Map.of()),
                                new EnqueueRequest("a.job", Map.of(), JobOptions.of(o -> o.queue("orders")))),
                        "job type is empty", "set a groupKey"));
    }

    /**
     * Bad items in a batch fail alone: each one's result carries its error (in order, the case's fragments), the
     * good ones are written and sent, and nothing else.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("batchCases")
    void aBadItemInABatch_failsAlone_withWhatToFix_andOnlyTheGoodOnesAreWritten(BadInput<Batch> c) {
        Footprint before = Footprint.of(cloud);
        List<EnqueueResult> results = clients.client().enqueueAll(c.act().requests());

        assertThat(results).hasSameSizeAs(c.act().requests());
        List<String> errors = new ArrayList<>();
        long good = 0;
        for (EnqueueResult r : results) {
            if (r.succeeded()) {
                good++;
            } else {
                assertThat(r.error()).isInstanceOf(JobValidationException.class);
                errors.add(r.error().getMessage());
            }
        }
        assertThat(errors).hasSameSizeAs(c.expected());
        for (int i = 0; i < errors.size(); i++) assertThat(errors.get(i)).contains(c.expected().get(i));
        Footprint after = Footprint.of(cloud);
        assertThat(after.items() - before.items()).as("items written: only the good jobs'").isEqualTo(good * itemsPerJob);
        assertThat(after.messages() - before.messages()).as("messages sent: only the good jobs").isEqualTo(good);
        assertThat(after.schedules()).isEqualTo(before.schedules());
    }

    private static Map<String, String> tags(int n) {
        Map<String, String> tags = new HashMap<>();
        for (int i = 0; i < n; i++) tags.put("k" + i, "v");
        return tags;
    }
}
