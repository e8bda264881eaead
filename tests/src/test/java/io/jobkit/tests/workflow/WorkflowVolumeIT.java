package io.jobkit.tests.workflow;

import io.jobkit.client.EnqueueRequest;
import io.jobkit.client.JobClient;
import io.jobkit.client.workflow.BatchStatus;
import io.jobkit.client.workflow.MemberPage;
import io.jobkit.handlers.JobHandlers;
import io.jobkit.handlers.worker.Worker;
import io.jobkit.handlers.worker.WorkerOptions;
import io.jobkit.tests.support.LocalCloudExtension;
import io.jobkit.tests.support.TestCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A 10,000-member batch (100,000 behind {@code local/run bench --batch-members 100000}). */
@ExtendWith(LocalCloudExtension.class)
class WorkflowVolumeIT {
    static final int MEMBERS = 10_000;

    @Test
    void tenThousandMembers_completeWithOneCallbackAndExactCounts(TestCloud cloud) {
        JobClient client = cloud.client();
        AtomicInteger ran = new AtomicInteger();
        AtomicInteger callbacks = new AtomicInteger();
        JobHandlers handlers = JobHandlers.builder().handler("noop", Map.class, (p, ctx) -> {
            ran.incrementAndGet();
            return null;
        }).handler("done", Map.class, (p, ctx) -> {
            callbacks.incrementAndGet();
            return ctx.batchCallback().orElseThrow().summary().succeeded();
        }).build();
        List<EnqueueRequest> members = new ArrayList<>(MEMBERS);
        for (int i = 0; i < MEMBERS; i++) members.add(EnqueueRequest.of("noop", Map.of("i", i)));

        String batch = client.batch(members, o -> o.onComplete("done", Map.of()).onSuccess("done", Map.of()));
        BatchStatus created = client.batchStatus(batch).orElseThrow();
        assertThat(created.total()).isEqualTo(MEMBERS);
        assertThat(created.sealed()).isTrue();

        WorkerOptions.Builder o = WorkerOptions.builder().pollWait(Duration.ofSeconds(1)).shutdownTimeout(Duration.ofSeconds(5))
                .concurrency(16);
        try (Worker a = Worker.create(client, handlers, o.build()).start();
             Worker b = Worker.create(client, handlers, o.build()).start()) {
            await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> client.batchStatus(batch).map(BatchStatus::complete).orElse(false));
            await().atMost(Duration.ofSeconds(60)).until(() -> callbacks.get() == 2);
        }
        BatchStatus s = client.batchStatus(batch).orElseThrow();
        assertThat(s.total()).isEqualTo(MEMBERS);
        assertThat(s.succeeded()).isEqualTo(MEMBERS);
        assertThat(s.failed() + s.cancelled() + s.pending()).isZero();
        assertThat(s.outcome()).isEqualTo("SUCCEEDED");
        assertThat(ran.get()).isEqualTo(MEMBERS);
        assertThat(callbacks.get()).isEqualTo(2);
        assertThat(client.get(batch + ".onComplete").orElseThrow().result().asLong()).isEqualTo(MEMBERS);

        Set<String> ids = new HashSet<>();
        String cursor = null;
        do {
            MemberPage page = client.batchMembers(batch, cursor, 1000);
            page.members().forEach(m -> {
                assertThat(m.state()).isEqualTo("SUCCEEDED");
                ids.add(m.id());
            });
            cursor = page.nextCursor();
        } while (cursor != null);
        assertThat(ids).hasSize(MEMBERS);
        System.out.printf("workflow write units: %.2f per member%n", client.workflows().workflowWriteUnits() / MEMBERS);
    }
}
