package io.jobkit.client.workflow;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * One member of a batch as its membership item records it.
 *
 * @param kind       {@code job}, {@code chain} or {@code batch}
 * @param state      PENDING, or the first terminal state, which is what the batch counted
 * @param result     the member's result on success (a job's handler result, a nested batch's summary), else null
 * @param error      why the member failed or was cancelled, else null
 * @param lastState  a later terminal state after a redrive or manual retry (not counted, see the batch docs), else null
 */
public record MemberResult(String id, String kind, String state, JsonNode result, String error, Instant finishedAt,
                           String lastState) {
}
