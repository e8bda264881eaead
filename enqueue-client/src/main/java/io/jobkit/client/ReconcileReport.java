package io.jobkit.client;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one reconciler run found and did.
 *
 * @param ran          false when another reconciler held the table's lease; {@code heldBy} then says who
 * @param heldBy       the lease holder and its expiry when {@code ran} is false, else null
 * @param dryRun       nothing was changed; {@code repairs} say what would have been
 * @param examined     non-terminal records old enough to be looked at
 * @param repairs      one entry per stale record repaired (or, in a dry run, to be repaired)
 * @param lostRaces    stale records that moved (a worker claimed them, a cancel) between the read and the repair
 */
public record ReconcileReport(boolean ran, String heldBy, boolean dryRun, int examined, List<Repair> repairs, int lostRaces) {
    public ReconcileReport {
        repairs = List.copyOf(repairs);
    }

    /** What was done to one record. */
    public enum Action {
        /** Its stored message was sent to its queue again. */
        RESENT,
        /** No stored message is left to send: the record is FAILED with the reason. */
        FAILED,
        /**
         * A batch whose creator stopped half-way (no beat for the threshold): sealed with the members enqueued by
         * then, the rest counted as never enqueued; it completes FAILED. {@code jobId} is the batch's id.
         */
        BATCH_SEALED,
        /** A chain whose creator stopped before enqueueing its first step: the step was enqueued. {@code jobId} is the chain's id. */
        CHAIN_STARTED
    }

    /**
     * @param jobId the repaired job's id, or the batch's or chain's id for {@link Action#BATCH_SEALED} and
     *              {@link Action#CHAIN_STARTED}
     * @param was   the state the record was stale in; {@code reason} says since when and what was done
     */
    public record Repair(String jobId, JobStatus was, Action action, String reason) {
    }

    /** Repairs counted by kind, e.g. {@code queued.resent} → 3, {@code running.failed} → 1. */
    public Map<String, Integer> repairedByKind() {
        Map<String, Integer> counts = new TreeMap<>();
        for (Repair r : repairs) {
            counts.merge(r.was().name().toLowerCase() + "." + r.action().name().toLowerCase(), 1, Integer::sum);
        }
        return counts;
    }
}
