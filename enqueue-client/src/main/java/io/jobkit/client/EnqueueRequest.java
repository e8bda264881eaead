package io.jobkit.client;

import java.util.Objects;

/**
 * One job for {@link JobClient#enqueueAll(java.util.List)}.
 *
 * @param type    the job type, e.g. {@code email.send}
 * @param payload any Jackson-serialisable object, a {@code JsonNode}, or a JSON string
 * @param options delivery and retry options
 */
public record EnqueueRequest(String type, Object payload, JobOptions options) {

    public EnqueueRequest {
        options = Objects.requireNonNullElse(options, JobOptions.defaults());
    }

    public static EnqueueRequest of(String type, Object payload) {
        return new EnqueueRequest(type, payload, JobOptions.defaults());
    }

    public static EnqueueRequest of(String type, Object payload, JobOptions options) {
        return new EnqueueRequest(type, payload, options);
    }
}
