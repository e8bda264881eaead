package io.jobkit.client.topology;

import java.util.List;

/**
 * The physical layout of the jobs table, shared by the job store, the local cloud's provisioner and the CDK app.
 *
 * <p>Single table, composite key. A job is {@code pk=JOB#<id>, sk=JOB}; a deduplication key is
 * {@code pk=DEDUP#<key>, sk=DEDUP}; a worker heartbeat is {@code pk=WORKER#<id>, sk=WORKER}.
 *
 * <p>The status index is write-sharded: its partition key is {@code <phase>#<shard>} with the shard derived from
 * the job id, so a hot status (say thousands of SUCCEEDED jobs a second) spreads over the topology's
 * {@link StatusShards} partitions instead of one. Its sort key is {@code <createdAt>#<id>}, so a query reads newest first whatever the
 * id looks like (ids from recurring firings and hand-written messages are not time-ordered); a listing queries the
 * shards of each wanted status and merges them.
 *
 * <p>The phase is {@link #ACTIVE_PHASE} for QUEUED and RUNNING and the status itself otherwise, and the index
 * projects only attributes no transition changes: so the claim of a queued job and its lease extensions write
 * nothing to the index (a key change costs a delete and a put there), and the common path re-keys it once, at its
 * outcome. Listing QUEUED or RUNNING reads the active phase and keeps the records in that status. Tables written
 * before this layout have {@code QUEUED#<shard>} and {@code RUNNING#<shard>} partitions too; listings still read
 * those, and a record moves to the active phase at its next transition.
 */
public final class JobTable {
    public static final String PARTITION_KEY = "pk";
    public static final String SORT_KEY = "sk";
    /**
     * The index name. The {@code v2} index replaced {@code by-status} (which projected status, attempt and times, so
     * every transition rewrote it): a projection cannot change in place, so the new layout is a new index.
     */
    public static final String STATUS_INDEX = "by-status-v2";
    /** The index of the layout before tracking levels, still on tables created then, until it is dropped. */
    public static final String LEGACY_STATUS_INDEX = "by-status";
    /**
     * The legacy index's projection, exactly as it was deployed (the CDK app re-declares it for the first of the two
     * upgrade deploys: CloudFormation adds or removes one GSI per update, and a changed definition would count as
     * both). Nothing reads that index any more; {@link #STATUS_INDEX} holds the old records' keys too.
     */
    public static final List<String> LEGACY_STATUS_INDEX_PROJECTION = List.of(
            "id", "type", "status", "queue", "priority", "attempt", "maxAttempts", "cycle", "progress",
            "progressMessage", "createdAt", "updatedAt", "finishedAt", "nextAttemptAt", "runAt", "tags", "errorMessage");
    /** The index phase of QUEUED and RUNNING jobs. */
    public static final String ACTIVE_PHASE = "ACTIVE";
    public static final String STATUS_INDEX_PARTITION_KEY = "statusShard";
    public static final String STATUS_INDEX_SORT_KEY = "createdKey";
    /**
     * The status-index phase of workflows still being created: a batch until its creator has enqueued every member
     * and sealed it, a chain until its first step is enqueued. The keys are removed then, so the partitions hold only
     * creations in progress (or abandoned by a creator that died), which the reconciler finds without a scan. Spread
     * over {@link #OPEN_WORKFLOWS_SHARDS} partitions by the workflow's id, like the job phases.
     */
    public static final String OPEN_WORKFLOWS_PHASE = "WORKFLOW_OPEN";
    public static final int OPEN_WORKFLOWS_SHARDS = 8;
    /** Epoch seconds after which DynamoDB TTL deletes the item (finished jobs, dedup keys, heartbeats). */
    public static final String TTL_ATTRIBUTE = "expiresAt";
    /**
     * The shard count of the layout before tracking levels ({@code <STATUS>#<shard>} partitions). That layout was
     * only ever written with 8 shards, so listings read its partitions 0..7 whatever the configured count.
     */
    public static final int LEGACY_STATUS_SHARDS = 8;
    /**
     * Attributes copied into the status index besides the keys: only those set when the record is created and never
     * changed, so transitions do not write the index; a listing reads the records themselves for the rest.
     */
    public static final List<String> STATUS_INDEX_PROJECTION = List.of("id", "type", "queue", "createdAt");

    private JobTable() {
    }
}
