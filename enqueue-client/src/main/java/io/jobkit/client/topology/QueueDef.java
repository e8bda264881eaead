package io.jobkit.client.topology;

import io.jobkit.client.JobValidationException;
import io.jobkit.client.Priority;
import io.jobkit.client.TrackingLevel;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One logical queue of the topology. Its SQS name is {@code <prefix>-<name>} (plus {@code .fifo} for FIFO queues)
 * and it always has a dead-letter queue {@code <prefix>-<name>-dlq}.
 *
 * @param name              logical name, e.g. {@code normal} or {@code reports}; letters, digits, '-' and '_'
 * @param fifo              whether this is an SQS FIFO queue (ordered per {@code groupKey})
 * @param priority          the priority this queue serves, for the four priority queues; empty for named queues
 * @param visibilityTimeout the queue's visibility timeout; workers extend it for long jobs, so it can stay short
 * @param tracking          how much of its jobs' lives is recorded (default {@link TrackingLevel#FULL}); a job's own
 *                          {@code JobOptions.tracking} wins
 */
public record QueueDef(String name, boolean fifo, Optional<Priority> priority, Duration visibilityTimeout,
                       TrackingLevel tracking) {

    /** Default visibility: short, because workers extend it while a job runs (and Lambda sets its own). */
    public static final Duration DEFAULT_VISIBILITY_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,40}");

    public QueueDef(String name, boolean fifo, Optional<Priority> priority, Duration visibilityTimeout) {
        this(name, fifo, priority, visibilityTimeout, TrackingLevel.FULL);
    }

    public QueueDef {
        if (tracking == null) tracking = TrackingLevel.FULL;
        if (name == null || !NAME.matcher(name).matches()) {
            throw new JobValidationException("queue name '" + name + "' is invalid; use 1-40 letters, digits, '-' or '_'"
                    + " (FIFO queues are declared with fifo=true, not with a .fifo suffix)");
        }
        if (name.endsWith("-dlq")) {
            throw new JobValidationException("queue name '" + name + "' must not end in -dlq; jobkit adds the DLQ itself");
        }
        priority = priority == null ? Optional.empty() : priority;
        if (visibilityTimeout == null) visibilityTimeout = DEFAULT_VISIBILITY_TIMEOUT;
        if (visibilityTimeout.isNegative() || visibilityTimeout.compareTo(Duration.ofHours(12)) > 0) {
            throw new JobValidationException("visibility timeout of queue '" + name + "' must be between 0 and 12 hours, was "
                    + visibilityTimeout);
        }
    }

    public static QueueDef standard(String name) {
        return new QueueDef(name, false, Optional.empty(), DEFAULT_VISIBILITY_TIMEOUT);
    }

    public static QueueDef fifo(String name) {
        return new QueueDef(name, true, Optional.empty(), DEFAULT_VISIBILITY_TIMEOUT);
    }

    static QueueDef forPriority(Priority priority) {
        return new QueueDef(priority.queueName(), false, Optional.of(priority), DEFAULT_VISIBILITY_TIMEOUT);
    }

    public QueueDef withVisibilityTimeout(Duration timeout) {
        return new QueueDef(name, fifo, priority, timeout, tracking);
    }

    /** This queue with its jobs tracked at {@code level} unless a job says otherwise. */
    public QueueDef withTracking(TrackingLevel level) {
        return new QueueDef(name, fifo, priority, visibilityTimeout, level);
    }

    /** The SQS queue name under {@code prefix}. */
    public String sqsName(String prefix) {
        return prefix + "-" + name + (fifo ? ".fifo" : "");
    }

    /** The SQS name of this queue's dead-letter queue (FIFO queues need a FIFO DLQ). */
    public String dlqSqsName(String prefix) {
        return prefix + "-" + name + "-dlq" + (fifo ? ".fifo" : "");
    }
}
