package io.jobkit.client.internal;

import io.jobkit.client.Job;
import io.jobkit.client.JobStatus;
import io.jobkit.client.Priority;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The reconciler's staleness rule: a record is judged from the end of its longest legitimate wait. */
class ReconcilerWaitTest {
    private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

    private static Job job(JobStatus status, Instant updatedAt, Instant runAt, Instant nextAttemptAt, Instant leaseUntil) {
        return new Job("j1", "t", status, "normal", Priority.NORMAL, 1, 3, 1, null, null, null, null, null,
                T.minus(Duration.ofDays(1)), updatedAt, null, null, nextAttemptAt, runAt, Map.of(), List.of(),
                leaseUntil == null ? null : new Job.Lease("w", leaseUntil), false);
    }

    @Test
    void queued_waitsUpToSqsMaximumDelayAfterItsLastUpdate() {
        assertThat(Reconciler.waitEnd(job(JobStatus.QUEUED, T, null, null, null))).isEqualTo(T.plus(Duration.ofMinutes(15)));
    }

    @Test
    void scheduledRunningAndRetrying_waitForRunAtLeaseAndNextAttempt() {
        Instant later = T.plus(Duration.ofHours(30));
        assertThat(Reconciler.waitEnd(job(JobStatus.SCHEDULED, T, later, null, null))).isEqualTo(later);
        assertThat(Reconciler.waitEnd(job(JobStatus.RUNNING, T, null, null, later))).isEqualTo(later);
        assertThat(Reconciler.waitEnd(job(JobStatus.RETRYING, T, null, later, null))).isEqualTo(later);
    }

    @Test
    void aReSentRecord_isNotStaleAgainUntilAThresholdAfterTheReSend() {
        Instant resent = T.plus(Duration.ofHours(2));
        assertThat(Reconciler.waitEnd(job(JobStatus.SCHEDULED, resent, T, null, null))).isEqualTo(resent);
        assertThat(Reconciler.waitEnd(job(JobStatus.RUNNING, resent, null, null, T))).isEqualTo(resent);
    }
}
