package io.jobkit.client.spi;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends job messages: one by one, or in SendMessageBatch calls of at most 10 entries and at most the batch size
 * limit, one queue per call. Entries that fail are retried once when SQS says the fault was its own; what still
 * fails is reported per job, never dropped.
 */
public final class MessageSender {
    private static final int MAX_ENTRIES = 10;

    private final SqsClient sqs;
    private final int maxBatchBytes;

    public MessageSender(SqsClient sqs, int maxBatchBytes) {
        this.sqs = sqs;
        this.maxBatchBytes = maxBatchBytes;
    }

    public void send(OutgoingMessage m) {
        SendMessageRequest.Builder r = SendMessageRequest.builder().queueUrl(m.queueUrl()).messageBody(m.body())
                .messageAttributes(m.attributes());
        if (m.groupId() != null) {
            r.messageGroupId(m.groupId()).messageDeduplicationId(m.jobId());
        } else if (m.delaySeconds() > 0) {
            r.delaySeconds(m.delaySeconds());
        }
        sqs.sendMessage(r.build());
    }

    /**
     * Why one message of a batch was not (known to be) sent.
     *
     * @param ambiguous true when the SendMessageBatch call itself failed in a way that may hide an applied request
     *                  (a lost response, timeout, 5xx, throttling that outlasted the retries): the message may be in
     *                  SQS. False when SQS answered and refused this entry, or refused the whole call with a 4xx
     */
    public record Failure(String reason, boolean ambiguous) {
    }

    /** Sends all; returns the failures as job id → reason and whether the outcome is unknown. */
    public Map<String, Failure> sendAll(List<OutgoingMessage> messages) {
        Map<String, List<OutgoingMessage>> byQueue = new LinkedHashMap<>();
        for (OutgoingMessage m : messages) byQueue.computeIfAbsent(m.queueUrl(), k -> new ArrayList<>()).add(m);
        Map<String, Failure> failures = new HashMap<>();
        for (List<OutgoingMessage> queueMessages : byQueue.values()) {
            for (List<OutgoingMessage> batch : batches(queueMessages)) {
                failures.putAll(sendBatch(batch, true));
            }
        }
        return failures;
    }

    private List<List<OutgoingMessage>> batches(List<OutgoingMessage> messages) {
        List<List<OutgoingMessage>> batches = new ArrayList<>();
        List<OutgoingMessage> current = new ArrayList<>();
        int bytes = 0;
        for (OutgoingMessage m : messages) {
            int size = m.sizeInBytes();
            if (!current.isEmpty() && (current.size() == MAX_ENTRIES || bytes + size > maxBatchBytes)) {
                batches.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(m);
            bytes += size;
        }
        if (!current.isEmpty()) batches.add(current);
        return batches;
    }

    private Map<String, Failure> sendBatch(List<OutgoingMessage> batch, boolean retryServerFaults) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            OutgoingMessage m = batch.get(i);
            SendMessageBatchRequestEntry.Builder e = SendMessageBatchRequestEntry.builder().id(Integer.toString(i))
                    .messageBody(m.body()).messageAttributes(m.attributes());
            if (m.groupId() != null) {
                e.messageGroupId(m.groupId()).messageDeduplicationId(m.jobId());
            } else if (m.delaySeconds() > 0) {
                e.delaySeconds(m.delaySeconds());
            }
            entries.add(e.build());
        }
        Map<String, Failure> failures = new HashMap<>();
        SendMessageBatchResponse response;
        try {
            response = sqs.sendMessageBatch(r -> r.queueUrl(batch.get(0).queueUrl()).entries(entries));
        } catch (RuntimeException e) {
            boolean ambiguous = !SendFailures.isDefiniteRefusal(e);
            for (OutgoingMessage m : batch) failures.put(m.jobId(), new Failure("SendMessageBatch failed: " + e.getMessage(), ambiguous));
            return failures;
        }
        List<OutgoingMessage> retry = new ArrayList<>();
        for (BatchResultErrorEntry error : response.failed()) {
            OutgoingMessage m = batch.get(Integer.parseInt(error.id()));
            if (retryServerFaults && !Boolean.TRUE.equals(error.senderFault())) {
                retry.add(m);
            } else {
                failures.put(m.jobId(), new Failure("SQS rejected the message: " + error.code() + " " + error.message(), false));
            }
        }
        if (!retry.isEmpty()) failures.putAll(sendBatch(retry, false));
        return failures;
    }
}
