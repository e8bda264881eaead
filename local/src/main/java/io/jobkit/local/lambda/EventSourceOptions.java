package io.jobkit.local.lambda;

import io.jobkit.client.JobValidationException;

import java.time.Duration;
import java.util.List;

/**
 * The settings of the local SQS event source, named as on a Lambda event source mapping. Immutable; defaults on the
 * builder.
 *
 * @param queues                logical queues to map (one mapping each); empty = every queue of the topology
 * @param batchSize             most records per invocation (1–10000; FIFO queues at most 10)
 * @param maximumBatchingWindow how long to keep gathering records after the first one arrives (0–300 s; batch sizes
 *                              above 10 need at least 1 s, as on AWS)
 * @param maximumConcurrency    invocations in flight per mapping at once
 * @param pollWait              the SQS long-poll wait of each receive (0–20 s; Lambda uses 20 s)
 */
public record EventSourceOptions(List<String> queues, int batchSize, Duration maximumBatchingWindow,
                                 int maximumConcurrency, Duration pollWait) {

    public EventSourceOptions {
        queues = List.copyOf(queues);
        if (batchSize < 1 || batchSize > 10_000) {
            throw new JobValidationException("batch size " + batchSize + " is out of range; use 1 to 10000");
        }
        if (maximumBatchingWindow.isNegative() || maximumBatchingWindow.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new JobValidationException("maximum batching window " + maximumBatchingWindow + " is out of range; use 0 to 300 s");
        }
        if (batchSize > 10 && maximumBatchingWindow.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new JobValidationException("batch size " + batchSize + " needs a maximum batching window of at least 1 s,"
                    + " as on AWS (a receive returns at most 10 messages)");
        }
        if (maximumConcurrency < 1 || maximumConcurrency > 1000) {
            throw new JobValidationException("maximum concurrency " + maximumConcurrency + " is out of range; use 1 to 1000");
        }
        if (pollWait.isNegative() || pollWait.compareTo(Duration.ofSeconds(20)) > 0) {
            throw new JobValidationException("poll wait " + pollWait + " is out of range; SQS long polling waits 0 to 20 s");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().queues(queues).batchSize(batchSize).maximumBatchingWindow(maximumBatchingWindow)
                .maximumConcurrency(maximumConcurrency).pollWait(pollWait);
    }

    public static final class Builder {
        private List<String> queues = List.of();
        private int batchSize = 10;
        private Duration maximumBatchingWindow = Duration.ZERO;
        private int maximumConcurrency = 2;
        private Duration pollWait = Duration.ofSeconds(20);

        private Builder() {
        }

        /** Default: every queue of the topology. */
        public Builder queues(List<String> queues) {
            this.queues = queues;
            return this;
        }

        /** Default 10 (Lambda's default for SQS). */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** Default 0: invoke as soon as a receive returns records. */
        public Builder maximumBatchingWindow(Duration window) {
            this.maximumBatchingWindow = window;
            return this;
        }

        /** Default 2 (the lowest value AWS accepts; 1 is allowed here for strictly serial tests). */
        public Builder maximumConcurrency(int maximumConcurrency) {
            this.maximumConcurrency = maximumConcurrency;
            return this;
        }

        /** Default 20 s. Tests use 1 s so that closing does not wait for a long poll. */
        public Builder pollWait(Duration pollWait) {
            this.pollWait = pollWait;
            return this;
        }

        public EventSourceOptions build() {
            return new EventSourceOptions(queues, batchSize, maximumBatchingWindow, maximumConcurrency, pollWait);
        }
    }
}
