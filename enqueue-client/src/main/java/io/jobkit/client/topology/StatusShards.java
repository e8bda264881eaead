package io.jobkit.client.topology;

import io.jobkit.client.JobValidationException;

/**
 * How many partitions per phase the status index ({@link JobTable#STATUS_INDEX}) is spread over.
 *
 * <p>A job's shard is {@code floorMod(id.hashCode(), count)}, so it lies in {@code 0..count-1}. A listing queries
 * shards {@code 0..listing-1}; that range holds every record written with any count up to {@code listing}. Raising
 * the count on a live table is therefore safe: old records sit in the lower shards, which the larger range still
 * reads, and each record moves to its new shard at its next transition. Lowering it would leave records that never
 * transition again (finished ones, until TTL removes them) in shards a listing no longer reads, so a lower count
 * needs {@code listing} kept at the old count until those records have moved or expired.
 *
 * @param count   shards new index keys are written to (default {@value #DEFAULT})
 * @param listing shards a listing reads; at least {@code count} (default: {@code count})
 */
public record StatusShards(int count, int listing) {
    /** The shard count of every table before it was configurable. */
    public static final int DEFAULT = 8;
    /**
     * The largest count. A listing page costs one Query per shard it reads (and a COUNT query per shard for metrics),
     * so the read cost grows with the count while 256 shards already carry ≈ 128,000 jobs/s through the active phase
     * at 1,000 WCU/s per partition — several times a table's default write quota (40,000 WCU/s).
     */
    public static final int MAX = 256;

    public StatusShards {
        if (count < 1 || count > MAX) {
            throw new JobValidationException("status shard count " + count + " is out of range; use 1 to " + MAX
                    + " (default " + DEFAULT + "; about 1,000 index writes/s per shard: 8 carry ≈ 4,000 jobs/s at"
                    + " tracking full, 10,000 jobs/s needs at least 20)");
        }
        if (listing < count || listing > MAX) {
            throw new JobValidationException("status listing shards " + listing + " must be between the shard count "
                    + count + " and " + MAX + ": listings must read every shard jobs are written to (keep it at the old"
                    + " count after lowering the shard count, until the old records have expired)");
        }
    }

    /** {@code count} shards, listed exactly. */
    public static StatusShards of(int count) {
        return new StatusShards(count, count);
    }

    /** The layout of every table before the count was configurable: 8 shards. */
    public static StatusShards defaults() {
        return of(DEFAULT);
    }

    /** The shard of job {@code id}. */
    public int shardOf(String id) {
        return Math.floorMod(id.hashCode(), count);
    }
}
