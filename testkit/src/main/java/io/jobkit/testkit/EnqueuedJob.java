package io.jobkit.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobkit.client.JobOptions;

/**
 * A job recorded by {@link FakeJobClient}.
 *
 * @param id          the id the fake returned (the caller's {@code jobId} when one was given)
 * @param type        the job type
 * @param payload     the payload as the JSON a worker would receive
 * @param options     the options as given
 * @param parentJobId the job whose handler enqueued this one, or null when a service did
 */
public record EnqueuedJob(String id, String type, JsonNode payload, JobOptions options, String parentJobId) {

    /** The payload decoded into {@code type}, as a handler would receive it. */
    public <T> T payloadAs(Class<T> type) {
        return FakeJobClient.MAPPER.convertValue(payload, type);
    }
}
