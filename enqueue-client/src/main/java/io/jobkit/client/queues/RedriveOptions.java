package io.jobkit.client.queues;

import io.jobkit.client.JobValidationException;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How {@link io.jobkit.client.JobClient#redrive(String, RedriveOptions)} runs. Immutable; defaults documented on
 * the builder.
 */
public final class RedriveOptions {
    /** SQS's limit for {@code MaxNumberOfMessagesPerSecond}. */
    public static final int MAX_PER_SECOND_LIMIT = 500;
    private static final RedriveOptions DEFAULTS = builder().build();

    private final RedriveMethod method;
    private final Integer maxPerSecond;
    private final Duration watchTimeout;
    private final Duration pollInterval;
    private final Consumer<RedriveProgress> progress;

    private RedriveOptions(Builder b) {
        this.method = Objects.requireNonNull(b.method, "method");
        this.maxPerSecond = b.maxPerSecond;
        this.watchTimeout = Objects.requireNonNull(b.watchTimeout, "watchTimeout");
        this.pollInterval = Objects.requireNonNull(b.pollInterval, "pollInterval");
        this.progress = Objects.requireNonNull(b.progress, "progress");
        if (maxPerSecond != null && (maxPerSecond < 1 || maxPerSecond > MAX_PER_SECOND_LIMIT)) {
            throw new JobValidationException("max messages per second " + maxPerSecond + " is out of range; use 1 to "
                    + MAX_PER_SECOND_LIMIT + " (SQS's limit for a message move task)");
        }
        if (watchTimeout.isNegative() || watchTimeout.isZero()) {
            throw new JobValidationException("redrive watch timeout must be positive");
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new JobValidationException("redrive poll interval must be positive");
        }
    }

    public static RedriveOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static RedriveOptions of(Consumer<Builder> customizer) {
        Builder b = builder();
        customizer.accept(b);
        return b.build();
    }

    public Builder toBuilder() {
        return builder().method(method).maxPerSecond(maxPerSecond).watchTimeout(watchTimeout).pollInterval(pollInterval)
                .progress(progress);
    }

    public RedriveMethod method() {
        return method;
    }

    /** The rate limit, or null for as fast as SQS allows. */
    public Integer maxPerSecond() {
        return maxPerSecond;
    }

    public Duration watchTimeout() {
        return watchTimeout;
    }

    public Duration pollInterval() {
        return pollInterval;
    }

    public Consumer<RedriveProgress> progress() {
        return progress;
    }

    public static final class Builder {
        private RedriveMethod method = RedriveMethod.AUTO;
        private Integer maxPerSecond;
        private Duration watchTimeout = Duration.ofHours(1);
        private Duration pollInterval = Duration.ofSeconds(1);
        private Consumer<RedriveProgress> progress = p -> { };

        private Builder() {
        }

        /** Default {@link RedriveMethod#AUTO}. */
        public Builder method(RedriveMethod method) {
            this.method = method;
            return this;
        }

        /** Default none (as fast as SQS allows); 1–500. Maps to the move task's {@code MaxNumberOfMessagesPerSecond}. */
        public Builder maxPerSecond(Integer maxPerSecond) {
            this.maxPerSecond = maxPerSecond;
            return this;
        }

        /**
         * Default 1 hour: how long {@code redrive} watches a move task before it returns {@code RUNNING} (the task
         * goes on in SQS). The move loop runs in the caller and is not limited by this.
         */
        public Builder watchTimeout(Duration watchTimeout) {
            this.watchTimeout = watchTimeout;
            return this;
        }

        /** Default 1 s: how often a move task's progress is read ({@code ListMessageMoveTasks}). */
        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
            return this;
        }

        /** Default none. Called with progress after every poll of a move task and every batch of the move loop. */
        public Builder progress(Consumer<RedriveProgress> progress) {
            this.progress = progress;
            return this;
        }

        public RedriveOptions build() {
            return new RedriveOptions(this);
        }
    }
}
