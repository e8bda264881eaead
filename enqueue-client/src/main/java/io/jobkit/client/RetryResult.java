package io.jobkit.client;

/**
 * What {@link JobClient#retry(String)} did.
 *
 * @param outcome what happened
 * @param status  the job's status after the call (null when not found)
 * @param cycle   the job's attempt cycle after the call (the new one when retried), 0 when not found
 */
public record RetryResult(Outcome outcome, JobStatus status, int cycle) {

    public enum Outcome {
        /** The FAILED job is QUEUED again as a fresh attempt cycle and its message was sent. */
        RETRIED,
        /** The job is not FAILED; nothing changed. Only FAILED jobs can be retried. */
        NOT_FAILED,
        /**
         * The job's stored envelope (its payload) has expired with the job's retention, so there is nothing to send;
         * nothing changed. Enqueue it again instead.
         */
        ENVELOPE_EXPIRED,
        /** No job has this id. */
        NOT_FOUND
    }
}
