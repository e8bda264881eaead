package io.jobkit.testkit;

/** A job {@link FakeJobClient#drain()} ran: its final outcome after {@code attempts} inline attempts. */
public record DrainedJob(EnqueuedJob job, HandlerOutcome outcome, int attempts) {
}
