package io.jobkit.handlers.processor;

import io.jobkit.client.Job;
import io.jobkit.client.JobStatus;
import io.jobkit.client.store.TransitionResult;

import java.time.Instant;
import java.time.Duration;

/**
 * Recognises our own write in a conflict. A conditional write whose first try was applied but whose response was
 * lost (a reset connection, a timeout after DynamoDB answered) is retried by the SDK, and the retry fails its
 * condition against the state the first try left. The record DynamoDB returns (ALL_OLD) then shows that state:
 *
 * <ul>
 *   <li>a claim is ours when the record is RUNNING with our lease owner — the owner is a fresh random token per
 *       claim, so no other claim can carry it;</li>
 *   <li>an outcome write (which clears the lease) is ours when the record is in the state we wrote, in our attempt
 *       cycle, at our attempt number: only the holder of that attempt's lease can move it there, and any later
 *       claim would have counted a new attempt. A retry also matches its next-attempt time.</li>
 * </ul>
 *
 * Such a conflict is turned into the {@link TransitionResult.Applied} it really was.
 */
final class OwnWrites {
    private OwnWrites() {
    }

    /** A claim (or redriven claim) whose conflict shows our own lease. */
    static TransitionResult claimed(TransitionResult r, String owner) {
        if (r instanceof TransitionResult.Conflict c && c.current().status() == JobStatus.RUNNING
                && c.current().lease() != null && owner.equals(c.current().lease().owner())) {
            return new TransitionResult.Applied(c.current());
        }
        return r;
    }

    /**
     * An owner-conditioned outcome write whose conflict shows the state it would have produced.
     *
     * @param attempt     the attempt number the record shows after our write (ours, or one less for a release)
     * @param nextAttempt the next-attempt time we wrote, or null when the write sets none
     */
    static TransitionResult outcome(TransitionResult r, RunningJob job, JobStatus wrote, int attempt, Instant nextAttempt) {
        if (r instanceof TransitionResult.Conflict c) {
            Job now = c.current();
            boolean ours = now.status() == wrote && now.cycle() == job.cycle() && now.attempt() == attempt
                    && (nextAttempt == null || sameInstant(now.nextAttemptAt(), nextAttempt));
            if (ours) return new TransitionResult.Applied(now);
        }
        return r;
    }

    /** Within a second: the stored timestamp may be coarser than the clock's. */
    private static boolean sameInstant(Instant stored, Instant wrote) {
        return stored != null && Duration.between(stored, wrote).abs().compareTo(Duration.ofSeconds(1)) < 0;
    }
}
