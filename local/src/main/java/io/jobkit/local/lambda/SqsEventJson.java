package io.jobkit.local.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The wire form of an SQS event and of a batch response, as the Lambda service sends the one to the Runtime
 * Interface Client and receives the other: record fields in camelCase ({@code eventSourceARN} spelt so), binary
 * attribute values base64-encoded.
 */
final class SqsEventJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SqsEventJson() {
    }

    static byte[] write(SQSEvent event) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode records = root.putArray("Records");
        for (SQSEvent.SQSMessage m : event.getRecords()) {
            ObjectNode r = records.addObject();
            r.put("messageId", m.getMessageId());
            r.put("receiptHandle", m.getReceiptHandle());
            r.put("body", m.getBody());
            ObjectNode attributes = r.putObject("attributes");
            if (m.getAttributes() != null) m.getAttributes().forEach(attributes::put);
            ObjectNode messageAttributes = r.putObject("messageAttributes");
            if (m.getMessageAttributes() != null) {
                m.getMessageAttributes().forEach((name, a) -> messageAttributes.set(name, attribute(a)));
            }
            r.put("md5OfBody", m.getMd5OfBody());
            if (m.getMd5OfMessageAttributes() != null) r.put("md5OfMessageAttributes", m.getMd5OfMessageAttributes());
            r.put("eventSource", m.getEventSource());
            r.put("eventSourceARN", m.getEventSourceArn());
            r.put("awsRegion", m.getAwsRegion());
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an SQS event could not be written as JSON", e);
        }
    }

    /** A function's answer: {@code {"batchItemFailures":[{"itemIdentifier":"..."}]}}, or {@code null}. */
    static SQSBatchResponse readResponse(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("the function's response is not JSON: " + e.getMessage(), e);
        }
        if (root == null || root.isNull() || root.isMissingNode()) return null;
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (JsonNode f : root.path("batchItemFailures")) {
            JsonNode id = f.get("itemIdentifier");
            failures.add(new SQSBatchResponse.BatchItemFailure(id == null || id.isNull() ? null : id.asText()));
        }
        return new SQSBatchResponse(failures);
    }

    /** The error a runtime posts: {@code {"errorMessage": ..., "errorType": ...}}; the message, or the raw body. */
    static String errorMessage(byte[] body) {
        try {
            JsonNode root = JSON.readTree(body);
            if (root != null && root.hasNonNull("errorMessage")) return root.get("errorMessage").asText();
        } catch (IOException e) {
            // not JSON: show it as it is
        }
        return new String(body, StandardCharsets.UTF_8);
    }

    private static ObjectNode attribute(SQSEvent.MessageAttribute a) {
        ObjectNode n = JSON.createObjectNode();
        if (a.getStringValue() != null) n.put("stringValue", a.getStringValue());
        if (a.getBinaryValue() != null) n.put("binaryValue", base64(a.getBinaryValue()));
        ArrayNode strings = n.putArray("stringListValues");
        if (a.getStringListValues() != null) a.getStringListValues().forEach(strings::add);
        ArrayNode binaries = n.putArray("binaryListValues");
        if (a.getBinaryListValues() != null) a.getBinaryListValues().forEach(b -> binaries.add(base64(b)));
        n.put("dataType", a.getDataType());
        return n;
    }

    private static String base64(ByteBuffer b) {
        ByteBuffer copy = b.asReadOnlyBuffer();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
