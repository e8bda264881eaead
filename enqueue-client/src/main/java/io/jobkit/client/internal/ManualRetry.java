package io.jobkit.client.internal;

import io.jobkit.client.spi.QueueDirectory;

import io.jobkit.client.EnqueueException;
import io.jobkit.client.Job;
import io.jobkit.client.JobError;
import io.jobkit.client.JobStatus;
import io.jobkit.client.RetryResult;
import io.jobkit.client.store.JobStore;
import io.jobkit.client.store.TransitionResult;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.util.Optional;

/**
 * Runs a FAILED job again as a fresh attempt cycle, by hand rather than by a DLQ redrive.
 *
 * <ol>
 *   <li>Read the stored envelope first: without it there is nothing to send, and the job must not move to QUEUED.</li>
 *   <li>FAILED → QUEUED in one conditional write that starts the next cycle (attempt 0); any other state is a
 *       conflict reported to the caller, never an exception.</li>
 *   <li>Send the envelope to the job's queue. If that fails the record goes back to FAILED with the reason, exactly
 *       as a failed enqueue does, so no record stays QUEUED without a message.</li>
 * </ol>
 *
 * The job's old message may still sit in its DLQ, marked with the old cycle; redriving it later finds the job past
 * that cycle and the worker drops it, so a retry and a redrive never run the same failure twice.
 */
public final class ManualRetry {
    private final JobStore store;
    private final StoredEnvelopes envelopes;

    public ManualRetry(JobStore store, SqsClient sqs, QueueDirectory queues) {
        this.store = store;
        this.envelopes = new StoredEnvelopes(sqs, queues);
    }

    public RetryResult retry(String id) {
        Optional<Job> current = store.get(id);
        if (current.isEmpty()) return new RetryResult(RetryResult.Outcome.NOT_FOUND, null, 0);
        if (current.get().status() != JobStatus.FAILED) {
            return new RetryResult(RetryResult.Outcome.NOT_FAILED, current.get().status(), current.get().cycle());
        }
        Optional<String> body = store.envelope(id);
        if (body.isEmpty()) {
            return new RetryResult(RetryResult.Outcome.ENVELOPE_EXPIRED, JobStatus.FAILED, current.get().cycle());
        }
        TransitionResult moved = store.retryManually(id);
        if (moved instanceof TransitionResult.NotFound) return new RetryResult(RetryResult.Outcome.NOT_FOUND, null, 0);
        if (moved instanceof TransitionResult.Conflict conflict) {
            return new RetryResult(RetryResult.Outcome.NOT_FAILED, conflict.current().status(), conflict.current().cycle());
        }
        Job queued = ((TransitionResult.Applied) moved).job();
        try {
            envelopes.send(queued, body.get(), "-cycle-" + queued.cycle()); // per cycle
        } catch (RuntimeException e) {
            String reason = "SendMessage failed: " + e.getMessage();
            EnqueueException failure = new EnqueueException(id, "job " + id + " was not retried: " + reason
                    + "; its record is FAILED again and may be retried again", e);
            try {
                store.markEnqueueFailed(id, new JobError("EnqueueFailed", reason, null, 0));
            } catch (RuntimeException cleanup) {
                failure.addSuppressed(cleanup);
            }
            throw failure;
        }
        return new RetryResult(RetryResult.Outcome.RETRIED, queued.status(), queued.cycle());
    }

}
