package io.jobkit.cli.metrics;

import io.jobkit.cli.CliCommand;
import io.jobkit.client.metrics.JobMetrics;
import io.jobkit.client.metrics.LogHistogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** {@code jobkit metrics}: what waits and runs now, and what ran over a window, per type and per queue. */
@Command(name = "metrics", mixinStandardHelpOptions = true,
        description = {"Show job metrics: waiting/active/delayed (SQS), running/scheduled/retrying/failed (job records),",
                "outcomes per minute over the window, and per job type the count, success rate and duration / queue",
                "wait percentiles. Per-minute figures are what the workers flushed (each flushes once a minute has",
                "ended, and at shutdown). Percentiles are within " + "5% (log-bucket histogram)."},
        footer = {"", "Examples:", "  jobkit metrics", "  jobkit metrics --window 15m --json | jq '.types[] | {type, successRate}'"})
public final class MetricsCommand extends CliCommand {

    @Option(names = "--window", defaultValue = "1h", description = "How far back the per-minute and per-type figures go (1m to 24h; default ${DEFAULT-VALUE}).")
    Duration window;

    @Override
    public Integer call() {
        JobMetrics m = cli().client().metrics(window);
        output().print(m, () -> {
            JobMetrics.Counts c = m.counts();
            output().fields(List.of(
                    new String[]{"window", m.windowMinutes() + " min (" + m.from() + " .. " + m.to() + ")"},
                    new String[]{"waiting", Long.toString(c.waiting())},
                    new String[]{"active", Long.toString(c.active())},
                    new String[]{"delayed", Long.toString(c.delayed())},
                    new String[]{"running", Long.toString(c.running())},
                    new String[]{"scheduled", Long.toString(c.scheduled())},
                    new String[]{"retrying", Long.toString(c.retrying())},
                    new String[]{"failed", Long.toString(c.failed())},
                    new String[]{"dead-lettered", Long.toString(c.deadLettered())},
                    new String[]{"succeeded/min", perMinute(m, true)},
                    new String[]{"failed/min", perMinute(m, false)}));
            output().line("");
            List<List<String>> types = new ArrayList<>();
            for (JobMetrics.TypeMetrics t : m.types()) {
                types.add(Arrays.asList(t.type(), Long.toString(t.count()), Long.toString(t.succeeded()),
                        Long.toString(t.failed()), Long.toString(t.retried()), percent(t.successRate()),
                        ms(t.durationP50Ms()), ms(t.durationP95Ms()), ms(t.durationP99Ms()), ms(t.durationAvgMs()),
                        ms(t.durationMaxMs()), ms(t.waitP50Ms()), ms(t.waitP95Ms())));
            }
            if (types.isEmpty()) {
                output().note("no outcomes recorded in the window (workers flush once a minute has ended)");
            } else {
                output().table(List.of("TYPE", "COUNT", "OK", "FAILED", "RETRIED", "SUCCESS", "P50", "P95", "P99", "AVG",
                        "MAX", "WAIT-P50", "WAIT-P95"), types);
                output().line("");
            }
            List<List<String>> queues = new ArrayList<>();
            for (JobMetrics.QueueMetrics q : m.queues()) {
                queues.add(Arrays.asList(q.queue(), Long.toString(q.depth()), Long.toString(q.inFlight()),
                        Long.toString(q.delayed()), Long.toString(q.dlqDepth()), ms(q.oldestAgeMs() == null ? null : q.oldestAgeMs().doubleValue())));
            }
            output().table(List.of("QUEUE", "DEPTH", "IN-FLIGHT", "DELAYED", "DLQ", "OLDEST"), queues);
            output().note("percentiles are within " + String.format(Locale.ROOT, "%.1f", LogHistogram.RELATIVE_ERROR * 100)
                    + "% (log buckets); OLDEST is the oldest QUEUED job record of the queue");
        });
        return 0;
    }

    /** The last (up to) 15 minutes of the window, oldest first. */
    private static String perMinute(JobMetrics m, boolean succeeded) {
        List<JobMetrics.MinutePoint> points = m.throughput();
        List<String> values = new ArrayList<>();
        for (JobMetrics.MinutePoint p : points.subList(Math.max(0, points.size() - 15), points.size())) {
            values.add(Long.toString(succeeded ? p.succeeded() : p.failed()));
        }
        return String.join(" ", values);
    }

    private static String percent(Double rate) {
        return rate == null ? "-" : String.format(Locale.ROOT, "%.1f%%", rate * 100);
    }

    static String ms(Double millis) {
        if (millis == null) return "-";
        if (millis < 1000) return String.format(Locale.ROOT, "%.0fms", millis);
        if (millis < 60_000) return String.format(Locale.ROOT, "%.2fs", millis / 1000);
        return String.format(Locale.ROOT, "%.1fm", millis / 60_000);
    }
}
