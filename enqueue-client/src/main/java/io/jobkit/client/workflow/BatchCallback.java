package io.jobkit.client.workflow;

/**
 * What a batch callback job knows about its batch: the batch id, which callback it is, the batch's summary (read
 * when asked) and its members' results, one page at a time.
 */
public final class BatchCallback {
    private final String batchId;
    private final String kind;
    private final Workflows workflows;

    public BatchCallback(String batchId, String kind, Workflows workflows) {
        this.batchId = batchId;
        this.kind = kind;
        this.workflows = workflows;
    }

    public String batchId() {
        return batchId;
    }

    /** {@code onSuccess}, {@code onComplete} or {@code onFailure}. */
    public String kind() {
        return kind;
    }

    /** The batch's counts now (an onFailure callback may run while other members still run). */
    public BatchStatus summary() {
        return workflows.batchStatus(batchId).orElseThrow(() -> new IllegalStateException("batch " + batchId
                + " no longer exists"));
    }

    /** A page of member results (1 to 1000); pass the previous page's {@code nextCursor}, null for the first. */
    public MemberPage members(String cursor, int limit) {
        return workflows.members(batchId, cursor, limit);
    }
}
