package io.jobkit.handlers.worker;

import io.jobkit.client.JobValidationException;
import io.jobkit.handlers.processor.ProcessorOptions;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a container worker polls and runs jobs. Immutable; defaults documented on the builder.
 *
 * @param queues             queues to serve, most urgent first (strict priority follows this order); empty = all
 *                           queues of the topology in their priority order
 * @param concurrency        jobs running at once in this worker
 * @param queueConcurrency   per-queue limits (absent = the worker's concurrency)
 * @param typeConcurrency    per-job-type limits (absent = no limit of its own)
 * @param pollWait           SQS long-polling wait
 * @param starvationInterval a queue that has waited this long for its turn gets the next free slots
 * @param shutdownTimeout    how long in-flight jobs may run on after a shutdown signal before they are released
 * @param heartbeatInterval  how often the worker's heartbeat record is written
 * @param reconcileInterval  how often (give or take a quarter, so a fleet's runs spread out) the worker runs the
 *                           reconciler ({@code JobClient.reconcile}) with its default threshold; zero = never. The
 *                           table's reconciler lease lets only one worker of a fleet run it at a time
 */
public record WorkerOptions(List<String> queues, int concurrency, Map<String, Integer> queueConcurrency,
                            Map<String, Integer> typeConcurrency, Duration pollWait, Duration starvationInterval,
                            Duration shutdownTimeout, Duration heartbeatInterval, Duration reconcileInterval,
                            ProcessorOptions processor) {

    public WorkerOptions {
        queues = List.copyOf(queues);
        queueConcurrency = Map.copyOf(queueConcurrency);
        typeConcurrency = Map.copyOf(typeConcurrency);
        if (concurrency < 1 || concurrency > 1000) {
            throw new JobValidationException("concurrency " + concurrency + " is out of range; use 1 to 1000");
        }
        queueConcurrency.forEach((q, n) -> {
            if (n < 1) throw new JobValidationException("concurrency of queue '" + q + "' must be at least 1, was " + n);
        });
        typeConcurrency.forEach((t, n) -> {
            if (n < 1) throw new JobValidationException("concurrency of job type '" + t + "' must be at least 1, was " + n);
        });
        if (pollWait.isNegative() || pollWait.compareTo(Duration.ofSeconds(20)) > 0) {
            throw new JobValidationException("poll wait " + pollWait + " is out of range; SQS long polling waits 0 to 20 s");
        }
        if (reconcileInterval == null || reconcileInterval.isNegative()) {
            throw new JobValidationException("reconcile interval " + reconcileInterval + " must be zero (off) or positive");
        }
        Objects.requireNonNull(processor, "processor");
    }

    /** The interval the worker's reconciler runs with when nothing else is configured. */
    public static final Duration DEFAULT_RECONCILE_INTERVAL = Duration.ofMinutes(5);

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private List<String> queues = List.of();
        private int concurrency = 8;
        private final Map<String, Integer> queueConcurrency = new LinkedHashMap<>();
        private final Map<String, Integer> typeConcurrency = new LinkedHashMap<>();
        private Duration pollWait = Duration.ofSeconds(20);
        private Duration starvationInterval = Duration.ofSeconds(10);
        private Duration shutdownTimeout = Duration.ofSeconds(30);
        private Duration heartbeatInterval = Duration.ofSeconds(30);
        private Duration reconcileInterval = DEFAULT_RECONCILE_INTERVAL;
        private ProcessorOptions processor = ProcessorOptions.builder().build();

        private Builder() {
        }

        /** Default: every queue of the topology, critical first. */
        public Builder queues(List<String> queues) {
            this.queues = queues;
            return this;
        }

        /** Default 8. */
        public Builder concurrency(int concurrency) {
            this.concurrency = concurrency;
            return this;
        }

        public Builder queueConcurrency(String queue, int max) {
            queueConcurrency.put(queue, max);
            return this;
        }

        public Builder typeConcurrency(String type, int max) {
            typeConcurrency.put(type, max);
            return this;
        }

        /** Default 20 s, SQS's maximum. */
        public Builder pollWait(Duration pollWait) {
            this.pollWait = pollWait;
            return this;
        }

        /** Default 10 s. */
        public Builder starvationInterval(Duration starvationInterval) {
            this.starvationInterval = starvationInterval;
            return this;
        }

        /** Default 30 s. */
        public Builder shutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
            return this;
        }

        /** Default 30 s. */
        public Builder heartbeatInterval(Duration heartbeatInterval) {
            this.heartbeatInterval = heartbeatInterval;
            return this;
        }

        /** Default 5 min; {@link Duration#ZERO} turns the worker's reconciler off. */
        public Builder reconcileInterval(Duration reconcileInterval) {
            this.reconcileInterval = reconcileInterval;
            return this;
        }

        /** Lease, heartbeat, result-size settings of the shared processor. */
        public Builder processor(ProcessorOptions processor) {
            this.processor = processor;
            return this;
        }

        public WorkerOptions build() {
            return new WorkerOptions(queues, concurrency, queueConcurrency, typeConcurrency, pollWait, starvationInterval,
                    shutdownTimeout, heartbeatInterval, reconcileInterval, processor);
        }
    }
}
