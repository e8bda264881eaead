package io.jobkit.cli.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobkit.client.EnqueueRequest;
import io.jobkit.client.JobValidationException;

/** Parses {@code TYPE=JSON} (e.g. {@code order.validate={"id":7}}; {@code TYPE} alone means payload {@code {}}). */
final class TypedJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TypedJson() {
    }

    static EnqueueRequest parse(String flag, String value) {
        int eq = value.indexOf('=');
        String type = eq < 0 ? value : value.substring(0, eq);
        String json = eq < 0 ? "{}" : value.substring(eq + 1);
        if (type.isBlank()) {
            throw new JobValidationException(flag + " '" + value + "' has no job type; use TYPE=JSON, e.g. "
                    + flag + " 'email.send={\"to\":\"ada@example.com\"}'");
        }
        return EnqueueRequest.of(type.trim(), json(flag + " " + type, json));
    }

    static JsonNode json(String where, String text) {
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || node.isMissingNode()) throw new JobValidationException(where + ": the JSON is empty; give a value such as {}");
            return node;
        } catch (JsonProcessingException e) {
            throw new JobValidationException(where + ": not valid JSON (" + e.getOriginalMessage() + ")");
        }
    }
}
