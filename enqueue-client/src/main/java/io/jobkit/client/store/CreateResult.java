package io.jobkit.client.store;

/**
 * @param jobId     the job that now stands for this enqueue: the new one, or the first one when deduplicated
 * @param duplicate true when a live deduplication key pointed at an earlier job and nothing was written
 */
public record CreateResult(String jobId, boolean duplicate) {
}
