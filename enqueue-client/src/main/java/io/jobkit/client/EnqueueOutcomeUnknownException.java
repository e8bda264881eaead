package io.jobkit.client;

/**
 * The job record was written but the answer to its SendMessage was lost (a timeout, a reset connection, a 5xx): the
 * message may or may not be in SQS, and the record did not show a worker had picked it up. jobkit leaves the record
 * QUEUED and its dedup key held rather than guess. If the message did get through, a worker runs the job; if it did
 * not, the reconciler ({@link JobClient#reconcile}) re-sends the stored message once the record is stale, and a worker's
 * conditional claim makes a second copy harmless. So the job runs once either way.
 *
 * <p>Do not enqueue the same work again under a new job: retry with the same dedup key (which returns this job's id)
 * or follow {@link #jobId()} with {@code get}/{@code await}. This is not an {@link EnqueueException}: that one means
 * the record is FAILED and a fresh enqueue is safe, which is not known here.
 */
public final class EnqueueOutcomeUnknownException extends JobkitException {
    private static final long serialVersionUID = 1L;
    private final String jobId;

    public EnqueueOutcomeUnknownException(String jobId, String message, Throwable cause) {
        super(message, cause);
        this.jobId = jobId;
    }

    /** The job whose message may or may not have been sent; its record stays QUEUED. */
    public String jobId() {
        return jobId;
    }
}
