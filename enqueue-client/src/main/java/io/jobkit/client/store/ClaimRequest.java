package io.jobkit.client.store;

import io.jobkit.client.Priority;

import java.time.Instant;
import java.util.Map;

/**
 * A worker's bid for a job. The descriptive fields fill in the record when the claim creates it (recurring
 * firings and hand-written messages have none).
 *
 * @param owner      a token unique to this claim (worker id plus a nonce), checked by every later write
 * @param leaseUntil until when the claim holds; the worker extends it while the handler runs
 */
public record ClaimRequest(String id, String type, String queue, Priority priority, int maxAttempts,
                           Map<String, String> tags, String owner, Instant leaseUntil) {
}
