package io.jobkit.client.workflow;

import java.time.Instant;
import java.util.Map;

/**
 * A batch's counts and state, summed over its counter shards.
 *
 * @param total        members enqueued or being enqueued (additions in flight count as pending)
 * @param pending      members not terminal yet
 * @param sealed       false while the batch's creator is still enqueueing members; a batch completes only sealed
 * @param outcome      null while running; SUCCEEDED (all succeeded), FAILED (a member failed) or CANCELLED once complete
 * @param callbackJobs the ids of the callback jobs enqueued so far, by callback ({@code onSuccess}, ...)
 * @param cancelled    members that ended CANCELLED
 * @param cancelRequested whether someone cancelled the batch
 * @param parentBatch  the batch this batch is a member of, or null
 * @param parentChain  the chain this batch is a step of (a chord), or null
 * @param notEnqueued  members its creator never enqueued because it stopped half-way (the reconciler sealed the
 *                     batch, see {@code abandonedReason}); a batch with any is FAILED. 0 normally
 * @param abandonedReason why the reconciler sealed the batch in its creator's place, or null
 */
public record BatchStatus(String id, long total, long pending, long succeeded, long failed, long cancelled,
                          boolean sealed, String outcome, Map<String, String> callbackJobs, boolean cancelRequested,
                          String parentBatch, String parentChain, Instant createdAt, Instant completedAt,
                          long notEnqueued, String abandonedReason) {

    public BatchStatus {
        callbackJobs = callbackJobs == null ? Map.of() : Map.copyOf(callbackJobs);
    }

    /** A batch its creator created in full. */
    public BatchStatus(String id, long total, long pending, long succeeded, long failed, long cancelled,
                       boolean sealed, String outcome, Map<String, String> callbackJobs, boolean cancelRequested,
                       String parentBatch, String parentChain, Instant createdAt, Instant completedAt) {
        this(id, total, pending, succeeded, failed, cancelled, sealed, outcome, callbackJobs, cancelRequested,
                parentBatch, parentChain, createdAt, completedAt, 0, null);
    }

    public boolean complete() {
        return outcome != null;
    }
}
