package io.jobkit.handlers;

import io.jobkit.client.JobClient;
import io.jobkit.client.EnqueueRequest;
import io.jobkit.client.JobEnqueuer;
import io.jobkit.client.workflow.BatchCallback;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What a running handler knows about its job, and how it reports back. */
public interface JobContext {

    String jobId();

    String type();

    /** The attempt of the current cycle, 1-based. */
    int attempt();

    int maxAttempts();

    /** The logical queue the job came from. */
    String queue();

    /** When this attempt must end: the job's timeout, or sooner when the runtime (Lambda) ends first. */
    Instant deadline();

    /** Time left until {@link #deadline()}, never negative. */
    Duration remaining();

    /**
     * Reports progress (0–100) with an optional message. Stored on the job record, throttled so a tight loop cannot
     * flood DynamoDB: at most one write per second, the latest value wins, and 100 % is always written.
     */
    void progress(int percent, String message);

    default void progress(int percent) {
        progress(percent, null);
    }

    /**
     * Logs an INFO line with the job id (SLF4J, MDC {@code jobId}/{@code jobType}/{@code attempt}/{@code queue}); the
     * last lines are kept on the job record. {@code {}} placeholders as in SLF4J.
     */
    void log(String format, Object... args);

    /**
     * The job's levelled log: {@code ctx.log().warn("slow upstream", Map.of("host", h))}. Lines keep their level and
     * time on the record. The default (for contexts other than the runtime's) writes them through
     * {@link #log(String, Object...)} prefixed with the level.
     */
    default JobLog log() {
        return (level, message, fields) -> log("{} {}{}", level, message, JobLog.render(fields));
    }

    /**
     * The W3C {@code traceparent} the job was enqueued under, or null when it carried none. The handler runs inside a
     * span continuing it (made current, so {@code Span.current()} and follow-up enqueues see the same trace).
     */
    default String traceparent() {
        return null;
    }

    /** True once the attempt should stop: timed out, cancel requested, lease lost, or the worker is shutting down. */
    boolean isCancelled();

    /** Why {@link #isCancelled()} is true, or null. */
    String cancelReason();

    /** Throws {@link JobCancelledException} when {@link #isCancelled()}; a convenient check inside loops. */
    default void throwIfCancelled() {
        if (isCancelled()) throw new JobCancelledException(cancelReason());
    }

    /**
     * For a chain step: what the step before produced, as {@code type} (a job's result; a batch step's summary with
     * {@code batchId, total, succeeded, failed, cancelled}). Null for the first step and outside chains.
     *
     * @throws IllegalArgumentException the result does not convert to {@code type}
     */
    default <T> T previousResult(Class<T> type) {
        return null;
    }

    /** The batch this job is a member of, if any. */
    default Optional<String> batchId() {
        return Optional.empty();
    }

    /** The chain this job is a step of, if any. */
    default Optional<String> chainId() {
        return Optional.empty();
    }

    /** For a batch callback job: its batch's id, summary and member results. Empty for other jobs. */
    default Optional<BatchCallback> batchCallback() {
        return Optional.empty();
    }

    /**
     * Adds jobs to this job's own batch. They count as pending before they are sent, and this job is pending while it
     * runs, so the batch cannot complete in between. Returns the new members' ids.
     *
     * @throws IllegalStateException this job is not a batch member
     */
    default List<String> addToBatch(List<EnqueueRequest> requests) {
        throw new IllegalStateException("job " + jobId() + " is not a batch member; only members may add to their batch");
    }

    /** A client for follow-up work; jobs it enqueues record this job as their parent. */
    JobClient client();

    /**
     * The same client seen as a {@link JobEnqueuer}: prefer this for follow-up jobs, so a handler run by the test
     * kit's {@code JobHandlerTester} has its follow-ups recorded instead of sent.
     */
    default JobEnqueuer enqueuer() {
        return client();
    }
}
