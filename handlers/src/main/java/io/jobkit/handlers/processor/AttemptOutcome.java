package io.jobkit.handlers.processor;

import io.jobkit.client.JobError;

import java.time.Duration;

/** What one handler attempt produced. Closed: {@link OutcomeRecorder} maps each case to one write and one disposition. */
sealed interface AttemptOutcome {

    /** The handler returned; {@code resultJson} is the serialised result or null. */
    record Success(String resultJson) implements AttemptOutcome {
    }

    /** A retryable failure; {@code delay} is the handler's choice, or null for the job's backoff. */
    record Retry(JobError error, Duration delay) implements AttemptOutcome {
    }

    /** Fail now, no further attempts. */
    record PermanentFailure(JobError error) implements AttemptOutcome {
    }

    /** The job was cancelled (cancel request, or the handler gave up as cancelled). */
    record Cancelled(String reason) implements AttemptOutcome {
    }

    /** The runtime is shutting down: release the job without counting the attempt. */
    record Released() implements AttemptOutcome {
    }

    /** Another worker owns the job now; write nothing. */
    record LeaseLost() implements AttemptOutcome {
    }
}
