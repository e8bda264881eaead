package io.jobkit.client.metrics;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * What one (minute, queue, type) saw: outcome counts plus the handler-duration and queue-wait histograms. A runtime
 * accumulates one per key and flushes it as an atomic increment of the {@code STATS#<minute>} item; a reader sums the
 * items of a window back into these.
 *
 * <ul>
 *   <li>{@code succeeded}: attempts that ended SUCCEEDED;</li>
 *   <li>{@code failed}: jobs that ended FAILED (attempts exhausted, permanent error, or rejected as malformed /
 *       unknown type / bad payload);</li>
 *   <li>{@code retried}: attempts that failed and left the job RETRYING;</li>
 *   <li>{@code deadLettered}: messages this runtime moved to a DLQ (every {@code failed}, including rejections);</li>
 *   <li>{@code cancelled}: jobs the runtime recorded CANCELLED.</li>
 * </ul>
 * Duration is measured around the handler for attempts that ran it; wait from the job's creation or not-before time
 * to the start of its first attempt.
 */
public final class MinuteStats {
    private final Instant minute;
    private final String queue;
    private final String type;
    long succeeded;
    long failed;
    long retried;
    long deadLettered;
    long cancelled;
    final LogHistogram duration = new LogHistogram();
    final LogHistogram wait = new LogHistogram();

    public MinuteStats(Instant minute, String queue, String type) {
        this.minute = minute.truncatedTo(ChronoUnit.MINUTES);
        this.queue = Objects.requireNonNull(queue, "queue");
        this.type = type == null ? "unknown" : type;
    }

    public Instant minute() { return minute; }
    public String queue() { return queue; }
    public String type() { return type; }
    public long succeeded() { return succeeded; }
    public long failed() { return failed; }
    public long retried() { return retried; }
    public long deadLettered() { return deadLettered; }
    public long cancelled() { return cancelled; }
    public LogHistogram duration() { return duration; }
    public LogHistogram waitTime() { return wait; }

    public void countSucceeded() { succeeded++; }
    public void countFailed() { failed++; }
    public void countRetried() { retried++; }
    public void countDeadLettered() { deadLettered++; }
    public void countCancelled() { cancelled++; }

    /** Attempts and final outcomes counted here. */
    public long outcomes() {
        return succeeded + failed + retried + cancelled;
    }

    public boolean isEmpty() {
        return outcomes() == 0 && deadLettered == 0 && duration.isEmpty() && wait.isEmpty();
    }

    /** Adds another key's figures (same or different minute) into this one. */
    public void addAll(MinuteStats o) {
        succeeded += o.succeeded;
        failed += o.failed;
        retried += o.retried;
        deadLettered += o.deadLettered;
        cancelled += o.cancelled;
        duration.addAll(o.duration);
        wait.addAll(o.wait);
    }
}
