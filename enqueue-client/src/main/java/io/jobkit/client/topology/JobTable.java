package io.jobkit.client.topology;

import java.util.List;

/**
 * The physical layout of the jobs table, shared by the job store, the local cloud's provisioner and the CDK app.
 *
 * <p>Single table, composite key. A job is {@code pk=JOB#<id>, sk=JOB}; a deduplication key is
 * {@code pk=DEDUP#<key>, sk=DEDUP}; a worker heartbeat is {@code pk=WORKER#<id>, sk=WORKER}.
 *
 * <p>The status index is write-sharded: its partition key is {@code <status>#<shard>} with the shard derived from
 * the job id, so a hot status (say thousands of SUCCEEDED jobs a second) spreads over {@link #STATUS_SHARDS}
 * partitions instead of one. Its sort key is {@code <createdAt>#<id>}, so a query reads newest first whatever the
 * id looks like (ids from recurring firings and hand-written messages are not time-ordered); a listing queries the
 * shards of each wanted status and merges them.
 */
public final class JobTable {
    public static final String PARTITION_KEY = "pk";
    public static final String SORT_KEY = "sk";
    public static final String STATUS_INDEX = "by-status";
    public static final String STATUS_INDEX_PARTITION_KEY = "statusShard";
    public static final String STATUS_INDEX_SORT_KEY = "createdKey";
    /** Epoch seconds after which DynamoDB TTL deletes the item (finished jobs, dedup keys, heartbeats). */
    public static final String TTL_ATTRIBUTE = "expiresAt";
    /** Number of status-index partitions per status. Changing it on a live table needs a backfill. */
    public static final int STATUS_SHARDS = 8;
    /**
     * Attributes copied into the status index besides the keys: what a listing shows, never the payload, result or
     * logs (which may be hundreds of KiB).
     */
    public static final List<String> STATUS_INDEX_PROJECTION = List.of(
            "id", "type", "status", "queue", "priority", "attempt", "maxAttempts", "cycle", "progress",
            "progressMessage", "createdAt", "updatedAt", "finishedAt", "nextAttemptAt", "runAt", "tags", "errorMessage");

    private JobTable() {
    }
}
