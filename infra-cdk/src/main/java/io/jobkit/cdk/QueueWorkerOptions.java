package io.jobkit.cdk;

import io.jobkit.client.JobValidationException;
import io.jobkit.client.Priority;
import io.jobkit.client.topology.QueueDef;

import java.time.Duration;
import java.util.OptionalInt;

/**
 * How one queue is consumed and watched. Defaults come from {@link #defaultsFor(QueueDef)}; override them per queue
 * with {@link JobKitProps.Builder#queue(String, java.util.function.Consumer)} or for all queues with
 * {@link JobKitProps.Builder#allQueues(java.util.function.Consumer)}.
 *
 * @param runtime             what consumes the queue (default {@link WorkerRuntime#LAMBDA})
 * @param memoryMiB           Lambda memory, 128–10240 MiB (default 1024; Lambda's CPU share grows with it)
 * @param timeout             Lambda timeout, 1 s – 15 min (default 5 min); the queue's visibility timeout becomes
 *                            6 × this + the batching window, as AWS recommends for SQS event sources
 * @param batchSize           records per Lambda invocation, 1–10000 (default 10; FIFO queues at most 10)
 * @param maxBatchingWindow   how long the event source gathers a batch, 0–300 s (default 0: lowest latency);
 *                            must be at least 1 s when the batch size exceeds 10, and 0 for FIFO queues
 * @param maxConcurrency      the event source's maximum concurrency, 2–1000. This is what keeps a flood on a
 *                            low-priority queue from taking every execution slot critical work needs
 *                            (defaults: critical 50, high 20, normal 10, low 5, named queues 5)
 * @param reservedConcurrency reserved concurrency for the function; empty (default) draws on the account's
 *                            unreserved pool. When set it must be at least {@code maxConcurrency}, or the event
 *                            source gets throttled
 * @param oldestMessageAlarm  the age of the oldest message that raises the queue's alarm
 *                            (defaults: critical 5 min, high 15 min, normal 30 min, low 2 h, named queues 1 h)
 */
