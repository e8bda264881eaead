package io.jobkit.handlers.lambda;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sets the visibility of the records an invocation reports as failures, so each comes back after its own delay
 * (a retry's backoff, or at once for a record that never started) instead of after the queue's whole visibility
 * timeout. One ChangeMessageVisibilityBatch per queue and 10 records. A change SQS refuses is logged: that record
 * still comes back, only later, and its job record decides what happens then.
 */
final class VisibilityReturns {
    private static final Logger LOG = LoggerFactory.getLogger(VisibilityReturns.class);
    private static final long MAX_SECONDS = 43_200;

    /** One record to return: its queue's URL, receipt handle and the delay before it is visible again. */
    record Return(String queueUrl, String messageId, String receiptHandle, Duration after) {
    }

    private final SqsClient sqs;

    VisibilityReturns(SqsClient sqs) {
        this.sqs = sqs;
    }

    void apply(List<Return> returns) {
        Map<String, List<Return>> byQueue = new LinkedHashMap<>();
        for (Return r : returns) byQueue.computeIfAbsent(r.queueUrl(), k -> new ArrayList<>()).add(r);
        byQueue.forEach((url, list) -> {
            for (int from = 0; from < list.size(); from += 10) {
                send(url, list.subList(from, Math.min(list.size(), from + 10)));
            }
        });
    }

    private void send(String queueUrl, List<Return> chunk) {
        List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < chunk.size(); i++) {
            long seconds = Math.max(0, Math.min(MAX_SECONDS, chunk.get(i).after().toSeconds()));
            entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(i))
                    .receiptHandle(chunk.get(i).receiptHandle()).visibilityTimeout((int) seconds).build());
        }
        try {
            List<BatchResultErrorEntry> failed = sqs.changeMessageVisibilityBatch(r -> r.queueUrl(queueUrl).entries(entries)).failed();
            for (BatchResultErrorEntry f : failed) {
                LOG.warn("SQS refused to set the visibility of message {} ({}: {}); it returns after its current visibility"
                        + " timeout instead", chunk.get(Integer.parseInt(f.id())).messageId(), f.code(), f.message());
            }
        } catch (RuntimeException e) {
            LOG.warn("setting the visibility of {} message(s) on {} failed; they return after their current visibility"
                    + " timeout instead: {}", chunk.size(), queueUrl, e.toString());
        }
    }
}
