package io.jobkit.client.health;

import io.jobkit.client.WorkerInfo;
import io.jobkit.client.metrics.JobMetrics;
import io.jobkit.client.metrics.MinuteStats;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HealthCheckTest {
    private static final Instant NOW = Instant.parse("2026-01-05T10:00:00Z");
    private static final HealthThresholds LIMITS = new HealthThresholds(100, Duration.ofMinutes(5), 2, Duration.ofMinutes(15));
    private static final WorkerInfo SERVING_NORMAL = new WorkerInfo("w1", "worker", "h", 1, List.of("normal"), 8, 0, 0, 0,
            0, NOW, NOW);

    private static JobMetrics.QueueMetrics queue(long depth, long dlq, Long oldestMs) {
        return new JobMetrics.QueueMetrics("normal", depth, 0, 0, dlq, oldestMs);
    }

    @Test
    void aQueueWithinEveryThresholdAndAWorker_isHealthy() {
        HealthReport r = HealthCheck.evaluate(LIMITS, List.of(queue(10, 2, 1000L)), List.of(), List.of(SERVING_NORMAL));
        assertThat(r.healthy()).isTrue();
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void everyFailedCheck_isListedWithItsReason() {
        MinuteStats dead = new MinuteStats(NOW, "normal", "t");
        dead.countFailed();
        dead.countDeadLettered();
        HealthReport r = HealthCheck.evaluate(LIMITS, List.of(queue(101, 3, Duration.ofMinutes(6).toMillis())),
                List.of(dead), List.of());
        assertThat(r.healthy()).isFalse();
        assertThat(r.problems()).extracting(HealthReport.Problem::check).containsExactly(HealthReport.Check.BACKLOG,
                HealthReport.Check.OLDEST_AGE, HealthReport.Check.DLQ_DEPTH, HealthReport.Check.DLQ_GROWING,
                HealthReport.Check.NO_CONSUMER);
        assertThat(r.problems().get(0).reason()).isEqualTo("queue normal has a backlog of 101 messages, over the threshold of 100");
        assertThat(r.problems().get(3).reason()).contains("1 dead letter(s) in the last 15 min");
    }

    @Test
    void anEmptyQueueWithoutWorkers_isNotAProblem_butAWorkerOnAnotherQueueDoesNotServeIt() {
        assertThat(HealthCheck.evaluate(LIMITS, List.of(queue(0, 0, null)), List.of(), List.of()).healthy()).isTrue();
        WorkerInfo other = new WorkerInfo("w2", "lambda", "h", 1, List.of("low"), 1, 0, 0, 0, 0, NOW, NOW);
        assertThat(HealthCheck.evaluate(LIMITS, List.of(queue(1, 0, null)), List.of(), List.of(other)).problems())
                .extracting(HealthReport.Problem::check).containsExactly(HealthReport.Check.NO_CONSUMER);
    }

    @Test
    void aTypeDeclinedByAWorker_isAProblem_onlyWhileNoLiveWorkerServesIt() {
        WorkerInfo emailOnly = new WorkerInfo("w-email", "worker", "h", 1, List.of("normal"), 8, 0, 0, 0, 0, NOW, NOW, 0,
                List.of("email.send"), List.of("report.build"), null);

        HealthReport alone = HealthCheck.evaluate(LIMITS, List.of(), List.of(), List.of(emailOnly));
        assertThat(alone.healthy()).isFalse();
        assertThat(alone.problems()).singleElement().satisfies(p -> {
            assertThat(p.check()).isEqualTo(HealthReport.Check.UNSERVED_TYPE);
            assertThat(p.reason()).contains("report.build", "w-email", "--types");
        });

        WorkerInfo reports = new WorkerInfo("w-report", "worker", "h", 2, List.of("normal"), 8, 0, 0, 0, 0, NOW, NOW, 0,
                List.of("report.build"), List.of("email.send"), 120L);
        assertThat(HealthCheck.evaluate(LIMITS, List.of(), List.of(), List.of(emailOnly, reports)).healthy()).isTrue();
    }
}
