package io.jobkit.handlers.builtin;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * The payload of a {@code webhook} job.
 *
 * @param url     where to POST; http or https
 * @param body    the JSON body to send
 * @param headers extra request headers (optional)
 */
public record WebhookRequest(String url, JsonNode body, Map<String, String> headers) {
}
