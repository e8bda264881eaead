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

    /** Decodes a message body, or explains in one sentence why it is not a jobkit v1 envelope. */
    public static Envelope decode(String body) {
        if (body == null || body.isBlank()) throw new MalformedEnvelopeException("message body is empty");
        JsonNode tree;
        try {
            tree = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new MalformedEnvelopeException("message body is not valid JSON: " + e.getOriginalMessage());
        }
        if (!tree.isObject()) throw new MalformedEnvelopeException("message body is JSON but not an object");
        JsonNode v = tree.get("v");
        if (v == null || !v.canConvertToInt()) {
            throw new MalformedEnvelopeException("message body has no envelope version \"v\"; jobkit expects {\"v\":1,\"type\":...,\"payload\":...}");
        }
        if (v.asInt() != Envelope.VERSION) {
            throw new MalformedEnvelopeException("envelope version " + v.asInt() + " is not supported; this worker reads version 1");
        }
        JsonNode type = tree.get("type");
        if (type == null || !type.isTextual() || type.asText().isBlank()) {
            throw new MalformedEnvelopeException("envelope has no job \"type\"");
        }
        Envelope envelope;
        try {
            envelope = MAPPER.treeToValue(tree, Envelope.class);
        } catch (MismatchedInputException e) {
            throw new MalformedEnvelopeException("envelope field " + path(e) + " has the wrong form: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new MalformedEnvelopeException("envelope could not be read: " + e.getOriginalMessage());
        }
        if (envelope.payload() == null) {
            throw new MalformedEnvelopeException("envelope has no \"payload\"; use {} or null explicitly");
        }
        return envelope;
    }

    private static String path(MismatchedInputException e) {
        StringBuilder sb = new StringBuilder();
        e.getPath().forEach(ref -> sb.append(sb.length() == 0 ? "" : ".").append(ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]"));
        return "'" + sb + "'";
    }

    /** The wire form of {@code options} with the queue it resolved to. */
    public static Envelope.Options toWire(JobOptions options, String queue) {
        Backoff b = options.backoff();
        return new Envelope.Options(options.priority().queueName(), queue, options.maxAttempts(),
                new Envelope.BackoffSpec(b.strategy().wireName(), seconds(b.base()), seconds(b.cap()), b.jitter()),
                seconds(options.timeout()), options.dedupKey(), options.tags().isEmpty() ? null : options.tags(),
                options.groupKey());
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
