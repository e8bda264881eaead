package io.jobkit.client.spi;

import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One job message ready to send: body, routing attributes and FIFO fields.
 *
 * @param queueUrl     the destination queue
 * @param delaySeconds SQS DelaySeconds (0–900), ignored for FIFO queues (which refuse per-message delays)
 * @param groupId      the FIFO message group, or null for standard queues
 */
public record OutgoingMessage(String jobId, String type, String queueUrl, String body, int delaySeconds, String groupId) {
    public static final String TYPE_ATTRIBUTE = "jobkit-type";
    public static final String ID_ATTRIBUTE = "jobkit-id";

    public Map<String, MessageAttributeValue> attributes() {
        return Map.of(TYPE_ATTRIBUTE, string(type), ID_ATTRIBUTE, string(jobId));
    }

    /** What SQS counts against its message size limit: body plus attribute names, types and values. */
    public int sizeInBytes() {
        return sizeOf(body) + attributeBytes(type, jobId);
    }

    static int attributeBytes(String type, String id) {
        return sizeOf(TYPE_ATTRIBUTE) + sizeOf("String") + sizeOf(type) + sizeOf(ID_ATTRIBUTE) + sizeOf("String") + sizeOf(id);
    }

    private static int sizeOf(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static MessageAttributeValue string(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
