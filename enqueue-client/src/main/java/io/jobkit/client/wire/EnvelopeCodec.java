package io.jobkit.client.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.jobkit.client.Backoff;
import io.jobkit.client.JobOptions;
import io.jobkit.client.JobValidationException;
import io.jobkit.client.Priority;

import java.time.Duration;

/** Encodes and decodes {@link Envelope}s, and converts their options to and from {@link JobOptions}. */
public final class EnvelopeCodec {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private EnvelopeCodec() {
    }

    public static String encode(Envelope envelope) {
        try {
            return MAPPER.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("envelope could not be serialised", e);
        }
    }

    /** What a sender should send, for the hints of {@link #decode}. */
    static final String EXAMPLE = "{\"v\":1,\"type\":\"email.send\",\"payload\":{...}} (see jobkit/envelope-v1.schema.json)";

    /**
     * Decodes a message body, or explains in one sentence why it is not a jobkit v1 envelope and what the sender
     * should send instead. Reasons name fields and positions, never values from the body: they end up in logs and
     * DLQ attributes.
     */
    public static Envelope decode(String body) {
        if (body == null || body.isBlank()) {
            throw new MalformedEnvelopeException("message body is empty; send the envelope JSON, e.g. " + EXAMPLE);
        }
        if (body.charAt(0) == '\uFEFF') {
            throw new MalformedEnvelopeException("message body starts with a byte-order mark (U+FEFF); send the envelope"
                    + " JSON as plain UTF-8 text without it");
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new MalformedEnvelopeException("message body is not valid JSON (" + where(e) + ")" + notJsonHint(body));
        }
        if (!tree.isObject()) {
            throw new MalformedEnvelopeException("message body is JSON but not an object; send the envelope object, e.g. "
                    + EXAMPLE);
        }
        if (tree.path("Type").asText("").equals("Notification") && tree.has("Message") && !tree.has("v")) {
            throw new MalformedEnvelopeException("message body is an SNS notification, not a jobkit envelope; enable raw"
                    + " message delivery on the SNS subscription so the envelope itself arrives");
        }
        JsonNode v = tree.get("v");
        if (v != null && v.isTextual()) {
            throw new MalformedEnvelopeException("envelope version \"v\" is a string; send it as the number 1");
        }
        if (v == null || !v.canConvertToInt()) {
            throw new MalformedEnvelopeException("message body has no envelope version \"v\"; jobkit expects " + EXAMPLE);
        }
        if (v.asInt() != Envelope.VERSION) {
            throw new MalformedEnvelopeException("envelope version " + v.asInt() + " is not supported; this worker reads"
                    + " version 1: send \"v\":1, or run a worker that reads version " + v.asInt());
        }
        JsonNode type = tree.get("type");
        if (type == null || type.isNull()) {
            throw new MalformedEnvelopeException("envelope has no job \"type\"; set it to the type a handler is"
                    + " registered for, e.g. \"email.send\"");
        }
        if (!type.isTextual() || type.asText().isBlank()) {
            throw new MalformedEnvelopeException("envelope \"type\" must be a non-empty string naming the job type, e.g."
                    + " \"email.send\"");
        }
        Envelope envelope;
        try {
            envelope = MAPPER.treeToValue(tree, Envelope.class);
        } catch (MismatchedInputException e) {
            String expected = e.getTargetType() != null ? "; expected " + describe(e.getTargetType()) : "";
            throw new MalformedEnvelopeException("envelope field " + path(e) + " has the wrong form" + expected
                    + "; see jobkit/envelope-v1.schema.json");
        } catch (JsonProcessingException e) {
            throw new MalformedEnvelopeException("envelope could not be read (" + e.getOriginalMessage()
                    + "); see jobkit/envelope-v1.schema.json");
        }
        if (envelope.payload() == null) {
            throw new MalformedEnvelopeException("envelope has no \"payload\"; use {} or null explicitly");
        }
        return envelope;
    }

    /** Where the JSON broke, without quoting it. */
    private static String where(JsonProcessingException e) {
        String at = e.getLocation() != null
                ? "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() : "unknown position";
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        return original.startsWith("Unexpected end-of-input") ? "it ends early, at " + at + "; was it cut off?"
                : "it breaks at " + at;
    }

