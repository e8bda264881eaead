package io.jobkit.handlers;

/**
 * This job can never succeed (bad input, a 4xx from a downstream API): fail it now, with no further attempts; its
 * message goes to the DLQ with this message as the reason.
 */
public class FailJobException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FailJobException(String message) {
        super(message);
    }

    public FailJobException(String message, Throwable cause) {
        super(message, cause);
    }
}
