package io.jobkit.tests.store;

import io.jobkit.client.Job;
import io.jobkit.client.JobClient;
import io.jobkit.client.JobError;
import io.jobkit.client.JobOptions;
import io.jobkit.client.JobStatus;
import io.jobkit.client.Priority;
import io.jobkit.client.ReconcileReport;
import io.jobkit.client.store.ClaimRequest;
import io.jobkit.client.store.ReconcilerLease;
import io.jobkit.client.store.TransitionResult;
import io.jobkit.client.testing.TestClock;
import io.jobkit.client.topology.JobTable;
import io.jobkit.handlers.JobHandlers;
import io.jobkit.handlers.processor.ProcessorOptions;
import io.jobkit.handlers.worker.Worker;
import io.jobkit.handlers.worker.WorkerOptions;
import io.jobkit.tests.support.HandlerProbe;
import io.jobkit.tests.support.LocalCloudExtension;
import io.jobkit.tests.support.TestCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Issue 11 point 3: records that wait with nothing to move them are found and repaired. The stale records are made
 * the way production makes them: a client whose process "dies" just before SendMessage (or CreateSchedule), on a
 * clock an hour in the past, and claims and retries written straight to the store with no message behind them.
 */
@ExtendWith(LocalCloudExtension.class)
class ReconcilerIT {
    private final HandlerProbe probe = new HandlerProbe();

    /** A client an hour in the past whose sends and schedule creations never happen. */
    private static JobClient dyingClient(TestCloud cloud, TestClock pastClock, SqsClient sqs, SchedulerClient scheduler) {
        return cloud.client(b -> b.clock(pastClock).sqsClient(sqs).schedulerClient(scheduler));
    }

    private static String enqueueAndDie(JobClient client, String type, JobOptions options) {
        return enqueueAndDie(client, type, Map.of(), options);
    }

    private static String enqueueAndDie(JobClient client, String type, Object payload, JobOptions options) {
        Throwable died = catchThrowable(() -> client.enqueue(type, payload, options));
        assertThat(died).isInstanceOf(SdkFaults.ProcessDied.class);
        return client.list(io.jobkit.client.JobFilter.status(JobStatus.QUEUED, JobStatus.SCHEDULED)).jobs().stream()
                .filter(j -> j.type().equals(type)).findFirst().orElseThrow().id();
    }

