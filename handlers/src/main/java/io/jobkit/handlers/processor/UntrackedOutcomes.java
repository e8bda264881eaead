package io.jobkit.handlers.processor;

import io.jobkit.client.JobError;
import io.jobkit.client.JobOptions;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * What {@link OutcomeRecorder} does for a job tracked {@code none}, with SQS as the only state: there is no record
 * to write, so an outcome maps straight to a message disposition.
 *
 * <ul>
 *   <li>The attempt is the message's receive count ({@code ApproximateReceiveCount}).</li>
 *   <li>A retry holds the message back through its visibility for the backoff delay (capped at SQS's 12 hours).</li>
 *   <li>A job out of attempts, or failed for good, is sent to the queue's DLQ with the reason as message attributes
 *       (as tracked jobs are), then deleted.</li>
 * </ul>
 */
final class UntrackedOutcomes {
    private final DeadLetters deadLetters;
    private final DoubleSupplier random;

    UntrackedOutcomes(DeadLetters deadLetters, DoubleSupplier random) {
        this.deadLetters = deadLetters;
        this.random = random;
    }

    ProcessResult record(AttemptOutcome outcome, RunningJob job, ReceivedMessage message, JobOptions options) {
        String id = job.jobId();
        String type = job.type();
        if (outcome instanceof AttemptOutcome.Success) {
            return new ProcessResult(id, type, ProcessResult.Kind.SUCCEEDED, new Disposition.Delete());
        }
        if (outcome instanceof AttemptOutcome.Retry r) {
            if (job.attempt() >= job.maxAttempts()) {
                return fail(job, message, "attempts exhausted (" + job.attempt() + " of " + job.maxAttempts() + "): "
                        + r.error().message());
            }
            Duration delay = r.delay() != null ? r.delay() : options.backoff().delayAfter(job.attempt(), random);
            delay = Duration.ofSeconds((delay.toMillis() + 999) / 1000);
            return new ProcessResult(id, type, ProcessResult.Kind.RETRYING, new Disposition.ReturnAfter(delay));
        }
        if (outcome instanceof AttemptOutcome.PermanentFailure f) {
            return fail(job, message, f.error().message());
        }
        if (outcome instanceof AttemptOutcome.Cancelled) {
            return new ProcessResult(id, type, ProcessResult.Kind.CANCELLED, new Disposition.Delete());
        }
        if (outcome instanceof AttemptOutcome.Released) {
            // SQS counts this receive anyway: a released attempt of an untracked job is counted
            return new ProcessResult(id, type, ProcessResult.Kind.RELEASED, new Disposition.ReturnAfter(Duration.ZERO));
        }
        return new ProcessResult(id, type, ProcessResult.Kind.ABANDONED, new Disposition.Leave());
    }

    /** Out of attempts before the handler ran: the previous receives ended without an outcome (crashes). */
    ProcessResult exhausted(RunningJob job, ReceivedMessage message) {
        return fail(job, message, "attempts exhausted (" + job.maxAttempts() + "): the message was received "
                + message.receiveCount() + " times without an outcome (tracked 'none': attempts are SQS receives)");
    }

    private ProcessResult fail(RunningJob job, ReceivedMessage message, String reason) {
        deadLetters.move(message, 0, reason);
        return new ProcessResult(job.jobId(), job.type(), ProcessResult.Kind.FAILED, new Disposition.Delete());
    }

    static JobError error(String type, String message) {
        return new JobError(type, message, null, 0);
    }
}
