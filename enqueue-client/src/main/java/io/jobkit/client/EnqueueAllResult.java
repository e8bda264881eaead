package io.jobkit.client;

import java.util.List;

/**
 * What {@link JobClient#enqueueAll(String, List, int)} did: how many items there were, how many were enqueued, and
 * each failed item with its position and reason. The other items are unaffected by a failed one.
 *
 * @param jobIds the job id per item, in order (null for an item that was rejected before an id was assigned)
 */
public record EnqueueAllResult(int total, int enqueued, List<ItemError> failed, List<String> jobIds) {

    public EnqueueAllResult {
        failed = List.copyOf(failed);
        jobIds = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(jobIds));
    }

    /** One item that was not enqueued: its 0-based position and why. */
    public record ItemError(int index, String error) {
    }
}
