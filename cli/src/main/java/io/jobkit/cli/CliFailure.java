package io.jobkit.cli;

/**
 * An operation that could not be done (unknown job id, a job in the wrong state, a failed redrive): the command
 * prints the message as one sentence on stderr and exits with {@link ExitCodes#FAILED}.
 */
public final class CliFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CliFailure(String message) {
        super(message);
    }
}
