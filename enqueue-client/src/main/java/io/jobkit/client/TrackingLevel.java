package io.jobkit.client;

import java.util.Locale;

/**
 * How much of a job's life jobkit records in DynamoDB. Set per queue in the topology (so the CDK app and
 * {@code local/run} see it) and per job in {@link JobOptions#tracking()}; a job's own level wins.
 *
 * <ul>
 *   <li>{@link #FULL} (default): a record from enqueue on, in the status index, with its envelope; status, listing,
 *       dedup, cancel, await, retry, progress and logs.</li>
 *   <li>{@link #LEAN}: nothing is written before the first claim, which creates the record; then only the claim and
 *       the outcome. Only FAILED jobs enter the status index. A dedup key is still held atomically (one dedup item at
 *       enqueue). A {@code get} before the first claim answers "not tracked yet".</li>
 *   <li>{@link #NONE}: no DynamoDB at all. Attempts come from SQS's receive count, backoff from the message's
 *       visibility, and the worker moves a job that ran out of attempts to the DLQ with the reason as message
 *       attributes.</li>
 * </ul>
 */
public enum TrackingLevel {
    FULL, LEAN, NONE;

    /** The lower-case name used on the wire, in the topology and in {@code JOBKIT_*} settings. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the job has a DynamoDB record before its first claim. */
    public boolean recordsAtEnqueue() {
        return this == FULL;
    }

    /** Whether the job has a DynamoDB record at all. */
    public boolean usesStore() {
        return this != NONE;
    }

    /** Parses {@code full|lean|none} (any case). */
    public static TrackingLevel parse(String text) {
        if (text != null) {
            for (TrackingLevel t : values()) {
                if (t.name().equalsIgnoreCase(text.trim())) return t;
            }
        }
        throw new JobValidationException("unknown tracking level '" + text + "'; use full, lean or none");
    }
}