public record QueueWorkerOptions(WorkerRuntime runtime, int memoryMiB, Duration timeout, int batchSize,
                                 Duration maxBatchingWindow, int maxConcurrency, OptionalInt reservedConcurrency,
                                 Duration oldestMessageAlarm) {

    static final Duration MAX_LAMBDA_TIMEOUT = Duration.ofMinutes(15);

    public QueueWorkerOptions {
        if (runtime == null) throw new JobValidationException("worker runtime is missing; use LAMBDA, FARGATE or EXTERNAL");
        if (memoryMiB < 128 || memoryMiB > 10_240) {
            throw new JobValidationException("Lambda memory " + memoryMiB + " MiB is out of range; use 128-10240 MiB");
        }
        if (timeout == null || timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(MAX_LAMBDA_TIMEOUT) > 0) {
            throw new JobValidationException("Lambda timeout " + timeout + " is out of range; use 1 s to 15 min,"
                    + " and serve longer jobs from FARGATE workers");
        }
        if (batchSize < 1 || batchSize > 10_000) {
            throw new JobValidationException("batch size " + batchSize + " is out of range; use 1-10000");
        }
        if (maxBatchingWindow == null || maxBatchingWindow.isNegative() || maxBatchingWindow.toSeconds() > 300) {
            throw new JobValidationException("batching window " + maxBatchingWindow + " is out of range; use 0-300 s");
        }
        if (batchSize > 10 && maxBatchingWindow.toSeconds() < 1) {
            throw new JobValidationException("batch size " + batchSize + " needs a batching window of at least 1 s"
                    + " (an SQS event source rule); set maxBatchingWindow or use a batch size of at most 10");
        }
        if (maxConcurrency < 2 || maxConcurrency > 1000) {
            throw new JobValidationException("maximum concurrency " + maxConcurrency + " is out of range; SQS event"
                    + " sources accept 2-1000");
        }
        reservedConcurrency = reservedConcurrency == null ? OptionalInt.empty() : reservedConcurrency;
        if (reservedConcurrency.isPresent() && reservedConcurrency.getAsInt() < maxConcurrency) {
            throw new JobValidationException("reserved concurrency " + reservedConcurrency.getAsInt() + " is below the"
                    + " maximum concurrency " + maxConcurrency + "; the event source would be throttled. Reserve at"
                    + " least " + maxConcurrency + " or lower maxConcurrency");
        }
        if (oldestMessageAlarm == null || oldestMessageAlarm.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new JobValidationException("oldest-message alarm threshold " + oldestMessageAlarm + " is too short;"
                    + " use at least 1 minute (SQS publishes the metric once a minute)");
        }
    }

    /** The defaults for {@code queue}: Lambda, 1 GiB, 5 min, batches of 10, concurrency by priority. */
    public static QueueWorkerOptions defaultsFor(QueueDef queue) {
        Priority p = queue.priority().orElse(null);
        int concurrency = p == null ? 5 : switch (p) {
            case CRITICAL -> 50;
            case HIGH -> 20;
            case NORMAL -> 10;
            case LOW -> 5;
        };
        Duration age = p == null ? Duration.ofHours(1) : switch (p) {
            case CRITICAL -> Duration.ofMinutes(5);
            case HIGH -> Duration.ofMinutes(15);
            case NORMAL -> Duration.ofMinutes(30);
            case LOW -> Duration.ofHours(2);
        };
        return new QueueWorkerOptions(WorkerRuntime.LAMBDA, 1024, Duration.ofMinutes(5), 10, Duration.ZERO,
                concurrency, OptionalInt.empty(), age);
    }

    /**
     * The visibility timeout a Lambda-served queue needs: six times the function timeout plus the batching window
     * (AWS's guidance for SQS event sources, so a message is not redelivered while a throttled or retried
     * invocation still holds it).
     */
    Duration lambdaVisibilityTimeout() {
        return timeout.multipliedBy(6).plus(maxBatchingWindow);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Mutable builder seeded from an existing value; see the record's parameters for each field. */
    public static final class Builder {
        private WorkerRuntime runtime;
        private int memoryMiB;
        private Duration timeout;
        private int batchSize;
        private Duration maxBatchingWindow;
        private int maxConcurrency;
        private OptionalInt reservedConcurrency;
        private Duration oldestMessageAlarm;

        Builder(QueueWorkerOptions o) {
            runtime = o.runtime;
            memoryMiB = o.memoryMiB;
            timeout = o.timeout;
            batchSize = o.batchSize;
            maxBatchingWindow = o.maxBatchingWindow;
            maxConcurrency = o.maxConcurrency;
            reservedConcurrency = o.reservedConcurrency;
            oldestMessageAlarm = o.oldestMessageAlarm;
        }

        public Builder runtime(WorkerRuntime value) { runtime = value; return this; }
        public Builder memoryMiB(int value) { memoryMiB = value; return this; }
        public Builder timeout(Duration value) { timeout = value; return this; }
        public Builder batchSize(int value) { batchSize = value; return this; }
        public Builder maxBatchingWindow(Duration value) { maxBatchingWindow = value; return this; }
        public Builder maxConcurrency(int value) { maxConcurrency = value; return this; }
        public Builder reservedConcurrency(int value) { reservedConcurrency = OptionalInt.of(value); return this; }
        public Builder noReservedConcurrency() { reservedConcurrency = OptionalInt.empty(); return this; }
        public Builder oldestMessageAlarm(Duration value) { oldestMessageAlarm = value; return this; }

        public QueueWorkerOptions build() {
            return new QueueWorkerOptions(runtime, memoryMiB, timeout, batchSize, maxBatchingWindow, maxConcurrency,
                    reservedConcurrency, oldestMessageAlarm);
        }
    }
}
