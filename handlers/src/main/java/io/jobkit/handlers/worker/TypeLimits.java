package io.jobkit.handlers.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.jobkit.client.wire.EnvelopeCodec;

import java.util.HashMap;
import java.util.Map;

/**
 * Per-job-type concurrency limits of one worker, shared by all its pollers. A message's type is its
 * {@code jobkit-type} attribute (JobClient sets it), else the envelope's {@code type} (messages EventBridge Scheduler
 * sends carry no attributes).
 */
final class TypeLimits {
    private final Map<String, Integer> limits;
    private final Map<String, Integer> running = new HashMap<>();

    TypeLimits(Map<String, Integer> limits) {
        this.limits = Map.copyOf(limits);
    }

    /** The job type of a message, for limiting; null when it has none that could be read. */
    String typeOf(String attribute, String body) {
        if (attribute != null || limits.isEmpty()) return attribute;
        try {
            JsonNode type = EnvelopeCodec.mapper().readTree(body).get("type");
            return type != null && type.isTextual() ? type.asText() : null;
        } catch (JsonProcessingException | RuntimeException e) {
            return null; // not an envelope: the processor rejects it
        }
    }

    synchronized boolean tryAcquire(String type) {
        if (type == null || !limits.containsKey(type)) return true;
        int now = running.getOrDefault(type, 0);
        if (now >= limits.get(type)) return false;
        running.put(type, now + 1);
        return true;
    }

    synchronized void release(String type) {
        if (type == null || !limits.containsKey(type)) return;
        running.merge(type, -1, Integer::sum);
    }
}
