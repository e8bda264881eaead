package io.jobkit.client;

/**
 * The job record was written but its message could not be sent (or its schedule created). The record has been
 * moved to FAILED with the reason, and its dedup key released, so nothing pretends to be queued and retrying the
 * enqueue is safe.
 */
public final class EnqueueException extends JobkitException {
    private static final long serialVersionUID = 1L;
    private final String jobId;

    public EnqueueException(String jobId, String message, Throwable cause) {
        super(message, cause);
        this.jobId = jobId;
    }

    /** The id of the record that was marked FAILED. */
    public String jobId() {
        return jobId;
    }
}
