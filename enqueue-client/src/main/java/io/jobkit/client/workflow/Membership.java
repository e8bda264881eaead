package io.jobkit.client.workflow;

/**
 * Which workflow a job belongs to, from its stored envelope; every field null for a job outside workflows (or one
 * whose envelope has expired).
 *
 * @param step       the 0-based step index in {@code chainId}
 * @param callbackOf the batch whose callback this job is
 * @param parentId   the job (or, after a chord, the batch) before it
 */
public record Membership(String jobId, String batchId, String chainId, Integer step, String callbackOf, String parentId) {
}
