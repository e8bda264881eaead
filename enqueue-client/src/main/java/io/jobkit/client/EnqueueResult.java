package io.jobkit.client;

/**
 * What became of one item of a bulk enqueue.
 *
 * @param jobId        the job id; for a duplicate, the first job's id; for a failure, the id that was assigned (or
 *                     null when the item was rejected before an id was assigned)
 * @param deduplicated true when a live dedup key made this item return an earlier job
 * @param error        null on success; otherwise why this item was not enqueued (the others are unaffected)
 */
public record EnqueueResult(String jobId, boolean deduplicated, JobkitException error) {

    public boolean succeeded() {
        return error == null;
    }
}
