package io.jobkit.handlers.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.jobkit.client.topology.QueueDef;
import io.jobkit.client.topology.Topology;
import io.jobkit.handlers.processor.ReceivedMessage;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads an SQS event record the way the worker reads a ReceiveMessage result: the queue from the record's
 * {@code eventSourceARN} (its last segment is the SQS queue name), the receive count, sent time and FIFO group from
 * its attributes, and the string-valued message attributes that carry jobkit's id, type and dead-letter markers.
 */
final class SqsRecords {

    /** One record of a batch: the message as jobkit reads it, or why it could not be read. */
    record Resolved(SQSEvent.SQSMessage record, ReceivedMessage message, String problem) {

        boolean ok() {
            return message != null;
        }

        /** The key that keeps a FIFO group's records in order; null for records that may run in any order. */
        String orderingKey() {
            return message != null && message.queue().fifo() ? message.queue().name() + "#" + message.groupId() : null;
        }
    }

    private final Topology topology;

    SqsRecords(Topology topology) {
        this.topology = topology;
    }

    Resolved resolve(SQSEvent.SQSMessage r) {
        String arn = r.getEventSourceArn();
        String sqsName = queueName(arn);
        if (sqsName == null) {
            return new Resolved(r, null, "record has no usable eventSourceARN ('" + arn + "')");
        }
        QueueDef queue = topology.queueForSqsName(sqsName).orElse(null);
        if (queue == null) {
            return new Resolved(r, null, "queue '" + sqsName + "' is not in this function's topology (prefix '"
                    + topology.prefix() + "', queues " + topology.queues().stream().map(QueueDef::name).toList()
                    + "); check JOBKIT_PREFIX and JOBKIT_QUEUES against the event source mapping");
        }
        if (sqsName.equals(topology.dlqSqsName(queue))) {
            return new Resolved(r, null, "queue '" + sqsName + "' is the dead-letter queue of '" + queue.name()
                    + "'; map the function to the main queue and redrive dead letters with 'jobkit dlq redrive'");
        }
        Map<String, String> system = r.getAttributes() == null ? Map.of() : r.getAttributes();
        Map<String, String> attributes = new HashMap<>();
        if (r.getMessageAttributes() != null) {
            r.getMessageAttributes().forEach((name, value) -> {
                if (value != null && value.getStringValue() != null) attributes.put(name, value.getStringValue());
            });
        }
        // X-Ray's trace of the sender (a system attribute): the processor continues it when the envelope has no traceparent
        if (system.get("AWSTraceHeader") != null) attributes.putIfAbsent("AWSTraceHeader", system.get("AWSTraceHeader"));
        return new Resolved(r, new ReceivedMessage(r.getMessageId(), r.getReceiptHandle(), r.getBody(), queue,
                number(system.get("ApproximateReceiveCount"), 1), sentAt(system.get("SentTimestamp")),
                system.get("MessageGroupId"), attributes), null);
    }

    /** {@code arn:aws:sqs:us-east-1:123456789012:jobkit-normal} → {@code jobkit-normal}; null when not an SQS ARN. */
    static String queueName(String arn) {
        if (arn == null) return null;
        String[] parts = arn.split(":", -1);
        if (parts.length != 6 || !parts[0].equals("arn") || !parts[2].equals("sqs") || parts[5].isEmpty()) return null;
        return parts[5];
    }

    private static int number(String value, int fallback) {
        try {
            return value == null ? fallback : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static Instant sentAt(String epochMillis) {
        try {
            return epochMillis == null ? null : Instant.ofEpochMilli(Long.parseLong(epochMillis.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
