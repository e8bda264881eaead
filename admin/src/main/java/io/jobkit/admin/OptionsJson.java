package io.jobkit.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobkit.client.Durations;
import io.jobkit.client.JobOptions;
import io.jobkit.client.Priority;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;

/**
 * Job options in a request body: {@code queue}, {@code priority} (a name or 0-10), {@code maxAttempts},
 * {@code delay} and {@code timeout} (jobkit durations such as {@code 90s}, {@code 10m}), {@code runAt} (ISO-8601),
 * {@code dedupKey}, {@code groupKey}, {@code tags}. The client validates the values; this only checks shapes.
 */
final class OptionsJson {
    private static final Set<String> FIELDS = Set.of("queue", "priority", "maxAttempts", "delay", "timeout", "runAt",
            "dedupKey", "groupKey", "tags");

    private OptionsJson() {
    }

    static JobOptions parse(JsonNode options, boolean allowTiming) {
        Fields.allowOnly(options, "options", FIELDS);
        JobOptions.Builder b = JobOptions.defaults().toBuilder();
        String queue = Fields.text(options, "queue", false);
        if (queue != null) b.queue(queue);
        JsonNode priority = options.get("priority");
        if (priority != null && !priority.isNull()) {
            if (priority.isIntegralNumber()) b.priority(priority.intValue());
            else if (priority.isTextual()) b.priority(Priority.parse(priority.asText()));
            else throw new ApiError(422, "INVALID_FIELD", "field 'priority' must be critical, high, normal, low or 0-10");
        }
        Integer maxAttempts = Fields.integer(options, "maxAttempts");
        if (maxAttempts != null) b.maxAttempts(maxAttempts);
        String timeout = Fields.text(options, "timeout", false);
        if (timeout != null) b.timeout(Durations.parse(timeout));
        String dedup = Fields.text(options, "dedupKey", false);
        if (dedup != null) b.dedupKey(dedup);
        String group = Fields.text(options, "groupKey", false);
        if (group != null) b.groupKey(group);
        b.tags(Fields.stringMap(options, "tags"));
        String delay = Fields.text(options, "delay", false);
        String runAt = Fields.text(options, "runAt", false);
        if (!allowTiming && (delay != null || runAt != null)) {
            throw new ApiError(422, "INVALID_FIELD", "a schedule's options take no delay or runAt; its expression sets the times");
        }
        if (delay != null) b.delay(Durations.parse(delay));
        if (runAt != null) {
            try {
                b.runAt(Instant.parse(runAt));
            } catch (DateTimeParseException e) {
                throw new ApiError(422, "INVALID_FIELD", "field 'runAt' must be an ISO-8601 instant such as 2026-01-31T09:00:00Z");
            }
        }
        return b.build();
    }
}
