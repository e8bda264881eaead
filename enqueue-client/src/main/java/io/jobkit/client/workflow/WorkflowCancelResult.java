package io.jobkit.client.workflow;

/**
 * What cancelling a batch or chain did.
 *
 * @param outcome       CANCELLED, ALREADY_FINISHED or NOT_FOUND
 * @param cancelled     waiting members (jobs, chains, batches) that became CANCELLED
 * @param stopRequested running jobs asked to stop (they record CANCELLED when their worker sees the request)
 */
public record WorkflowCancelResult(String id, String outcome, int cancelled, int stopRequested) {
}
