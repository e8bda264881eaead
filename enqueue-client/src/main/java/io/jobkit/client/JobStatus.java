package io.jobkit.client;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a job is in its life. Which moves are legal is fixed in one place, {@link JobTransition}; this enum only
 * answers questions derived from that table.
 */
public enum JobStatus {
    /** Waiting in EventBridge Scheduler for its run-at time. */
    SCHEDULED,
    /** In SQS, possibly delayed up to 15 minutes. */
    QUEUED,
    /** Claimed by a worker that holds its lease. */
    RUNNING,
    /** Failed an attempt and waits for its backoff before the next one. */
    RETRYING,
    /** Finished successfully. Terminal. */
    SUCCEEDED,
    /** Attempts exhausted, permanent error, or rejected (malformed, unknown type); its message is in the DLQ. */
    FAILED,
    /** Cancelled before it could finish. Terminal. */
    CANCELLED;

    /** True for states no worker will move out of on its own (a FAILED job can still be redriven or retried). */
    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    /** The states a job in this state may move to, by any transition. */
    public Set<JobStatus> successors() {
        Set<JobStatus> next = EnumSet.noneOf(JobStatus.class);
        for (JobTransition t : JobTransition.values()) {
            if (t.from().contains(this)) next.add(t.to());
        }
        return next;
    }

    public boolean canMoveTo(JobStatus target) {
        return successors().contains(target);
    }
}
