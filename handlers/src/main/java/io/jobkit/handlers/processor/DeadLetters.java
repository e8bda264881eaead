package io.jobkit.handlers.processor;

import io.jobkit.client.spi.OutgoingMessage;
import io.jobkit.client.spi.QueueDirectory;
import io.jobkit.client.queues.DeadLetter;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * Moves a message to its queue's DLQ: a copy with the original body and attributes plus the reason, the source
 * queue and the attempt cycle it died in. The cycle lets a redriven copy start exactly one fresh cycle: a second
 * copy of the same cycle finds the job already past it and is dropped.
 */
final class DeadLetters {
    static final String CYCLE_ATTRIBUTE = DeadLetter.CYCLE_ATTRIBUTE;
    static final String REASON_ATTRIBUTE = DeadLetter.REASON_ATTRIBUTE;
    static final String SOURCE_ATTRIBUTE = DeadLetter.SOURCE_ATTRIBUTE;
    static final String AT_ATTRIBUTE = DeadLetter.AT_ATTRIBUTE;
    private static final int MAX_REASON = 1000;

    private final SqsClient sqs;
    private final QueueDirectory queues;
    private final Clock clock;

    DeadLetters(SqsClient sqs, QueueDirectory queues, Clock clock) {
        this.sqs = sqs;
        this.queues = queues;
        this.clock = clock;
    }

    /** Sends the copy; the caller deletes the original afterwards. {@code cycle} is 0 when there is no job record. */
    void move(ReceivedMessage m, int cycle, String reason) {
        Map<String, MessageAttributeValue> attributes = new HashMap<>();
        for (String name : new String[]{OutgoingMessage.TYPE_ATTRIBUTE, OutgoingMessage.ID_ATTRIBUTE}) {
            String v = m.attribute(name);
            if (v != null) attributes.put(name, string(v));
        }
        attributes.put(CYCLE_ATTRIBUTE, MessageAttributeValue.builder().dataType("Number").stringValue(Integer.toString(cycle)).build());
        attributes.put(REASON_ATTRIBUTE, string(reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) + "…" : reason));
        attributes.put(SOURCE_ATTRIBUTE, string(m.queue().name()));
        attributes.put(AT_ATTRIBUTE, string(clock.instant().toString()));
        SendMessageRequest.Builder send = SendMessageRequest.builder().queueUrl(queues.dlqUrl(m.queue()))
                .messageBody(m.body()).messageAttributes(attributes);
        if (m.queue().fifo()) {
            send.messageGroupId(m.groupId() != null ? m.groupId() : "jobkit")
                    .messageDeduplicationId(m.messageId() + "-" + cycle);
        }
        sqs.sendMessage(send.build());
    }

    private static MessageAttributeValue string(String v) {
        return MessageAttributeValue.builder().dataType("String").stringValue(v).build();
    }
}
