package io.jobkit.client;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * How {@link JobClient#reconcile(ReconcileOptions)} runs.
 *
 * @param olderThan how long past its last legitimate wait a record must be before it counts as stale. Default 15 min.
 *                  The waits it is added to: a QUEUED record's SQS delay (at most 15 min), a SCHEDULED record's
 *                  run-at time, a RUNNING record's lease expiry, a RETRYING record's next-attempt time. Set it above
 *                  how long a healthy backlog takes to drain: a QUEUED job still waiting in a long backlog is re-sent
 *                  once per threshold, which is harmless (claims are conditional) but costs a message
 * @param dryRun    report what would be repaired, change nothing. Default false
 * @param limit     at most this many stale records are repaired per run (the rest wait for the next run). Default 1000
 * @param owner     the name the run holds the reconciler lease under (host/pid is a good one). Default a random id
 */
public record ReconcileOptions(Duration olderThan, boolean dryRun, int limit, String owner) {
    public static final Duration DEFAULT_OLDER_THAN = Duration.ofMinutes(15);
    public static final Duration MIN_OLDER_THAN = Duration.ofMinutes(1);

    public ReconcileOptions {
        if (olderThan == null || olderThan.compareTo(MIN_OLDER_THAN) < 0) {
            throw new JobValidationException("reconcile older-than " + (olderThan == null ? "null" : Durations.format(olderThan))
                    + " is too short; use at least 1m (15m is the default)");
        }
        if (limit < 1 || limit > 100_000) {
            throw new JobValidationException("reconcile limit " + limit + " is out of range; use 1 to 100000");
        }
        if (owner == null || owner.isBlank()) owner = "reconciler-" + java.util.UUID.randomUUID();
    }

    public static ReconcileOptions defaults() {
        return new ReconcileOptions(DEFAULT_OLDER_THAN, false, 1000, null);
    }

    public static ReconcileOptions of(Consumer<Builder> customize) {
        Builder b = defaults().toBuilder();
        customize.accept(b);
        return b.build();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public static final class Builder {
        private Duration olderThan;
        private boolean dryRun;
        private int limit;
        private String owner;

        private Builder(ReconcileOptions o) {
            olderThan = o.olderThan;
            dryRun = o.dryRun;
            limit = o.limit;
            owner = o.owner;
        }

        public Builder olderThan(Duration olderThan) {
            this.olderThan = olderThan;
            return this;
        }

        public Builder dryRun(boolean dryRun) {
            this.dryRun = dryRun;
            return this;
        }

        public Builder limit(int limit) {
            this.limit = limit;
            return this;
        }

        public Builder owner(String owner) {
            this.owner = owner;
            return this;
        }

        public ReconcileOptions build() {
            return new ReconcileOptions(olderThan, dryRun, limit, owner);
        }
    }
}
