package io.jobkit.client;

/**
 * Input rejected at the boundary (client, CLI, handler payload decoding). The message says what is wrong and how
 * to fix it; nothing was written or sent.
 */
public class JobValidationException extends JobkitException {
    private static final long serialVersionUID = 1L;

    public JobValidationException(String message) {
        super(message);
    }

    public JobValidationException(String message, Throwable cause) {
        super(message, cause);
    }
}
