package io.jobkit.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Hides credentials in the payloads that {@link JobClient#get} shows (the CLI, the admin API, anyone with the read
 * role). Only the view is changed: the stored envelope, which the handler reads, keeps every value.
 *
 * <p>For the built-in {@code webhook} type: header values whose names look like credentials ({@code Authorization},
 * {@code Proxy-Authorization}, {@code Cookie}, {@code X-Api-Key}, anything containing {@code token}, {@code secret},
 * {@code password} or {@code api-key}/{@code apikey}) become {@value #REDACTED}, and the URL keeps its scheme and
 * host only, because for many receivers (chat and CI webhooks) the path or query is the credential.
 */
final class PayloadRedaction {
    static final String REDACTED = "[redacted]";
    static final String WEBHOOK_TYPE = "webhook";
    private static final List<String> EXACT = List.of("authorization", "proxy-authorization", "cookie", "set-cookie",
            "x-api-key");
    private static final List<String> PARTS = List.of("token", "secret", "password", "api-key", "apikey", "api_key");

    private PayloadRedaction() {
    }

    static Job redact(Job job) {
        if (job == null || job.payload() == null || !WEBHOOK_TYPE.equals(job.type())) return job;
        JsonNode shown = redactWebhook(job.payload());
        if (shown == job.payload()) return job;
        return new Job(job.id(), job.type(), job.status(), job.queue(), job.priority(), job.attempt(), job.maxAttempts(),
                job.cycle(), job.progress(), job.progressMessage(), shown, job.result(), job.lastError(), job.createdAt(),
                job.updatedAt(), job.startedAt(), job.finishedAt(), job.nextAttemptAt(), job.runAt(), job.tags(),
                job.logs(), job.lease(), job.cancelRequested());
    }

    /**
     * A recurring schedule as {@link Schedules} shows it: a webhook schedule's payload redacted like a job's. The
     * schedule in EventBridge keeps every value; only what is read back (CLI, admin API, dashboard) is changed.
     */
    static io.jobkit.client.schedule.ScheduleInfo redact(io.jobkit.client.schedule.ScheduleInfo info) {
        if (info == null || !WEBHOOK_TYPE.equals(info.schedule().type())
                || !(info.schedule().payload() instanceof JsonNode payload)) {
            return info;
        }
        JsonNode shown = redactWebhook(payload);
        if (shown == payload) return info;
        return new io.jobkit.client.schedule.ScheduleInfo(info.schedule().toBuilder().payload(shown).build(), info.arn(),
                info.group(), info.eventBridge(), info.createdAt(), info.updatedAt(), info.nextFireTimes());
    }

    /** A redacted copy of a webhook payload; the same node when there is nothing to hide. */
    static JsonNode redactWebhook(JsonNode payload) {
        if (!(payload instanceof ObjectNode object)) return payload;
        ObjectNode copy = object.deepCopy();
        boolean changed = false;
        JsonNode url = copy.get("url");
        if (url != null && url.isTextual()) {
            String shown = redactUrl(url.asText());
            if (!shown.equals(url.asText())) {
                copy.put("url", shown);
                changed = true;
            }
        }
        if (copy.get("headers") instanceof ObjectNode headers) {
            for (Iterator<Map.Entry<String, JsonNode>> it = headers.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> header = it.next();
                if (sensitive(header.getKey()) && !REDACTED.equals(header.getValue().asText())) {
                    header.setValue(TextNode.valueOf(REDACTED));
                    changed = true;
                }
            }
        }
        return changed ? copy : payload;
    }

    static boolean sensitive(String headerName) {
        String n = headerName.toLowerCase(Locale.ROOT);
        return EXACT.contains(n) || PARTS.stream().anyMatch(n::contains);
    }

    /** {@code scheme://host[:port]}, plus {@code /[redacted]} when there was a path, query or fragment to hide. */
    static String redactUrl(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || uri.getHost() == null) return REDACTED;
            String origin = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
            boolean hidden = uri.getRawUserInfo() != null
                    || uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")
                    || uri.getRawQuery() != null || uri.getRawFragment() != null;
            return hidden ? origin + "/" + REDACTED : url;
        } catch (URISyntaxException e) {
            return REDACTED;
        }
    }
}
