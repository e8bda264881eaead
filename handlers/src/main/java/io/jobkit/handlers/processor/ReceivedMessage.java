package io.jobkit.handlers.processor;

import io.jobkit.client.topology.QueueDef;

import java.time.Instant;
import java.util.Map;

/**
 * One SQS message as either runtime received it: from ReceiveMessage (worker) or from an SQS event record (Lambda).
 *
 * @param queue             the logical queue it came from
 * @param receiveCount      SQS's ApproximateReceiveCount
 * @param sentAt            SQS's SentTimestamp
 * @param groupId           the FIFO MessageGroupId, or null
 * @param messageAttributes string-valued message attributes (jobkit's routing and dead-letter markers)
 * @param receivedAt        when this receive happened (SQS's 12-hour visibility limit counts from it)
 */
public record ReceivedMessage(String messageId, String receiptHandle, String body, QueueDef queue, int receiveCount,
                              Instant sentAt, String groupId, Map<String, String> messageAttributes, Instant receivedAt) {

    public ReceivedMessage {
        messageAttributes = messageAttributes == null ? Map.of() : Map.copyOf(messageAttributes);
        if (receivedAt == null) receivedAt = Instant.now();
    }

    /** A message received just now. */
    public ReceivedMessage(String messageId, String receiptHandle, String body, QueueDef queue, int receiveCount,
                           Instant sentAt, String groupId, Map<String, String> messageAttributes) {
        this(messageId, receiptHandle, body, queue, receiveCount, sentAt, groupId, messageAttributes, Instant.now());
    }

    public String attribute(String name) {
        return messageAttributes.get(name);
    }
}
