package io.jobkit.tests.tracking;

import io.jobkit.client.Job;
import io.jobkit.client.JobClient;
import io.jobkit.client.JobFilter;
import io.jobkit.client.JobNotTrackedException;
import io.jobkit.client.JobOptions;
import io.jobkit.client.JobStatus;
import io.jobkit.client.JobValidationException;
import io.jobkit.client.TrackingLevel;
import io.jobkit.client.Backoff;
import io.jobkit.client.queues.DeadLetter;
import io.jobkit.handlers.FailJobException;
import io.jobkit.handlers.JobHandlers;
import io.jobkit.handlers.worker.Worker;
import io.jobkit.handlers.worker.WorkerOptions;
import io.jobkit.tests.support.LocalCloudExtension;
import io.jobkit.tests.support.TestCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Issue 16: what lean and none give and refuse, through the real client and worker on the local cloud. */
@ExtendWith(LocalCloudExtension.class)
class TrackingLevelsIT {

    private static Worker worker(JobClient client, JobHandlers handlers, String queue) {
        return Worker.create(client, handlers, WorkerOptions.builder().queues(List.of(queue))
                .pollWait(Duration.ofSeconds(1)).shutdownTimeout(Duration.ofSeconds(5)).build()).start();
    }

    @Test
    void leanJob_isNotTrackedYetBeforeItsFirstClaim_thenHasARecord(TestCloud base) {
        TestCloud cloud = base.fresh(t -> t.tracking("low", TrackingLevel.LEAN));
        JobClient client = cloud.client();
        String id = client.enqueue("lean.echo", Map.of("n", 1), JobOptions.builder().queue("low").build());

        assertThatThrownBy(() -> client.get(id)).isInstanceOf(JobNotTrackedException.class)
                .hasMessageContaining("not tracked yet").hasMessageContaining("lean")
                .satisfies(e -> assertThat(((JobNotTrackedException) e).code()).isEqualTo("NOT_TRACKED_YET"));
        // a missing job is still a plain empty answer
        assertThat(client.get("0190a5f2-0000-7000-8000-000000000000")).isEmpty();

        JobHandlers handlers = JobHandlers.builder().handler("lean.echo", Map.class, (p, ctx) -> Map.of("attempt", ctx.attempt())).build();
        try (Worker w = worker(client, handlers, "low")) {
            await().atMost(Duration.ofSeconds(20)).ignoreExceptionsInstanceOf(JobNotTrackedException.class).until(() -> client.get(id).map(Job::status).orElse(null) == JobStatus.SUCCEEDED);
        }
        Job done = client.get(id).orElseThrow();
        assertThat(done.attempt()).isEqualTo(1);
        assertThat(done.result().get("attempt").asInt()).isEqualTo(1);
        assertThat(done.queue()).isEqualTo("low");
    }

    @Test
    void leanDedup_staysAtomic_andLeanFailures_areListed(TestCloud base) {
        TestCloud cloud = base.fresh(t -> t.tracking("low", TrackingLevel.LEAN));
        JobClient client = cloud.client();
        JobOptions once = JobOptions.builder().queue("low").dedupKey("invoice-7").build();
        String first = client.enqueue("lean.fail", Map.of(), once);
        String second = client.enqueue("lean.fail", Map.of(), once);
        assertThat(second).isEqualTo(first);
        assertThat(cloud.depth(cloud.queueUrl("low"))).isEqualTo(1);

        JobHandlers handlers = JobHandlers.builder().handler("lean.fail", Map.class, (p, ctx) -> {
            throw new FailJobException("card declined");
        }).build();
        try (Worker w = worker(client, handlers, "low")) {
            await().atMost(Duration.ofSeconds(20)).ignoreExceptionsInstanceOf(JobNotTrackedException.class).until(() -> client.get(first).map(Job::status).orElse(null) == JobStatus.FAILED);
        }
        assertThat(client.list(JobFilter.status(JobStatus.FAILED)).jobs()).extracting(Job::id).containsExactly(first);
        await().atMost(Duration.ofSeconds(10)).until(() -> cloud.depth(cloud.dlqUrl("low")) == 1);
    }

    @Test
    void leanAndNone_refuseWhatTheyCannotOffer_withASentence(TestCloud base) {
        TestCloud cloud = base.fresh(t -> t.tracking("low", TrackingLevel.LEAN));
        JobClient client = cloud.client();
        assertThatThrownBy(() -> client.enqueue("x", Map.of(), JobOptions.builder().queue("low").jobId("report-1").build()))
                .isInstanceOf(JobValidationException.class).hasMessageContaining("jobId needs tracking 'full'")
                .hasMessageContaining("queue 'low'");
        assertThatThrownBy(() -> client.enqueue("x", Map.of(), JobOptions.builder().tracking(TrackingLevel.NONE).dedupKey("k").build()))
                .isInstanceOf(JobValidationException.class).hasMessageContaining("tracked 'none'");
    }

    @Test
    void noneJob_retriesThroughVisibility_countsAttemptsFromReceives_andDeadLettersWithTheReason(TestCloud base) {
        TestCloud cloud = base.fresh(t -> t.tracking("high", TrackingLevel.NONE));
        JobClient client = cloud.client();
        Map<String, List<Integer>> attempts = new ConcurrentHashMap<>();
        JobHandlers handlers = JobHandlers.builder().handler("none.flaky", Map.class, (p, ctx) -> {
            attempts.computeIfAbsent(ctx.jobId(), k -> new CopyOnWriteArrayList<>()).add(ctx.attempt());
            if (ctx.attempt() < 2) throw new IllegalStateException("not yet");
            return null;
        }).handler("none.broken", Map.class, (p, ctx) -> {
            attempts.computeIfAbsent(ctx.jobId(), k -> new CopyOnWriteArrayList<>()).add(ctx.attempt());
            throw new IllegalStateException("always broken");
        }).build();
        JobOptions options = JobOptions.builder().queue("high").maxAttempts(2).backoff(Backoff.fixed(Duration.ofSeconds(1))).build();
        String flaky = client.enqueue("none.flaky", Map.of(), options);
        String broken = client.enqueue("none.broken", Map.of(), options);

        assertThatThrownBy(() -> client.get(flaky)).isInstanceOf(JobNotTrackedException.class)
                .satisfies(e -> assertThat(((JobNotTrackedException) e).code()).isEqualTo("NOT_TRACKED"));
        try (Worker w = worker(client, handlers, "high")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> cloud.depth(cloud.dlqUrl("high")) == 1
                    && cloud.depth(cloud.queueUrl("high")) == 0);
        }
        assertThat(attempts.get(flaky)).containsExactly(1, 2);
        assertThat(attempts.get(broken)).containsExactly(1, 2);
        List<Message> dead = cloud.drain(cloud.dlqUrl("high"));
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).messageAttributes().get(DeadLetter.REASON_ATTRIBUTE).stringValue())
                .contains("attempts exhausted (2 of 2)").contains("always broken");
        assertThat(dead.get(0).body()).contains(broken);
    }
}
