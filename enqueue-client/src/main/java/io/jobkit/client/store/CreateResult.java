package io.jobkit.client.store;

/**
 * What writing one new job did.
 *
 * @param jobId     the job that now stands for this enqueue: the new one, or the first one when deduplicated; for a
 *                  failure, the id that was assigned
 * @param duplicate true when a live deduplication key pointed at an earlier job and nothing was written
 * @param failure   null when written; otherwise why the job's items could not be written (nothing may be sent)
 */
public record CreateResult(String jobId, boolean duplicate, String failure) {

    public static CreateResult created(String jobId) {
        return new CreateResult(jobId, false, null);
    }

    public static CreateResult duplicateOf(String jobId) {
        return new CreateResult(jobId, true, null);
    }

    public static CreateResult failed(String jobId, String failure) {
        return new CreateResult(jobId, false, failure);
    }

    public boolean written() {
        return failure == null;
    }
}
