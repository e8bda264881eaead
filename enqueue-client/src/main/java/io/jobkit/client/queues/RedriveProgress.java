package io.jobkit.client.queues;

import java.time.Duration;

/**
 * Where a redrive stands, reported while it runs.
 *
 * @param method  the method actually used ({@link RedriveMethod#MOVE_TASK} or {@link RedriveMethod#MOVE_LOOP})
 * @param status  SQS's task status ({@code RUNNING}, {@code COMPLETED}, {@code CANCELLING}, {@code CANCELLED},
 *                {@code FAILED}); the move loop reports {@code RUNNING}, {@code COMPLETED} or {@code FAILED} too
 * @param moved   messages moved so far
 * @param total   messages to move, as counted when the redrive started (approximate, like every SQS count)
 * @param elapsed time since the redrive started
 */
public record RedriveProgress(RedriveMethod method, String status, long moved, long total, Duration elapsed) {

    /** Messages moved per second so far. */
    public double ratePerSecond() {
        double seconds = elapsed.toMillis() / 1000.0;
        return seconds <= 0 ? 0 : moved / seconds;
    }
}
