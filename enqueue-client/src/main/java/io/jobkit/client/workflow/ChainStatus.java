package io.jobkit.client.workflow;

import java.time.Instant;
import java.util.List;

/**
 * A chain and its steps.
 *
 * @param status      RUNNING, SUCCEEDED, FAILED (a step failed for good) or CANCELLED
 * @param current     the 0-based index of the step running now (or the last one that ran)
 * @param failedStep  the 0-based index of the step that failed, or null
 * @param reason      why the chain stopped, naming the step; null while running or after success
 * @param parentBatch the batch this chain is a member of, or null
 */
public record ChainStatus(String id, String status, int current, List<Step> steps, Integer failedStep, String reason,
                          String parentBatch, Instant createdAt, Instant finishedAt) {

    public ChainStatus {
        steps = List.copyOf(steps);
    }

    /**
     * One step.
     *
     * @param kind   {@code job} or {@code batch}
     * @param type   the job type (for a batch step: {@code batch})
     * @param id     the step's job or batch id once started, else null
     * @param status the job's status, the batch's outcome (RUNNING while it runs), PENDING before it starts, or
     *               CANCELLED when an earlier step failed or the chain was cancelled
     * @param reason why a step that never ran was cancelled, naming the step that failed
     */
    public record Step(int index, String kind, String type, String id, String status, String reason) {
    }
}
