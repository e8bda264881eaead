package io.jobkit.cli;

/** The CLI's exit codes, the same for every command. */
public final class ExitCodes {
    /** The command did what was asked. */
    public static final int OK = 0;
    /** The operation failed: unknown job id, wrong job state, an AWS error, a job that did not succeed. */
    public static final int FAILED = 1;
    /** Bad usage: unknown command or option, malformed value (JSON, duration, priority), unknown queue. */
    public static final int USAGE = 2;

    private ExitCodes() {
    }
}
