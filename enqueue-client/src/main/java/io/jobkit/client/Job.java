package io.jobkit.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A job as the job store records it: what {@link JobClient#get(String)} returns. Listings carry the summary fields
 * only ({@code payload}, {@code result}, {@code logs} and the error's stack are null or empty there).
 *
 * @param attempt       the current or last attempt of the current cycle, 1-based; 0 before the first
 * @param cycle         attempt cycles: 1, plus one per redrive or manual retry of a FAILED job
 * @param progress      percent 0–100, or null when the handler never reported progress
 * @param payload       the job's input, when loaded (by {@code get}); null in listings
 * @param result        the handler's result on success (size-limited), else null
 * @param lastError     the last attempt's error, or null
 * @param nextAttemptAt when a RETRYING job runs again
 * @param runAt         when a SCHEDULED job is due
 * @param logs          the last log lines of the job, oldest first
 * @param pastAttempts  attempts that ended in a retry, oldest first, at most {@value #MAX_PAST_ATTEMPTS} (the
 *                      current or last attempt is {@code attempt}/{@code startedAt}/{@code lastError}); an attempt
 *                      whose worker stopped without recording an outcome has no entry. Kept at tracking level
 *                      {@code full} only; empty in listings.
 */
public record Job(
        String id,
        String type,
        JobStatus status,
        String queue,
        Priority priority,
        int attempt,
        int maxAttempts,
        int cycle,
        Integer progress,
        String progressMessage,
        JsonNode payload,
        JsonNode result,
        JobError lastError,
        Instant createdAt,
        Instant updatedAt,
        Instant startedAt,
        Instant finishedAt,
        Instant nextAttemptAt,
        Instant runAt,
        Map<String, String> tags,
        List<String> logs,
        Lease lease,
        boolean cancelRequested,
        List<PastAttempt> pastAttempts) {

    /** How many ended attempts a record keeps; older ones are dropped first. */
    public static final int MAX_PAST_ATTEMPTS = 20;

    public Job {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        logs = logs == null ? List.of() : List.copyOf(logs);
        pastAttempts = pastAttempts == null ? List.of() : List.copyOf(pastAttempts);
    }

    /** A job without attempt history (listings, tests, records written before it was kept). */
    public Job(String id, String type, JobStatus status, String queue, Priority priority, int attempt, int maxAttempts,
               int cycle, Integer progress, String progressMessage, JsonNode payload, JsonNode result,
               JobError lastError, Instant createdAt, Instant updatedAt, Instant startedAt, Instant finishedAt,
               Instant nextAttemptAt, Instant runAt, Map<String, String> tags, List<String> logs, Lease lease,
               boolean cancelRequested) {
        this(id, type, status, queue, priority, attempt, maxAttempts, cycle, progress, progressMessage, payload, result,
                lastError, createdAt, updatedAt, startedAt, finishedAt, nextAttemptAt, runAt, tags, logs, lease,
                cancelRequested, List.of());
    }

    /**
     * One attempt that ended in a retry: when it ran, on which worker, and why it failed.
     *
     * @param worker the worker id of the lease owner that ran it
     */
    public record PastAttempt(int attempt, int cycle, Instant startedAt, Instant endedAt, String worker, JobError error) {
    }

    /** The worker holding a RUNNING job and until when its claim is valid. */
    public record Lease(String owner, Instant expiresAt) {
    }

    public boolean isTerminal() {
        return status.isTerminal();
    }
}
