package io.jobkit.handlers.processor;

import io.jobkit.client.JobValidationException;

import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * Tuning for {@link JobProcessor}. Immutable; defaults documented on the builder.
 *
 * @param workerId          identifies this runtime in lease owners and logs
 * @param leaseDuration     how long a claim holds without renewal; a crashed worker's job is picked up again after it
 * @param heartbeatInterval how often a running job's lease and message visibility are extended (and a cancel
 *                          request noticed); at most a third of the lease
 * @param cancelGrace       how long a signalled handler may take to stop before the outcome is recorded without it
 * @param maxResultBytes    results larger than this are not stored (a log line on the job says so)
 * @param progressInterval  the shortest time between two progress writes of one job
 * @param maxAbandonedHandlers how many handler threads that ignored their stop signal may still be running before
 *                          the processor stops starting new handlers (their messages go back until some end)
 * @param servedTypes       the job types this runtime runs; empty = every type it has a handler for. A message of
 *                          another type is put back for another worker (see {@link JobProcessor}), never dead-lettered
 */
public record ProcessorOptions(String workerId, Duration leaseDuration, Duration heartbeatInterval, Duration cancelGrace,
                               int maxResultBytes, Duration progressInterval, int maxAbandonedHandlers,
                               java.util.Set<String> servedTypes) {

    public ProcessorOptions {
        servedTypes = servedTypes == null ? java.util.Set.of() : java.util.Set.copyOf(servedTypes);
        Objects.requireNonNull(workerId, "workerId");
        if (leaseDuration.compareTo(Duration.ofSeconds(2)) < 0 || leaseDuration.compareTo(Duration.ofHours(12)) > 0) {
            throw new JobValidationException("lease duration " + leaseDuration + " is out of range; use 2s to 12h");
        }
        if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()
                || heartbeatInterval.multipliedBy(3).compareTo(leaseDuration) > 0) {
            throw new JobValidationException("heartbeat interval " + heartbeatInterval + " must be positive and at most a"
                    + " third of the lease (" + leaseDuration + "), so one missed beat does not lose the lease");
        }
        if (maxResultBytes < 0) throw new JobValidationException("maxResultBytes must not be negative");
        if (maxAbandonedHandlers < 1) throw new JobValidationException("maxAbandonedHandlers " + maxAbandonedHandlers
                + " must be at least 1");
    }

    /** Serving every type that has a handler. */
    public ProcessorOptions(String workerId, Duration leaseDuration, Duration heartbeatInterval, Duration cancelGrace,
                            int maxResultBytes, Duration progressInterval, int maxAbandonedHandlers) {
        this(workerId, leaseDuration, heartbeatInterval, cancelGrace, maxResultBytes, progressInterval,
                maxAbandonedHandlers, java.util.Set.of());
    }

    /** True when this runtime runs jobs of {@code type} (no {@code servedTypes} means all). */
    public boolean serves(String type) {
        return servedTypes.isEmpty() || servedTypes.contains(type);
    }

    /** The earlier six-argument form; {@code maxAbandonedHandlers} takes its default. */
    public ProcessorOptions(String workerId, Duration leaseDuration, Duration heartbeatInterval, Duration cancelGrace,
                            int maxResultBytes, Duration progressInterval) {
        this(workerId, leaseDuration, heartbeatInterval, cancelGrace, maxResultBytes, progressInterval,
                Builder.DEFAULT_MAX_ABANDONED);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().workerId(workerId).leaseDuration(leaseDuration).heartbeatInterval(heartbeatInterval)
                .cancelGrace(cancelGrace).maxResultBytes(maxResultBytes).progressInterval(progressInterval)
                .maxAbandonedHandlers(maxAbandonedHandlers).servedTypes(servedTypes);
    }

    public static final class Builder {
        private String workerId = "worker-" + UUID.randomUUID().toString().substring(0, 8);
        private Duration leaseDuration = Duration.ofSeconds(30);
        private Duration heartbeatInterval;
        private Duration cancelGrace = Duration.ofSeconds(10);
        private int maxResultBytes = 32 * 1024;
        private Duration progressInterval = Duration.ofSeconds(1);
        static final int DEFAULT_MAX_ABANDONED = 16;
        private int maxAbandonedHandlers = DEFAULT_MAX_ABANDONED;
        private java.util.Set<String> servedTypes = java.util.Set.of();

        private Builder() {
        }

        /** Default {@code worker-<random>}. */
        public Builder workerId(String workerId) {
            this.workerId = workerId;
            return this;
        }

        /** Default 30 s. */
        public Builder leaseDuration(Duration leaseDuration) {
            this.leaseDuration = leaseDuration;
            return this;
        }

        /** Default a third of the lease (10 s). */
        public Builder heartbeatInterval(Duration heartbeatInterval) {
            this.heartbeatInterval = heartbeatInterval;
            return this;
        }

        /** Default 10 s. */
        public Builder cancelGrace(Duration cancelGrace) {
            this.cancelGrace = cancelGrace;
            return this;
        }

        /** Default 32 KiB. */
        public Builder maxResultBytes(int maxResultBytes) {
            this.maxResultBytes = maxResultBytes;
            return this;
        }

        /** Default 1 s. */
        public Builder progressInterval(Duration progressInterval) {
            this.progressInterval = progressInterval;
            return this;
        }

        /** Default 16. */
        public Builder maxAbandonedHandlers(int maxAbandonedHandlers) {
            this.maxAbandonedHandlers = maxAbandonedHandlers;
            return this;
        }

        /** Default: empty, every type that has a handler. */
        public Builder servedTypes(java.util.Collection<String> servedTypes) {
            this.servedTypes = java.util.Set.copyOf(servedTypes);
            return this;
        }

        public ProcessorOptions build() {
            Duration beat = heartbeatInterval != null ? heartbeatInterval : leaseDuration.dividedBy(3);
            return new ProcessorOptions(workerId, leaseDuration, beat, cancelGrace, maxResultBytes, progressInterval,
                    maxAbandonedHandlers, servedTypes);
        }
    }
}