    /** A body that is base64 of JSON is a common mistake of SDKs that encode binary payloads. */
    private static String notJsonHint(String body) {
        String trimmed = body.strip();
        if (trimmed.length() >= 8 && trimmed.length() % 4 == 0 && trimmed.matches("[A-Za-z0-9+/]+={0,2}")) {
            try {
                String decoded = new String(java.util.Base64.getDecoder().decode(trimmed), java.nio.charset.StandardCharsets.UTF_8);
                if (decoded.strip().startsWith("{")) {
                    return "; it looks base64-encoded: send the envelope JSON itself as the message body";
                }
            } catch (IllegalArgumentException notBase64) {
                // not base64 after all: the generic hint applies
            }
        }
        return "; send the envelope JSON, e.g. " + EXAMPLE;
    }

    private static String describe(Class<?> type) {
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) return "a number";
        if (type == String.class) return "a string";
        if (type == Boolean.class || type == boolean.class) return "true or false";
        if (java.time.temporal.Temporal.class.isAssignableFrom(type)) return "an ISO-8601 time such as 2026-01-31T09:00:00Z";
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) return "an object";
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) return "an array";
        return type.getSimpleName();
    }

    private static String path(MismatchedInputException e) {
        StringBuilder sb = new StringBuilder();
        e.getPath().forEach(ref -> sb.append(sb.length() == 0 ? "" : ".").append(ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]"));
        return "'" + sb + "'";
    }

    /** The wire form of {@code options} with the queue it resolved to. */
    public static Envelope.Options toWire(JobOptions options, String queue) {
        return toWire(options, queue, options.tracking());
    }

    /**
     * The wire form with the tracking level the job resolved to; {@code full} is left out (the default, and what a
     * worker that predates tracking levels does anyway).
     */
    public static Envelope.Options toWire(JobOptions options, String queue, io.jobkit.client.TrackingLevel tracking) {
        Backoff b = options.backoff();
        return new Envelope.Options(options.priority().queueName(), queue, options.maxAttempts(),
                new Envelope.BackoffSpec(b.strategy().wireName(), seconds(b.base()), seconds(b.cap()), b.jitter()),
                seconds(options.timeout()), options.dedupKey(), options.tags().isEmpty() ? null : options.tags(),
                options.groupKey(),
                tracking == null || tracking == io.jobkit.client.TrackingLevel.FULL ? null : tracking.wireName());
    }

    /**
     * Options as a worker applies them: absent wire fields take the defaults. Invalid values (a hand-written
     * message with maxAttempts 0, say) fail with a {@link MalformedEnvelopeException} naming the field.
     */
    public static JobOptions toOptions(Envelope.Options wire) {
        if (wire == null) return JobOptions.defaults();
        try {
            JobOptions.Builder b = JobOptions.builder();
            if (wire.priority() != null) b.priority(Priority.parse(wire.priority()));
            if (wire.queue() != null) b.queue(wire.queue());
            if (wire.maxAttempts() != null) b.maxAttempts(wire.maxAttempts());
            if (wire.backoff() != null) b.backoff(toBackoff(wire.backoff()));
            if (wire.timeoutSeconds() != null) b.timeout(duration(wire.timeoutSeconds()));
            if (wire.dedupKey() != null) b.dedupKey(wire.dedupKey());
            if (wire.tags() != null) b.tags(wire.tags());
            if (wire.groupKey() != null) b.groupKey(wire.groupKey());
            if (wire.tracking() != null) b.tracking(io.jobkit.client.TrackingLevel.parse(wire.tracking()));
            return b.build();
        } catch (JobValidationException e) {
            throw new MalformedEnvelopeException("envelope options are invalid: " + e.getMessage(), e);
        }
    }

    private static Backoff toBackoff(Envelope.BackoffSpec spec) {
        Backoff d = Backoff.defaults();
        Backoff.Strategy strategy = spec.strategy() != null ? Backoff.Strategy.parse(spec.strategy()) : d.strategy();
        Duration base = spec.baseSeconds() != null ? duration(spec.baseSeconds()) : d.base();
        Duration cap = spec.capSeconds() != null ? duration(spec.capSeconds()) : null;
        return new Backoff(strategy, base, cap, spec.jitter() != null ? spec.jitter() : d.jitter());
    }

    private static Double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    private static Duration duration(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    /** The mapper used for envelopes; callers must not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
