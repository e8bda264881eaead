package io.jobkit.testkit;

import java.util.List;

/**
 * What one handler attempt did under {@link JobHandlerTester}: its outcome, the progress it reported, the lines it
 * logged and the follow-up jobs it enqueued.
 *
 * @param <R> the handler's result type
 */
public record TestRun<R>(String jobId, int attempt, HandlerOutcome outcome, List<ProgressUpdate> progress,
                         List<String> logLines, List<EnqueuedJob> enqueued) {

    public TestRun {
        progress = List.copyOf(progress);
        logLines = List.copyOf(logLines);
        enqueued = List.copyOf(enqueued);
    }

    public boolean succeeded() {
        return outcome instanceof HandlerOutcome.Succeeded;
    }

    /** The handler's return value; fails the test when the attempt did not succeed. */
    @SuppressWarnings("unchecked")
    public R result() {
        if (outcome instanceof HandlerOutcome.Succeeded s) return (R) s.result();
        throw new AssertionError("expected the handler to succeed, but its outcome was " + describe(outcome));
    }

    /** The outcome as {@code kind}; fails the test with what actually happened otherwise. */
    public <O extends HandlerOutcome> O outcomeAs(Class<O> kind) {
        if (kind.isInstance(outcome)) return kind.cast(outcome);
        throw new AssertionError("expected outcome " + kind.getSimpleName() + ", but it was " + describe(outcome));
    }

    static String describe(HandlerOutcome outcome) {
        if (outcome instanceof HandlerOutcome.Retry r && r.error() != null) {
            return outcome + " (" + r.error() + ")";
        }
        if (outcome instanceof HandlerOutcome.Failed f) return outcome + " (" + f.error() + ")";
        return String.valueOf(outcome);
    }
}
