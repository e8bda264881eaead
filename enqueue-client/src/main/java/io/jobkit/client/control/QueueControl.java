package io.jobkit.client.control;

import java.time.Instant;

/**
 * A queue's control item ({@code pk=QUEUE#<name>, sk=CONTROL}): whether workers receive from it.
 *
 * @param queue     the logical queue name
 * @param paused    true while workers must not receive from the queue
 * @param changedBy who paused or resumed it last (an admin principal), or null when it was never changed
 * @param changedAt when, or null when it was never changed
 */
public record QueueControl(String queue, boolean paused, String changedBy, Instant changedAt) {

    /** A queue nobody ever paused. */
    public static QueueControl running(String queue) {
        return new QueueControl(queue, false, null, null);
    }
}
