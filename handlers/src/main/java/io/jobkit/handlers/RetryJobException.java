package io.jobkit.handlers;

import java.time.Duration;
import java.util.Objects;

/**
 * Retry this job after {@code delay} instead of its backoff — e.g. an HTTP 429 with Retry-After. Still counts as a
 * failed attempt: when attempts are exhausted the job fails.
 */
public class RetryJobException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Duration delay;

    public RetryJobException(Duration delay, String message) {
        this(delay, message, null);
    }

    public RetryJobException(Duration delay, String message, Throwable cause) {
        super(message, cause);
        this.delay = Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) throw new IllegalArgumentException("retry delay must not be negative: " + delay);
    }

    public Duration delay() {
        return delay;
    }
}
