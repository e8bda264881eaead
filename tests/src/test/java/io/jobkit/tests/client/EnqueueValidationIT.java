package io.jobkit.tests.client;

import io.jobkit.client.JobClient;
import io.jobkit.client.JobOptions;
import io.jobkit.client.JobValidationException;
import io.jobkit.client.Priority;
import io.jobkit.client.topology.QueueDef;
import io.jobkit.tests.support.LocalCloudExtension;
import io.jobkit.tests.support.TestCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

/** Every bad input the client rejects, with the message that says how to fix it; nothing is written or sent. */
@ExtendWith(LocalCloudExtension.class)
class EnqueueValidationIT {

    record Case(String name, Consumer<JobClient> enqueue, String message) {
    }

    static List<Case> cases() {
        return List.of(
                new Case("unknown priority", c -> c.enqueue("a.job", Map.of(), JobOptions.of(b -> b.priority(Priority.parse("urgent"))))
                        , "unknown priority 'urgent'; use critical, high, normal, low or a number 0-10"),
                new Case("numeric priority out of range", c -> c.enqueue("a.job", Map.of(), o -> o.priority(12)),
                        "priority 12 is out of range; use 0 (least urgent) to 10 (most urgent)"),
                new Case("unknown queue", c -> c.enqueue("a.job", Map.of(), o -> o.queue("imports")),
                        "unknown queue 'imports'; known queues: critical, high, normal, low, orders"),
                new Case("delay over a year", c -> c.enqueue("a.job", Map.of(), o -> o.delay(Duration.ofDays(366))),
                        "delay 366d exceeds jobkit's 365-day maximum"),
                new Case("run-at over a year ahead", c -> c.enqueue("a.job", Map.of(), o -> o.runAt(Instant.now().plus(Duration.ofDays(400)))),
                        "is more than 365 days ahead"),
                new Case("delay and run-at", c -> c.enqueue("a.job", Map.of(), o -> o.delay(Duration.ofHours(1)).runAt(Instant.now())),
                        "both delay (1h) and runAt"),
                new Case("negative delay", c -> c.enqueue("a.job", Map.of(), o -> o.delay(Duration.ofSeconds(-1))),
                        "delay -1s is negative; use 0 or more"),
                new Case("maxAttempts 0", c -> c.enqueue("a.job", Map.of(), o -> o.maxAttempts(0)),
                        "maxAttempts 0 is out of range; use 1 to 25"),
                new Case("maxAttempts 100", c -> c.enqueue("a.job", Map.of(), o -> o.maxAttempts(100)),
                        "maxAttempts 100 is out of range; use 1 to 25"),
                new Case("payload over the limit", c -> c.enqueue("a.job", Map.of("blob", "x".repeat(300_000))),
                        "payload is too large: the message would be"),
                new Case("empty type", c -> c.enqueue("", Map.of()), "job type is empty; name the job, e.g. 'email.send'"),
                new Case("malformed type", c -> c.enqueue("send email", Map.of()),
                        "job type 'send email' is malformed; start with a letter and use letters, digits"),
                new Case("dedup key too long", c -> c.enqueue("a.job", Map.of(), o -> o.dedupKey("k".repeat(300))),
                        "dedupKey is 300 characters long; the limit is 256"),
                new Case("malformed JSON payload", c -> c.enqueue("a.job", "{\"a\": }"),
                        "payload is a string but not valid JSON"),
                new Case("group key on a standard queue", c -> c.enqueue("a.job", Map.of(), o -> o.groupKey("g1")),
                        "groupKey is only for FIFO queues, and queue 'normal' is a standard queue"),
                new Case("FIFO queue without group key", c -> c.enqueue("a.job", Map.of(), o -> o.queue("orders")),
                        "queue 'orders' is a FIFO queue; set a groupKey"),
                new Case("delay on a FIFO queue", c -> c.enqueue("a.job", Map.of(), o -> o.queue("orders").groupKey("g").delay(Duration.ofSeconds(5))),
                        "SQS FIFO queues do not support per-message delays"));
    }

    @Test
    void everyInvalidInput_isRejected_withAMessageThatSaysWhatToFix_andNothingIsSent(TestCloud base) {
        TestCloud cloud = base.fresh(t -> t.queue(QueueDef.fifo("orders")));
        JobClient client = cloud.client();
        assertSoftly(soft -> {
            for (Case c : cases()) {
                soft.assertThatThrownBy(() -> c.enqueue().accept(client))
                        .as(c.name())
                        .isInstanceOf(JobValidationException.class)
                        .hasMessageContaining(c.message());
            }
        });
        for (String q : List.of("critical", "high", "normal", "low", "orders")) {
            assertThat(cloud.depth(cloud.queueUrl(q))).as("messages in %s", q).isZero();
        }
        assertThat(client.list(io.jobkit.client.JobFilter.all()).jobs()).as("records written").isEmpty();
    }

    @Test
    void withoutAScheduler_longDelaysRunAtTimesAndSchedules_sayWhatToConfigure_andNothingIsWritten(TestCloud cloud) {
        JobClient noScheduler = cloud.client(b -> b.schedulerClient(null).schedulerRoleArn(null));
        String configure = "set JOBKIT_SCHEDULER_ROLE_ARN (plus AWS_ENDPOINT_URL_SCHEDULER for a local scheduler)";

        assertThatThrownBy(() -> noScheduler.enqueue("a.job", Map.of(), o -> o.delay(Duration.ofMinutes(16))))
                .isInstanceOf(JobValidationException.class)
                .hasMessageStartingWith("delay 16m exceeds SQS's 15-minute maximum, so jobkit sends the job through"
                        + " EventBridge Scheduler, and this client has no scheduler configured")
                .hasMessageContaining(configure);
        assertThatThrownBy(() -> noScheduler.enqueue("a.job", Map.of(), o -> o.runAt(Instant.now().plusSeconds(3600))))
                .isInstanceOf(JobValidationException.class)
                .hasMessageContaining("is in the future, so jobkit sends the job through EventBridge Scheduler")
                .hasMessageContaining(configure);
        assertThatThrownBy(() -> noScheduler.schedules().list())
                .isInstanceOf(JobValidationException.class)
                .hasMessageContaining(configure);
        assertThat(noScheduler.list(io.jobkit.client.JobFilter.all()).jobs()).as("records written").isEmpty();
        assertThat(noScheduler.enqueue("a.job", Map.of(), o -> o.delay(Duration.ofMinutes(15))))
                .as("up to 15 minutes SQS delays it itself").isNotBlank();
    }

    @Test
    void payloadLimit_isConfigurable(TestCloud cloud) {
        JobClient small = cloud.client(b -> b.maxMessageBytes(2048));
        assertThatThrownBy(() -> small.enqueue("a.job", Map.of("blob", "x".repeat(3000))))
                .hasMessageContaining("over the 2,048-byte limit");
        assertThat(small.enqueue("a.job", Map.of("blob", "x".repeat(500)))).isNotBlank();
    }

    @Test
    void fifoJobs_carryTheirGroup(TestCloud base) {
        TestCloud cloud = base.fresh(t -> t.queue(QueueDef.fifo("orders")).route("order.*", "orders"));
        JobClient client = cloud.client();
        client.enqueue("order.ship", Map.of("n", 1), o -> o.groupKey("customer-9"));
        var messages = cloud.drain(cloud.queueUrl("orders"));
        assertThat(messages).hasSize(1);
        assertThat(messages.get(0).attributesAsStrings()).containsEntry("MessageGroupId", "customer-9");
    }
}
