package io.jobkit.client.metrics;

import java.util.List;

/**
 * What {@link io.jobkit.client.JobClient#metrics(java.time.Duration)} returns; also the shape of {@code jobkit metrics
 * --json} and of the admin API's stats. Plain records of numbers, strings and ISO-8601 instants, so Jackson (with
 * no modules) writes it as is: instants are ISO-8601 strings, durations milliseconds.
 *
 * @param windowMinutes the window the per-minute and per-type figures cover
 * @param from          start of the window (whole minute)
 * @param to            end of the window (exclusive)
 * @param counts        what waits and runs now
 * @param throughput    one point per minute of the window, oldest first, zeros included
 * @param types         per job type over the window, sorted by name
 * @param queues        per queue now
 */
public record JobMetrics(long windowMinutes, String from, String to, Counts counts, List<MinutePoint> throughput,
                         List<TypeMetrics> types, List<QueueMetrics> queues) {

    public JobMetrics {
        throughput = List.copyOf(throughput);
        types = List.copyOf(types);
        queues = List.copyOf(queues);
    }

    /**
     * Current counts. {@code waiting}, {@code active} and {@code delayed} are SQS's approximate counts summed over the
     * topology's queues (visible, not visible, delayed); {@code running} is the messages in flight (the status index
     * keeps RUNNING and QUEUED in one phase, so a claim writes nothing to it); {@code scheduled}, {@code retrying} and
     * {@code failed} count job records in those states (the status index). {@code deadLettered} sums the DLQs.
     */
    public record Counts(long waiting, long active, long delayed, long running, long scheduled, long retrying,
                         long failed, long deadLettered) {
    }

    /** Outcomes recorded in one minute, all types. */
    public record MinutePoint(String minute, long succeeded, long failed, long retried, long cancelled) {
    }

    /**
     * One job type over the window. {@code successRate} is succeeded / (succeeded + failed), null with neither.
     * Duration and wait percentiles come from a log histogram: within {@link LogHistogram#RELATIVE_ERROR} of the true
     * value (≥ 1 ms); {@code durationMaxMs} likewise; {@code durationAvgMs} is exact. Null when nothing was timed.
     */
    public record TypeMetrics(String type, long count, long succeeded, long failed, long retried, long deadLettered,
                              long cancelled, Double successRate, Double durationP50Ms, Double durationP95Ms,
                              Double durationP99Ms, Double durationAvgMs, Double durationMaxMs, Double waitP50Ms,
                              Double waitP95Ms) {
    }

    /**
     * One queue now, from {@code GetQueueAttributes}. {@code oldestAgeMs}: SQS has no oldest-age attribute
     * (CloudWatch's {@code ApproximateAgeOfOldestMessage} is a metric, not an attribute), so this is the creation time
     * of the oldest QUEUED job record routed to the queue — null when none is waiting.
     */
    public record QueueMetrics(String queue, long depth, long inFlight, long delayed, long dlqDepth, Long oldestAgeMs) {
    }
}
