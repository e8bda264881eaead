package io.jobkit.client;

/**
 * What {@link JobClient#cancel(String)} did.
 *
 * @param outcome what happened
 * @param status  the job's status after the call (null when not found)
 */
public record CancelResult(Outcome outcome, JobStatus status) {

    public enum Outcome {
        /** The job was waiting (scheduled, queued or retrying) and is now CANCELLED; it will never run. */
        CANCELLED,
        /** The job is running; its worker stops it within one lease extension and records CANCELLED. */
        CANCEL_REQUESTED,
        /** The job had already finished; nothing changed. */
        ALREADY_FINISHED,
        /** No job has this id. */
        NOT_FOUND
    }
}
