package io.jobkit.local;

/** A command line that cannot be run as given; {@code local/run} prints the message and exits with code 2. */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
