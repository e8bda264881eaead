package io.jobkit.client.health;

import io.jobkit.client.WorkerInfo;
import io.jobkit.client.metrics.JobMetrics;
import io.jobkit.client.metrics.MinuteStats;
import io.jobkit.client.metrics.StatsItems;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates {@link HealthThresholds} against current queue figures, recent dead-lettering and live consumers. Pure:
 * the caller gathers the inputs (so the rules are tested without AWS).
 *
 * <p>"Growing" DLQ: the runtimes' {@code STATS} items counted dead letters for the queue within the growth window.
 * "No consumer": a queue has a backlog and no live heartbeat (container worker or Lambda environment) lists it.
 * On AWS an enabled event source mapping whose function has not run yet has no heartbeat; such a queue reports
 * NO_CONSUMER until its first invocation — with a backlog that invocation comes within seconds.
 */
public final class HealthCheck {
    private HealthCheck() {
    }

    public static HealthReport evaluate(HealthThresholds t, List<JobMetrics.QueueMetrics> queues,
                                        List<MinuteStats> recent, List<WorkerInfo> workers) {
        List<HealthReport.Problem> problems = new ArrayList<>();
        for (JobMetrics.QueueMetrics q : queues) {
            if (q.depth() > t.maxBacklog()) {
                problems.add(new HealthReport.Problem(q.queue(), HealthReport.Check.BACKLOG, "queue " + q.queue()
                        + " has a backlog of " + q.depth() + " messages, over the threshold of " + t.maxBacklog()));
            }
            if (q.oldestAgeMs() != null && q.oldestAgeMs() > t.maxOldestAge().toMillis()) {
                problems.add(new HealthReport.Problem(q.queue(), HealthReport.Check.OLDEST_AGE, "the oldest job waiting in "
                        + q.queue() + " has waited " + Duration.ofMillis(q.oldestAgeMs()).toSeconds() + " s, over "
                        + t.maxOldestAge().toSeconds() + " s"));
            }
            if (q.dlqDepth() > t.maxDlqDepth()) {
                problems.add(new HealthReport.Problem(q.queue(), HealthReport.Check.DLQ_DEPTH, "the DLQ of " + q.queue()
                        + " holds " + q.dlqDepth() + " messages, over the threshold of " + t.maxDlqDepth()));
            }
            long added = recent.stream().filter(s -> s.queue().equals(q.queue())).mapToLong(MinuteStats::deadLettered).sum();
            if (added > 0) {
                problems.add(new HealthReport.Problem(q.queue(), HealthReport.Check.DLQ_GROWING, "the DLQ of " + q.queue()
                        + " is growing: " + added + " dead letter(s) in the last " + t.dlqGrowthWindow().toMinutes() + " min"));
            }
            boolean consumed = workers.stream().anyMatch(w -> w.queues().contains(q.queue()));
            if ((q.depth() > 0 || q.delayed() > 0) && !consumed) {
                problems.add(new HealthReport.Problem(q.queue(), HealthReport.Check.NO_CONSUMER, "queue " + q.queue()
                        + " has " + (q.depth() + q.delayed()) + " waiting message(s) and no live worker or Lambda"
                        + " environment serves it"));
            }
        }
        problems.addAll(unservedTypes(workers));
        return new HealthReport(problems.isEmpty(), problems);
    }

    /**
     * Types that some worker declined (not in its {@code --types}) and no live runtime lists among the types it
     * runs: their messages circulate between workers that put them back, and never run.
     */
    static List<HealthReport.Problem> unservedTypes(List<WorkerInfo> workers) {
        java.util.Set<String> served = new java.util.HashSet<>();
        workers.forEach(w -> served.addAll(w.types()));
        java.util.Map<String, java.util.SortedSet<String>> declinedBy = new java.util.TreeMap<>();
        for (WorkerInfo w : workers) {
            for (String type : w.declinedTypes()) {
                if (!served.contains(type)) declinedBy.computeIfAbsent(type, k -> new java.util.TreeSet<>()).add(w.id());
            }
        }
        List<HealthReport.Problem> problems = new ArrayList<>();
        declinedBy.forEach((type, ids) -> problems.add(new HealthReport.Problem(null, HealthReport.Check.UNSERVED_TYPE,
                "job type " + type + " is waiting and no live worker serves it: worker(s) " + String.join(", ", ids)
                        + " put its messages back (not in their --types); start a worker with --types " + type
                        + " or without --types")));
        return problems;
    }

    /** The STATS rows of the growth window ending now (none when the window is zero). */
    public static List<MinuteStats> recent(StatsItems items, HealthThresholds t, Instant now) {
        if (t.dlqGrowthWindow().isZero()) return List.of();
        return items.read(now.minus(t.dlqGrowthWindow()), now.plusSeconds(60));
    }
}
