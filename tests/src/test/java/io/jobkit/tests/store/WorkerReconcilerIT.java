package io.jobkit.tests.store;

import io.jobkit.client.JobClient;
import io.jobkit.client.JobOptions;
import io.jobkit.client.JobStatus;
import io.jobkit.client.testing.TestClock;
import io.jobkit.handlers.JobHandlers;
import io.jobkit.handlers.worker.Worker;
import io.jobkit.handlers.worker.WorkerOptions;
import io.jobkit.tests.support.HandlerProbe;
import io.jobkit.tests.support.LocalCloudExtension;
import io.jobkit.tests.support.TestCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Issue 11 point 3, wired: a container worker runs the reconciler by itself. The stale record is made as production
 * makes it: a client an hour in the past whose process "dies" just before SendMessage, so the record is QUEUED with
 * its envelope stored and no message anywhere. Nobody calls {@code reconcile}: the worker's own periodic run re-sends
 * it, and the worker then runs it.
 */
@ExtendWith(LocalCloudExtension.class)
class WorkerReconcilerIT {
    private final HandlerProbe probe = new HandlerProbe();

    @Test
    void aWorkerWithAReconcileInterval_resendsAQueuedRecordWithoutAMessage_andRunsIt(TestCloud cloud) {
        TestClock past = new TestClock(Instant.now().minus(Duration.ofHours(1)));
        String id = "worker-reconciled-1";
        try (SqsClient dyingSqs = SdkFaults.sqs(cloud.environment(), SdkFaults.dieBefore("SendMessage"))) {
            JobClient dying = cloud.client(b -> b.clock(past).sqsClient(dyingSqs));
            Throwable died = catchThrowable(() -> dying.enqueue("stale.job", Map.of(), JobOptions.of(b -> b.jobId(id))));
            assertThat(died).isInstanceOf(SdkFaults.ProcessDied.class);
        }
        JobClient client = cloud.client();
        assertThat(client.get(id).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);
        assertThat(cloud.visible(cloud.queueUrl("normal"))).as("no message was sent").isZero();

        JobHandlers handlers = JobHandlers.builder().handler("stale.job", Map.class, (p, ctx) -> {
            probe.ran(ctx.jobId(), ctx.type(), ctx.attempt(), "w");
            return null;
        }).build();
        WorkerOptions options = WorkerOptions.builder().pollWait(Duration.ofSeconds(1)).shutdownTimeout(Duration.ofSeconds(5))
                .reconcileInterval(Duration.ofSeconds(1)).build();
        try (Worker worker = Worker.create(client, handlers, options).start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> client.get(id).orElseThrow().status() == JobStatus.SUCCEEDED);
        }
        assertThat(probe.counts()).containsExactly(Map.entry(id, 1));
    }

    @Test
    void reconcileInterval_zeroIsOff_negativeIsRefused() {
        assertThat(WorkerOptions.builder().build().reconcileInterval()).isEqualTo(WorkerOptions.DEFAULT_RECONCILE_INTERVAL);
        assertThat(WorkerOptions.builder().reconcileInterval(Duration.ZERO).build().reconcileInterval()).isZero();
        assertThat(catchThrowable(() -> WorkerOptions.builder().reconcileInterval(Duration.ofSeconds(-1)).build()))
                .hasMessageContaining("reconcile interval");
    }
}
