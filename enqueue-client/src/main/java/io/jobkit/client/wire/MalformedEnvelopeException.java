package io.jobkit.client.wire;

import io.jobkit.client.JobkitException;

/** A message body that is not a valid jobkit envelope; the message says what is wrong in words a person can act on. */
public final class MalformedEnvelopeException extends JobkitException {
    private static final long serialVersionUID = 1L;

    public MalformedEnvelopeException(String message) {
        super(message);
    }

    public MalformedEnvelopeException(String message, Throwable cause) {
        super(message, cause);
    }
}
