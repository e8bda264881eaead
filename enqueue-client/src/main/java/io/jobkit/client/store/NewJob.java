package io.jobkit.client.store;

import io.jobkit.client.JobStatus;
import io.jobkit.client.Priority;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A job about to be written by the client.
 *
 * @param status       {@link JobStatus#QUEUED} or {@link JobStatus#SCHEDULED}
 * @param runAt        when a SCHEDULED job is due, else null
 * @param envelopeJson the exact message body, kept so an operator can inspect and re-run the job
 * @param dedupKey     null, or the key that makes this enqueue idempotent within {@code dedupWindow}
 * @param scheduleName the one-time EventBridge schedule that will send a SCHEDULED job, else null
 * @param callerId     true when the caller chose {@code id} ({@code JobOptions.jobId}): the write is then conditional
 *                     on no such job existing, and an existing one is returned instead
 */
public record NewJob(String id, String type, String queue, Priority priority, int maxAttempts, Map<String, String> tags,
                     JobStatus status, Instant runAt, String envelopeJson, String dedupKey, Duration dedupWindow,
                     String scheduleName, boolean callerId) {

    /** A job with a generated id. */
    public NewJob(String id, String type, String queue, Priority priority, int maxAttempts, Map<String, String> tags,
                  JobStatus status, Instant runAt, String envelopeJson, String dedupKey, Duration dedupWindow,
                  String scheduleName) {
        this(id, type, queue, priority, maxAttempts, tags, status, runAt, envelopeJson, dedupKey, dedupWindow,
                scheduleName, false);
    }
}
