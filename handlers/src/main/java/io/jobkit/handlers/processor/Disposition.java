package io.jobkit.handlers.processor;

import java.time.Duration;

/**
 * What the runtime must do with a message once {@link JobProcessor} has recorded the job's outcome. The worker
 * executes it with (batched) DeleteMessage / ChangeMessageVisibility; the Lambda runtime lets the event source
 * delete successes and reports the rest as batch item failures.
 */
public sealed interface Disposition {

    /** Done with it: delete the message (success, cancelled, dead-lettered, or a duplicate of a finished job). */
    record Delete() implements Disposition {
    }

    /** Make the message visible again after {@code delay} (retry backoff, early arrival, busy elsewhere). */
    record ReturnAfter(Duration delay) implements Disposition {
    }

    /**
     * Leave the message alone: it returns when its visibility runs out. Used when this runtime lost the job's lease
     * or could not record an outcome — the job's record, not this runtime, decides what happens next.
     */
    record Leave() implements Disposition {
    }
}
