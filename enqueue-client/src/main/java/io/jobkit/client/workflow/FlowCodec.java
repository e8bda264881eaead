package io.jobkit.client.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobkit.client.EnqueueRequest;
import io.jobkit.client.JobOptions;
import io.jobkit.client.internal.JobPreparer;
import io.jobkit.client.wire.Envelope;
import io.jobkit.client.wire.EnvelopeCodec;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The stored form of workflow nodes that run later (chain steps, callbacks): JSON kept on the chain or batch item.
 * A job keeps its type, payload, wire options and its delay or run-at time; the delay is applied when the step is
 * enqueued, not when the chain was created.
 */
final class FlowCodec {
    private static final ObjectMapper JSON = EnvelopeCodec.mapper();

    private final JobPreparer preparer;

    FlowCodec(JobPreparer preparer) {
        this.preparer = preparer;
    }

    JsonNode encode(Flow flow) {
        ObjectNode node = JSON.createObjectNode();
        if (flow instanceof Flow.Job job) {
            node.put("kind", "job");
            node.setAll(encodeRequest(job.request()));
        } else if (flow instanceof Flow.Chain chain) {
            node.put("kind", "chain");
            ArrayNode steps = node.putArray("steps");
            chain.steps().forEach(s -> steps.add(encode(s)));
        } else if (flow instanceof Flow.Batch batch) {
            node.put("kind", "batch");
            ArrayNode members = node.putArray("members");
            batch.members().forEach(m -> members.add(encode(m)));
            node.set("options", encodeOptions(batch.options()));
        }
        return node;
    }

    ObjectNode encodeRequest(EnqueueRequest request) {
        ObjectNode node = JSON.createObjectNode();
        node.put("type", JobPreparer.validateType(request.type()));
        node.set("payload", preparer.toJson(request.payload()));
        JobOptions o = request.options();
        node.set("options", JSON.valueToTree(EnvelopeCodec.toWire(o, o.queue())));
        if (!o.delay().isZero()) node.put("delayMs", o.delay().toMillis());
        if (o.runAt() != null) node.put("runAt", o.runAt().toString());
        return node;
    }

    ObjectNode encodeOptions(BatchOptions options) {
        ObjectNode node = JSON.createObjectNode();
        if (options.onSuccess() != null) node.set("onSuccess", encodeRequest(options.onSuccess()));
        if (options.onComplete() != null) node.set("onComplete", encodeRequest(options.onComplete()));
        if (options.onFailure() != null) node.set("onFailure", encodeRequest(options.onFailure()));
        if (options.shards() > 0) node.put("shards", options.shards());
        return node;
    }

    Flow decode(JsonNode node) {
        switch (node.path("kind").asText()) {
            case "job":
                return new Flow.Job(decodeRequest(node));
            case "chain": {
                List<Flow> steps = new ArrayList<>();
                node.path("steps").forEach(s -> steps.add(decode(s)));
                return new Flow.Chain(steps);
            }
            case "batch": {
                List<Flow> members = new ArrayList<>();
                node.path("members").forEach(m -> members.add(decode(m)));
                return new Flow.Batch(members, decodeOptions(node.path("options")));
            }
            default:
                throw new IllegalStateException("stored workflow node has unknown kind: " + node);
        }
    }

    EnqueueRequest decodeRequest(JsonNode node) {
        try {
            Envelope.Options wire = JSON.treeToValue(node.path("options"), Envelope.Options.class);
            JobOptions.Builder b = EnvelopeCodec.toOptions(wire).toBuilder();
            if (node.has("delayMs")) b.delay(Duration.ofMillis(node.get("delayMs").asLong()));
            if (node.has("runAt")) b.runAt(Instant.parse(node.get("runAt").asText()));
            return EnqueueRequest.of(node.path("type").asText(), node.path("payload"), b.build());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored workflow job is unreadable: " + e.getOriginalMessage(), e);
        }
    }

    BatchOptions decodeOptions(JsonNode node) {
        BatchOptions.Builder b = BatchOptions.builder();
        if (node.has("onSuccess")) b.onSuccess(decodeRequest(node.get("onSuccess")));
        if (node.has("onComplete")) b.onComplete(decodeRequest(node.get("onComplete")));
        if (node.has("onFailure")) b.onFailure(decodeRequest(node.get("onFailure")));
        if (node.has("shards")) b.shards(node.get("shards").asInt());
        return b.build();
    }

    static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode read(String text) {
        try {
            return text == null ? null : JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored workflow JSON is unreadable: " + e.getOriginalMessage(), e);
        }
    }
}
