package io.jobkit.client.queues;

import java.time.Duration;

/**
 * How a redrive ended.
 *
 * @param queue          the logical queue whose DLQ was redriven
 * @param from           the DLQ's SQS name
 * @param to             the SQS name of the queue the messages went back to
 * @param method         {@link RedriveMethod#MOVE_TASK} or {@link RedriveMethod#MOVE_LOOP}
 * @param status         {@code COMPLETED}, {@code FAILED}, {@code CANCELLED}, or {@code RUNNING} when the caller
 *                       stopped watching a move task that goes on without it
 * @param moved          messages moved
 * @param total          messages counted in the DLQ when the redrive started
 * @param taskHandle     SQS's handle of the move task, or null for the move loop
 * @param failureReason  why it failed, or null
 * @param elapsed        how long it ran (or was watched)
 * @param skipped        move loop only: copies left in the DLQ because they were dead-lettered after the loop began
 *                       (a move task is bounded by SQS to the messages present at its start; always 0 there)
 * @param duplicatesDropped move loop only: second copies of a job and attempt cycle deleted from the DLQ once the
 *                       first was moved
 */
public record RedriveResult(String queue, String from, String to, RedriveMethod method, String status, long moved,
                            long total, String taskHandle, String failureReason, Duration elapsed, long skipped,
                            long duplicatesDropped) {

    /** A result without skipped or dropped copies (every move task's). */
    public RedriveResult(String queue, String from, String to, RedriveMethod method, String status, long moved,
                         long total, String taskHandle, String failureReason, Duration elapsed) {
        this(queue, from, to, method, status, moved, total, taskHandle, failureReason, elapsed, 0, 0);
    }

    public boolean completed() {
        return "COMPLETED".equals(status);
    }
}
