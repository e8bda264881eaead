package io.jobkit.handlers;

/** The handler stopped because its job was cancelled; the job is recorded CANCELLED (not retried). */
public class JobCancelledException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JobCancelledException(String reason) {
        super(reason == null ? "cancelled" : reason);
    }
}
