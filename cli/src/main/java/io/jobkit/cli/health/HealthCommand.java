package io.jobkit.cli.health;

import io.jobkit.cli.CliCommand;
import io.jobkit.client.health.HealthReport;
import io.jobkit.client.health.HealthThresholds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;

/** {@code jobkit health}: exit 0 when every queue is healthy, 1 with one line per failed check otherwise. */
@Command(name = "health", mixinStandardHelpOptions = true,
        description = {"Check every queue: backlog and oldest waiting job over a threshold, DLQ over a threshold or",
                "growing (dead letters within --dlq-window), backlog with no live worker or Lambda environment.",
                "Exit 0 when healthy, 1 when not (each reason on its own line); for cron, CI and monitors."},
        footer = {"", "Examples:", "  jobkit health", "  jobkit health --max-backlog 5000 --max-oldest-age 30m --max-dlq 10 --json"})
public final class HealthCommand extends CliCommand {
    @Option(names = "--max-backlog", paramLabel = "N", defaultValue = "1000", description = "Visible messages a queue may hold (default ${DEFAULT-VALUE}).")
    long maxBacklog;

    @Option(names = "--max-oldest-age", paramLabel = "D", defaultValue = "15m", description = "How long the oldest waiting job may wait (default ${DEFAULT-VALUE}).")
    Duration maxOldestAge;

    @Option(names = "--max-dlq", paramLabel = "N", defaultValue = "0", description = "Messages a DLQ may hold (default ${DEFAULT-VALUE}).")
    long maxDlq;

    @Option(names = "--dlq-window", paramLabel = "D", defaultValue = "15m", description = "A DLQ that got dead letters this recently is growing; 0s turns it off (default ${DEFAULT-VALUE}).")
    Duration dlqWindow;

    @Override
    public Integer call() {
        HealthReport report = cli().client().health(new HealthThresholds(maxBacklog, maxOldestAge, maxDlq, dlqWindow));
        output().print(report, () -> {
            if (report.healthy()) {
                output().line("healthy: every queue is within its thresholds");
                return;
            }
            output().line("unhealthy: " + report.problems().size() + " problem(s)");
            for (HealthReport.Problem p : report.problems()) output().line("  " + p.check() + " " + p.reason());
        });
        return report.healthy() ? 0 : 1;
    }
}
