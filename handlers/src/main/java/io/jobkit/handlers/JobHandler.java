package io.jobkit.handlers;

/**
 * Runs one job type. The payload arrives decoded into {@code P} by Jackson; the returned value is stored as the
 * job's result (serialised to JSON, size-limited; return null for none).
 *
 * <p>Outcomes: returning is success. Any exception means "retry with the job's backoff" unless it says otherwise:
 * {@link RetryJobException} retries after a delay of the handler's choosing, {@link FailJobException} fails at once
 * without further attempts, {@link JobCancelledException} records the job CANCELLED. When the context reports
 * {@link JobContext#isCancelled()} (timeout, cancel request, shutdown) the handler should stop soon; its thread is
 * also interrupted.
 *
 * @param <P> the payload type
 * @param <R> the result type
 */
@FunctionalInterface
public interface JobHandler<P, R> {

    R handle(P payload, JobContext context) throws Exception;
}
