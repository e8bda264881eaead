package io.jobkit.handlers.worker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Batches the worker's message acknowledgements: deletes and visibility changes collected for a few milliseconds
 * go out as DeleteMessageBatch / ChangeMessageVisibilityBatch calls of up to 10, cutting SQS requests per job under
 * load. An entry that fails is logged; its message reappears and the job record decides (a finished job's copy is
 * then simply deleted).
 */
final class Acknowledger implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Acknowledger.class);
    /**
     * Deletes are off the job's critical path (the outcome is already recorded; a copy that reappears meanwhile finds
     * it): waiting up to this long for 10 acknowledgements fills batches under load. At 50 ms a busy worker sent
     * batches of about 6; a batch is sent as soon as it has 10.
     */
    private static final long LINGER_MILLIS = 250;
    private static final int FULL_BATCH = 10;

    /** @param visibility seconds, or null for a delete */
    private record Ack(String queueUrl, String receiptHandle, Integer visibility) {
    }

    private final SqsClient sqs;
    private final LinkedBlockingQueue<Ack> pending = new LinkedBlockingQueue<>();
    private final Thread flusher;
    private volatile boolean closing;

    Acknowledger(SqsClient sqs) {
        this.sqs = sqs;
        this.flusher = new Thread(this::run, "jobkit-ack");
        this.flusher.setDaemon(true);
        this.flusher.start();
    }

    void delete(String queueUrl, String receiptHandle) {
        pending.add(new Ack(queueUrl, receiptHandle, null));
    }

    void changeVisibility(String queueUrl, String receiptHandle, int seconds) {
        pending.add(new Ack(queueUrl, receiptHandle, Math.max(0, Math.min(43_200, seconds))));
    }

    private void run() {
        while (!closing || !pending.isEmpty()) {
            try {
                Ack first = pending.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                List<Ack> batch = new ArrayList<>();
                batch.add(first);
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LINGER_MILLIS);
                while (batch.size() < FULL_BATCH) {
                    Ack next = pending.poll(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (next == null) break;
                    batch.add(next);
                }
                send(batch);
            } catch (InterruptedException e) {
                closing = true;
            } catch (RuntimeException e) {
                LOG.warn("acknowledging messages failed; they will reappear after their visibility timeout: {}", e.toString());
            }
        }
    }

    private void send(List<Ack> acks) {
        Map<String, List<Ack>> groups = new LinkedHashMap<>();
        for (Ack a : acks) {
            groups.computeIfAbsent(a.queueUrl() + (a.visibility() == null ? "#delete" : "#visibility"), k -> new ArrayList<>()).add(a);
        }
        for (List<Ack> group : groups.values()) {
            for (int from = 0; from < group.size(); from += 10) {
                List<Ack> chunk = group.subList(from, Math.min(group.size(), from + 10));
                try {
                    List<BatchResultErrorEntry> failed = chunk.get(0).visibility() == null ? deleteBatch(chunk) : visibilityBatch(chunk);
                    failed.forEach(f -> LOG.warn("SQS refused an acknowledgement ({} {}); the message will reappear", f.code(), f.message()));
                } catch (RuntimeException e) {
                    LOG.warn("acknowledgement batch failed; its messages will reappear after their visibility timeout: {}", e.toString());
                }
            }
        }
    }

    private List<BatchResultErrorEntry> deleteBatch(List<Ack> chunk) {
        List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < chunk.size(); i++) {
            entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i)).receiptHandle(chunk.get(i).receiptHandle()).build());
        }
        return sqs.deleteMessageBatch(r -> r.queueUrl(chunk.get(0).queueUrl()).entries(entries)).failed();
    }

    private List<BatchResultErrorEntry> visibilityBatch(List<Ack> chunk) {
        List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < chunk.size(); i++) {
            entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(i))
                    .receiptHandle(chunk.get(i).receiptHandle()).visibilityTimeout(chunk.get(i).visibility()).build());
        }
        return sqs.changeMessageVisibilityBatch(r -> r.queueUrl(chunk.get(0).queueUrl()).entries(entries)).failed();
    }

    /** Sends what is pending, then stops. */
    @Override
    public void close() {
        closing = true;
        try {
            flusher.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops at once, sending nothing more (a simulated crash). */
    void halt() {
        pending.clear();
        closing = true;
        flusher.interrupt();
    }
}
