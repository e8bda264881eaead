package io.jobkit.handlers.processor;

/**
 * The result of processing one message: what to do with it, and what happened, for counters and logs.
 *
 * @param jobId the job id, or null for a body that was not an envelope
 */
public record ProcessResult(String jobId, String type, Kind kind, Disposition disposition) {

    public enum Kind {
        SUCCEEDED, RETRYING, FAILED, CANCELLED,
        /** Malformed body, unknown type or undecodable payload: dead-lettered before any attempt. */
        REJECTED,
        /** Another copy of a job that is finished, cancelled, or running under a live lease elsewhere. */
        DUPLICATE,
        /**
         * A job type this runtime does not serve (not in its {@code servedTypes}): put back for another worker
         * without an attempt.
         */
        NOT_SERVED,
        /** Arrived before its not-before time or next attempt; put back without counting an attempt. */
        EARLY,
        /** Interrupted by shutdown: released to run again without counting the attempt. */
        RELEASED,
        /**
         * This runtime lost the lease, could not record the outcome, or could not start the job (store errors, too
         * many abandoned handler threads); the message is left or put back to reappear.
         */
        ABANDONED
    }

    /** True for outcomes a worker counts as processed (an attempt ran or a job reached a final state). */
    public boolean countsAsProcessed() {
        return kind == Kind.SUCCEEDED || kind == Kind.RETRYING || kind == Kind.FAILED || kind == Kind.CANCELLED
                || kind == Kind.REJECTED;
    }
}
