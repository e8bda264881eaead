package io.jobkit.client.workflow;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What a batch callback job knows about its batch: the batch id, which callback it is, the batch's summary (read
 * when asked) and its members' results, one page at a time.
 */
public final class BatchCallback {
    /** Reads a page of members: cursor (null for the first page) and limit. */
    private interface Pages {
        MemberPage read(String cursor, int limit);
    }

    private final String batchId;
    private final String kind;
    private final Supplier<BatchStatus> summary;
    private final Pages pages;

    public BatchCallback(String batchId, String kind, Workflows workflows) {
        this(batchId, kind, () -> workflows.batchStatus(batchId).orElseThrow(() -> new IllegalStateException("batch "
                + batchId + " no longer exists")), (cursor, limit) -> workflows.members(batchId, cursor, limit));
    }

    private BatchCallback(String batchId, String kind, Supplier<BatchStatus> summary, Pages pages) {
        this.batchId = batchId;
        this.kind = kind;
        this.summary = summary;
        this.pages = pages;
    }

    /**
     * A callback over fixed data, for tests of callback handlers (the test kit's {@code JobHandlerTester}): the
     * summary as given, the members paged in their order as the store pages them.
     */
    public static BatchCallback of(String batchId, String kind, BatchStatus summary, List<MemberResult> members) {
        Objects.requireNonNull(batchId, "batchId");
        if (!List.of("onSuccess", "onComplete", "onFailure").contains(kind)) {
            throw new IllegalArgumentException("callback kind '" + kind + "' is not onSuccess, onComplete or onFailure");
        }
        Objects.requireNonNull(summary, "summary");
        List<MemberResult> all = List.copyOf(members);
        return new BatchCallback(batchId, kind, () -> summary, (cursor, limit) -> {
            if (limit < 1 || limit > 1000) throw new IllegalArgumentException("limit " + limit + " is out of range; use 1 to 1000");
            int from;
            try {
                from = cursor == null ? 0 : Integer.parseInt(cursor);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("cursor '" + cursor + "' is not one this batch handed out");
            }
            int to = Math.min(all.size(), from + limit);
            return new MemberPage(all.subList(Math.min(from, to), to), to < all.size() ? Integer.toString(to) : null);
        });
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
        return summary.get();
    }

    /** A page of member results (1 to 1000); pass the previous page's {@code nextCursor}, null for the first. */
    public MemberPage members(String cursor, int limit) {
        return pages.read(cursor, limit);
    }
}
