package io.jobkit.client.spi;

import io.jobkit.client.topology.QueueDef;
import software.amazon.awssdk.services.scheduler.model.Target;

/**
 * The SQS target every jobkit schedule (one-time and recurring) carries: the job's queue, the scheduler role, the
 * input, and a dead-letter target plus an explicit retry policy, so a delivery that fails is retried and then lands
 * in the queue's DLQ with the scheduler's reason attributes instead of being dropped silently (standard queues;
 * see {@link #forQueue} for FIFO).
 *
 * <p>Retry policy: the service maximums, 24 h of event age and 185 attempts. A schedule delivery is an accepted job
 * (its record says SCHEDULED, or a recurring firing the caller counts on): late beats lost, and the failures that
 * retries can cure (throttling, a KMS or IAM change being rolled back, a queue being re-created) can last hours.
 * Failures retries cannot cure are dead-lettered by the service at once. They are written here rather than left
 * to the service default so the behaviour is visible in GetSchedule and does not change with a default.
 */
public final class ScheduleTargets {
    /** RetryPolicy.MaximumEventAgeInSeconds: 24 h, the service maximum. */
    static final int MAX_EVENT_AGE_SECONDS = 86_400;
    /** RetryPolicy.MaximumRetryAttempts: 185, the service maximum. */
    static final int MAX_RETRY_ATTEMPTS = 185;

    private ScheduleTargets() {
    }

    /**
     * The target sending {@code input} to {@code queue}, dead-lettering to that queue's DLQ. FIFO queues get the retry
     * policy but no dead-letter target: EventBridge Scheduler takes only standard queues as DeadLetterConfig (its ARN
     * pattern has no {@code .fifo}), and a FIFO DLQ is all a FIFO queue has.
     */
    public static Target.Builder forQueue(QueueDirectory queues, QueueDef queue, String roleArn, String input) {
        Target.Builder target = Target.builder().arn(queues.arn(queue)).roleArn(roleArn).input(input)
                .retryPolicy(p -> p.maximumEventAgeInSeconds(MAX_EVENT_AGE_SECONDS)
                        .maximumRetryAttempts(MAX_RETRY_ATTEMPTS));
        if (!queue.fifo()) target.deadLetterConfig(d -> d.arn(queues.dlqArn(queue)));
        return target;
    }
}
