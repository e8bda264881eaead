package io.jobkit.client;

/**
 * What {@link JobClient#await(String, java.time.Duration)} saw.
 *
 * @param outcome FINISHED (the job reached SUCCEEDED, FAILED or CANCELLED), TIMED_OUT, or NOT_FOUND
 * @param job     the job as last read (terminal when FINISHED), or null when not found
 */
public record AwaitResult(Outcome outcome, Job job) {

    public enum Outcome { FINISHED, TIMED_OUT, NOT_FOUND }

    public boolean finished() {
        return outcome == Outcome.FINISHED;
    }

    public boolean succeeded() {
        return finished() && job.status() == JobStatus.SUCCEEDED;
    }
}
