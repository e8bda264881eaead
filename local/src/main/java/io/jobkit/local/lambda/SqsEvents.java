package io.jobkit.local.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the SQS event Lambda's event source mapping would send for received messages: every record carries its
 * message id, receipt handle, body, system attributes (ApproximateReceiveCount, SentTimestamp, SenderId,
 * ApproximateFirstReceiveTimestamp, and for FIFO MessageGroupId, MessageDeduplicationId, SequenceNumber), its message
 * attributes, the body and attribute MD5s, {@code eventSource} {@code aws:sqs}, the queue's ARN and region. Public
 * so tests can hand a Lambda handler exactly what the local event source would.
 */
public final class SqsEvents {

    private SqsEvents() {
    }

    /** The event for {@code messages} received (with all attributes) from the queue {@code queueArn}. */
    public static SQSEvent event(List<Message> messages, String queueArn) {
        SQSEvent event = new SQSEvent();
        event.setRecords(messages.stream().map(m -> record(m, queueArn)).toList());
        return event;
    }

    static SQSEvent.SQSMessage record(Message m, String queueArn) {
        SQSEvent.SQSMessage r = new SQSEvent.SQSMessage();
        r.setMessageId(m.messageId());
        r.setReceiptHandle(m.receiptHandle());
        r.setBody(m.body());
        r.setAttributes(new LinkedHashMap<>(m.attributesAsStrings()));
        Map<String, SQSEvent.MessageAttribute> attributes = new LinkedHashMap<>();
        m.messageAttributes().forEach((name, value) -> attributes.put(name, attribute(value)));
        r.setMessageAttributes(attributes);
        r.setMd5OfBody(m.md5OfBody());
        r.setMd5OfMessageAttributes(m.md5OfMessageAttributes());
        r.setEventSource("aws:sqs");
        r.setEventSourceArn(queueArn);
        r.setAwsRegion(region(queueArn));
        return r;
    }

    /** {@code arn:aws:sqs:us-east-1:000000000000:q} → {@code us-east-1}. */
    static String region(String arn) {
        String[] parts = arn.split(":", -1);
        return parts.length > 3 ? parts[3] : "";
    }

    private static SQSEvent.MessageAttribute attribute(MessageAttributeValue v) {
        SQSEvent.MessageAttribute a = new SQSEvent.MessageAttribute();
        a.setDataType(v.dataType());
        a.setStringValue(v.stringValue());
        a.setBinaryValue(v.binaryValue() == null ? null : v.binaryValue().asByteBuffer());
        a.setStringListValues(v.stringListValues() == null ? List.of() : List.copyOf(v.stringListValues()));
        a.setBinaryListValues(v.binaryListValues() == null ? List.of()
                : v.binaryListValues().stream().map(SdkBytes::asByteBuffer).map(ByteBuffer::asReadOnlyBuffer).toList());
        return a;
    }
}
