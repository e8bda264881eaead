package io.jobkit.client.health;

import java.util.List;

/**
 * The result of a health check: healthy when there are no problems. JSON-friendly (strings and numbers only).
 *
 * @param problems one per failed check, in queue order
 */
public record HealthReport(boolean healthy, List<Problem> problems) {
    public HealthReport {
        problems = List.copyOf(problems);
    }

    public enum Check {
        BACKLOG, OLDEST_AGE, DLQ_DEPTH, DLQ_GROWING, NO_CONSUMER,
        /** A worker put back messages of a job type (not in its {@code --types}) that no live runtime serves. */
        UNSERVED_TYPE
    }

    /** One failed check of one queue, with a sentence a person can act on. */
    public record Problem(String queue, Check check, String reason) {
    }
}
