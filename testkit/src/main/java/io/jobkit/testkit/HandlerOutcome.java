package io.jobkit.testkit;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;

/**
 * What one handler attempt produced, mapped the way jobkit's runtimes map it: returning is success, {@code
 * RetryJobException} is a retry after its delay, any other exception a retry with the job's backoff, {@code
 * FailJobException} a permanent failure, {@code JobCancelledException} (or a cancel request the handler obeyed)
 * cancelled. A handler that throws after its deadline passed is a retry with error type {@code Timeout}.
 */
public sealed interface HandlerOutcome {

    /** The handler returned; {@code resultJson} is what the runtime would store on the job (null for none). */
    record Succeeded(Object result, JsonNode resultJson) implements HandlerOutcome {
    }

    /**
     * A retryable failure.
     *
     * @param delay     the handler's chosen delay ({@code RetryJobException}), or null for the job's backoff
     * @param errorType the exception class name, or {@code Timeout} when the deadline passed
     * @param error     what the handler threw
     */
    record Retry(Duration delay, String errorType, Throwable error) implements HandlerOutcome {
    }

    /** Fail now, no further attempts ({@code FailJobException}). */
    record Failed(Throwable error) implements HandlerOutcome {
    }

    /** The job was cancelled; {@code reason} as the runtime records it. */
    record Cancelled(String reason) implements HandlerOutcome {
    }
}