    @Test
    void staleQueuedScheduledRunningAndRetryingRecords_areResent_andTheirJobsComplete(TestCloud cloud) {
        TestClock past = new TestClock(Instant.now().minus(Duration.ofHours(1)));
        try (SqsClient sqs = SdkFaults.sqs(cloud.environment(), SdkFaults.dieBefore("SendMessage"));
             SchedulerClient scheduler = SdkFaults.scheduler(cloud.environment(), SdkFaults.dieBefore("CreateSchedule"))) {
            JobClient dying = dyingClient(cloud, past, sqs, scheduler);
            String queued = enqueueAndDie(dying, "stale.queued", JobOptions.of(b -> b.dedupKey("order-1")));
            String scheduled = enqueueAndDie(dying, "stale.scheduled", JobOptions.of(b -> b.runAt(past.instant().plus(Duration.ofMinutes(20)))));
            String running = enqueueAndDie(dying, "stale.running", JobOptions.defaults());
            String retrying = enqueueAndDie(dying, "stale.retrying", JobOptions.defaults());
            // a payload too big to ride inline on the status item keeps its own envelope item, which expires separately
            String expired = enqueueAndDie(dying, "stale.expired", Map.of("blob", "x".repeat(2000)), JobOptions.defaults());
            // a worker claimed `running`, then died with its message gone; `retrying` recorded a retry whose message was lost
            past.advance(Duration.ofMinutes(1));
            Instant lease = past.instant().plus(Duration.ofMinutes(2));
            claim(dying, running, "stale.running", lease);
            claim(dying, retrying, "stale.retrying", lease);
            assertThat(dying.runtime().store().retry(retrying, "w-" + retrying, new JobError("Boom", "boom", null, 1),
                    past.instant().plus(Duration.ofMinutes(5)), null)).isInstanceOf(TransitionResult.Applied.class);
            // `expired`: its stored message is gone (as after retention), so nothing can re-send it
            cloud.dynamo().deleteItem(r -> r.tableName(cloud.topology().tableName()).key(Map.of(
                    JobTable.PARTITION_KEY, AttributeValue.fromS("JOB#" + expired), JobTable.SORT_KEY, AttributeValue.fromS("ENVELOPE"))));
            JobClient client = cloud.client();
            // a fresh job written a moment ago is waiting legitimately and must be left alone
            String fresh = client.enqueue("fresh.job", Map.of());

            ReconcileReport dry = client.reconcile(o -> o.olderThan(Duration.ofMinutes(15)).dryRun(true));
            assertThat(dry.repairs()).hasSize(5);
            assertThat(client.get(queued).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);
            assertThat(cloud.visible(cloud.queueUrl("normal"))).as("a dry run sends nothing").isEqualTo(1);

            ReconcileReport report = client.reconcile(o -> o.olderThan(Duration.ofMinutes(15)));

            assertThat(report.ran()).isTrue();
            assertThat(report.repairedByKind()).containsExactlyInAnyOrderEntriesOf(Map.of("queued.resent", 1,
                    "scheduled.resent", 1, "running.resent", 1, "retrying.resent", 1, "queued.failed", 1));
            assertThat(report.repairs()).extracting(ReconcileReport.Repair::jobId).doesNotContain(fresh);
            Job failed = client.get(expired).orElseThrow();
            assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
            assertThat(failed.lastError().message()).contains("stored message has expired");

            assertThat(client.reconcile(o -> o.olderThan(Duration.ofMinutes(15))).repairs())
                    .as("a repaired record waits a full threshold before it counts as stale again").isEmpty();

            JobHandlers.Builder hb = JobHandlers.builder().handler("fresh.job", Map.class, (p, ctx) -> null);
            for (String type : List.of("stale.queued", "stale.scheduled", "stale.running", "stale.retrying")) {
                hb.handler(type, Map.class, (p, ctx) -> {
                    probe.ran(ctx.jobId(), ctx.type(), ctx.attempt(), "w");
                    return null;
                });
            }
            JobHandlers handlers = hb.build();
            try (Worker worker = Worker.create(client, handlers, WorkerOptions.builder().pollWait(Duration.ofSeconds(1))
                    .shutdownTimeout(Duration.ofSeconds(5)).processor(ProcessorOptions.builder().build()).build()).start()) {
                for (String id : List.of(queued, scheduled, running, retrying)) {
                    await().atMost(Duration.ofSeconds(30)).until(() -> client.get(id).orElseThrow().status() == JobStatus.SUCCEEDED);
                }
            }
            assertThat(probe.counts()).containsOnlyKeys(queued, scheduled, running, retrying).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
        }
    }

    @Test
    void aSecondReconciler_whileTheLeaseIsHeld_doesNothing_andRunsOnceItExpires(TestCloud cloud) {
        TestClock clock = TestClock.startingNow();
        JobClient client = cloud.client(b -> b.clock(clock));
        ReconcilerLease lease = new ReconcilerLease(cloud.dynamo(), cloud.topology().tableName(), clock);
        assertThat(lease.acquire("host-a/41", Duration.ofMinutes(10))).isEmpty();

        ReconcileReport second = client.reconcile(o -> o.owner("host-b/7"));

        assertThat(second.ran()).isFalse();
        assertThat(second.heldBy()).startsWith("host-a/41 until ");
        assertThat(lease.acquire("host-c/9", Duration.ofMinutes(10))).as("still held by host-a").isPresent();

        clock.advance(Duration.ofMinutes(11));
        assertThat(client.reconcile(o -> o.owner("host-b/7")).ran()).as("an expired lease is taken over").isTrue();
        assertThat(lease.acquire("host-c/9", Duration.ofMinutes(10))).as("a finished run gives the lease back").isEmpty();
    }

    private static void claim(JobClient client, String id, String type, Instant leaseUntil) {
        assertThat(client.runtime().store().claim(new ClaimRequest(id, type, "normal", Priority.NORMAL, 3, Map.of(),
                "w-" + id, leaseUntil))).isInstanceOf(TransitionResult.Applied.class);
    }
}
