package io.jobkit.client;

/** Base of every exception jobkit throws. Unchecked, as the AWS SDK's are. */
public class JobkitException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JobkitException(String message) {
        super(message);
    }

    public JobkitException(String message, Throwable cause) {
        super(message, cause);
    }
}
