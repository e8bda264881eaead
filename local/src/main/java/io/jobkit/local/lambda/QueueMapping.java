package io.jobkit.local.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.jobkit.client.control.QueueControls;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One event source mapping: a queue polled for a function, the way Lambda's SQS poller does it.
 *
 * <ol>
 *   <li>Wait for one of {@code maximumConcurrency} invocation slots.</li>
 *   <li>Long-poll for records (the queue's own visibility timeout applies), then keep receiving until the batch is
 *       full, the batching window has passed since the first record, or the payload nears Lambda's 6 MB limit.</li>
 *   <li>Invoke the function with the batch on another thread, and poll on.</li>
 *   <li>When stopping, records received by a poll still under way go back at once.</li>
 *   <li>Settle: a function error deletes nothing. A response deletes every record not in its
 *       {@code batchItemFailures}; those return after their visibility. A response naming a record that is not in
 *       the batch (or an empty id) fails the whole batch, as Lambda does.</li>
 * </ol>
 */
final class QueueMapping implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(QueueMapping.class);
    private static final long MAX_PAYLOAD_BYTES = 6L * 1024 * 1024 - 256 * 1024;

    private final String queueName;
    private final String queueUrl;
    private final String queueArn;
    private final int batchLimit;
    private final SqsClient sqs;
    private final LocalFunction function;
    private final EventSourceOptions options;
    private final Executor invokers;
    private final EventSourceStats.Counters counters;
    private final Semaphore slots;
    private final QueueControls controls;
    private volatile boolean stopping;
    /** The mapping's own switch (UpdateEventSourceMapping Enabled=...), beside the queue's pause control item. */
    private volatile boolean enabled = true;
    private volatile Instant lastModified = Instant.now();
    private final String uuid = java.util.UUID.randomUUID().toString();

    QueueMapping(String queueName, String queueUrl, String queueArn, boolean fifo, SqsClient sqs, LocalFunction function,
                 EventSourceOptions options, Executor invokers, EventSourceStats.Counters counters,
                 QueueControls controls) {
        this.controls = controls;
        this.queueName = queueName;
        this.queueUrl = queueUrl;
        this.queueArn = queueArn;
        this.batchLimit = fifo ? Math.min(10, options.batchSize()) : options.batchSize();
        this.sqs = sqs;
        this.function = function;
        this.options = options;
        this.invokers = invokers;
        this.counters = counters;
        this.slots = new Semaphore(options.maximumConcurrency());
    }

    @Override
    public void run() {
        long backoff = 0;
        while (!stopping) {
            try {
                if (backoff > 0) Thread.sleep(backoff);
                // a disabled mapping receives nothing; a paused queue is treated the same (container workers read the
                // control item, and on AWS the admin API also disables the mapping)
                if (!enabled || controls.isPaused(queueName)) {
                    Thread.sleep(1000);
                    continue;
                }
                slots.acquire();
            } catch (InterruptedException e) {
                break;
            }
            List<Message> batch;
            try {
                batch = gather();
                backoff = 0;
            } catch (AbortedException e) {
                slots.release();
                break;
            } catch (RuntimeException e) {
                slots.release();
                if (stopping) break;
                backoff = Math.min(30_000, Math.max(1000, backoff * 2));
                LOG.warn("event source for queue {}: receive failed, retrying in {} ms: {}", queueName, backoff, e.toString());
                continue;
            }
            if (batch.isEmpty() || stopping || !enabled) {
                // disabled while the poll was under way: what it got goes back, nothing is invoked
                slots.release();
                returnAtOnce(batch);
                continue;
            }
            try {
                invokers.execute(() -> {
                    try {
                        invokeAndSettle(batch);
                    } finally {
                        slots.release();
                    }
                });
            } catch (RejectedExecutionException e) {
                slots.release();
                returnAtOnce(batch);  // closed between the check above and here
            }
        }
    }

    String uuid() {
        return uuid;
    }

    String queueArn() {
        return queueArn;
    }

    int batchSize() {
        return batchLimit;
    }

    EventSourceOptions options() {
        return options;
    }

    boolean enabled() {
        return enabled;
    }

    Instant lastModified() {
        return lastModified;
    }

    void setEnabled(boolean enabled) {
        this.enabled = enabled;
        this.lastModified = Instant.now();
    }

    void stop() {
        stopping = true;
    }

    /** Waits until no invocation of this mapping is in flight; false if {@code timeout} passed first. */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        if (!slots.tryAcquire(options.maximumConcurrency(), timeout.toMillis(), TimeUnit.MILLISECONDS)) return false;
        slots.release(options.maximumConcurrency());
        return true;
    }

    private List<Message> gather() {
        List<Message> batch = new ArrayList<>(receive(Math.min(10, batchLimit), options.pollWait()));
        if (batch.isEmpty() || options.maximumBatchingWindow().isZero()) return batch;
        Instant until = Instant.now().plus(options.maximumBatchingWindow());
        long bytes = batch.stream().mapToLong(m -> m.body().length()).sum();
        while (!stopping && batch.size() < batchLimit && bytes < MAX_PAYLOAD_BYTES) {
            Duration left = Duration.between(Instant.now(), until);
            if (left.isNegative() || left.isZero()) break;
            long waitSeconds = Math.min(20, left.toSeconds());
            List<Message> more = receive(Math.min(10, batchLimit - batch.size()), Duration.ofSeconds(waitSeconds));
            if (more.isEmpty() && waitSeconds == 0) sleepQuietly(Math.min(100, left.toMillis()));
            batch.addAll(more);
            bytes += more.stream().mapToLong(m -> m.body().length()).sum();
        }
        return batch;
    }

    private List<Message> receive(int max, Duration wait) {
        return sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(max).waitTimeSeconds((int) wait.toSeconds())
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL).messageAttributeNames("All")).messages();
    }

    private void invokeAndSettle(List<Message> batch) {
        counters.invoked(batch.size());
        InvocationResult result = function.invoke(SqsEvents.event(batch, queueArn));
        if (result instanceof InvocationResult.Failure f) {
            counters.functionError();
            LOG.warn("function {} failed on a batch of {} from queue {} ({}: {}); every record returns after its"
                    + " visibility timeout", function.settings().name(), batch.size(), queueName, f.errorType(), f.message());
            return;
        }
        SQSBatchResponse response = ((InvocationResult.Response) result).response();
        Set<String> ids = new HashSet<>();
        batch.forEach(m -> ids.add(m.messageId()));
        Set<String> failed = new HashSet<>();
        if (response != null && response.getBatchItemFailures() != null) {
            for (SQSBatchResponse.BatchItemFailure f : response.getBatchItemFailures()) {
                String id = f == null ? null : f.getItemIdentifier();
                if (id == null || id.isBlank() || !ids.contains(id)) {
                    counters.functionError();
                    LOG.warn("function {} reported batch item failure '{}', which is not a record of the batch; the whole"
                            + " batch counts as failed, as Lambda treats it", function.settings().name(), id);
                    return;
                }
                failed.add(id);
            }
        }
        counters.settled(batch.size() - failed.size(), failed.size());
        delete(batch.stream().filter(m -> !failed.contains(m.messageId())).toList());
    }

    private void delete(List<Message> done) {
        for (int from = 0; from < done.size(); from += 10) {
            List<Message> chunk = done.subList(from, Math.min(done.size(), from + 10));
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i))
                        .receiptHandle(chunk.get(i).receiptHandle()).build());
            }
            try {
                sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(entries)).failed()
                        .forEach(f -> LOG.warn("event source for queue {}: delete refused ({}: {}); the record will be"
                                + " delivered again", queueName, f.code(), f.message()));
            } catch (RuntimeException e) {
                LOG.warn("event source for queue {}: deleting {} record(s) failed; they will be delivered again: {}",
                        queueName, chunk.size(), e.toString());
            }
        }
    }

    /** Records received while stopping go back at once rather than after their visibility timeout. */
    private void returnAtOnce(List<Message> batch) {
        for (int from = 0; from < batch.size(); from += 10) {
            List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
            List<Message> chunk = batch.subList(from, Math.min(batch.size(), from + 10));
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(i))
                        .receiptHandle(chunk.get(i).receiptHandle()).visibilityTimeout(0).build());
            }
            try {
                sqs.changeMessageVisibilityBatch(r -> r.queueUrl(queueUrl).entries(entries));
            } catch (RuntimeException e) {
                LOG.debug("event source for queue {}: could not return {} record(s) at shutdown", queueName, chunk.size());
            }
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(Math.max(1, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
