package io.jobkit.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobkit.client.workflow.BatchCallback;

/**
 * Where a tested job sits in a workflow: a chain step (with the step before's result), a batch member, a batch's
 * callback, or nowhere. At most one of them, as a real job.
 */
record WorkflowPlace(String chainId, String batchId, JsonNode previousResult, BatchCallback callback) {
    static final WorkflowPlace NONE = new WorkflowPlace(null, null, null, null);
}
