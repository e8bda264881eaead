package io.jobkit.handlers.processor;

import io.jobkit.client.Job;
import io.jobkit.client.JobStatus;
import io.jobkit.client.Priority;
import io.jobkit.client.store.TransitionResult;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class OwnWritesTest {
    private static Job job(JobStatus status, int attempt, int cycle, String owner) {
        return new Job("j-1", "t", status, "normal", Priority.NORMAL, attempt, 3, cycle, null, null, null, null, null,
                null, null, null, null, null, null, null, null,
                owner == null ? null : new Job.Lease(owner, Instant.parse("2026-01-01T00:00:30Z")), false);
    }

    @Test
    void aClaimConflictShowingOurOwnLease_isTheClaimWhoseResponseWasLost() {
        TransitionResult r = OwnWrites.claimed(new TransitionResult.Conflict(job(JobStatus.RUNNING, 1, 1, "w/abc")), "w/abc");
        assertThat(r).isInstanceOf(TransitionResult.Applied.class);
    }

    @Test
    void aClaimConflictShowingAnotherLease_staysAConflict() {
        TransitionResult r = OwnWrites.claimed(new TransitionResult.Conflict(job(JobStatus.RUNNING, 1, 1, "w/other")), "w/abc");
        assertThat(r).isInstanceOf(TransitionResult.Conflict.class);
        TransitionResult done = OwnWrites.claimed(new TransitionResult.Conflict(job(JobStatus.SUCCEEDED, 1, 1, null)), "w/abc");
        assertThat(done).isInstanceOf(TransitionResult.Conflict.class);
    }
}
