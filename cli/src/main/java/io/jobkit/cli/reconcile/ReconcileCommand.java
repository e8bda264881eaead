package io.jobkit.cli.reconcile;

import io.jobkit.cli.CliCommand;
import io.jobkit.client.ReconcileOptions;
import io.jobkit.client.ReconcileReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** {@code jobkit reconcile}: one reconciler run over the table (see {@code JobClient.reconcile}). */
@Command(name = "reconcile", mixinStandardHelpOptions = true,
        description = {"Find jobs waiting (QUEUED, SCHEDULED, RUNNING, RETRYING) with nothing left to move them and",
                "repair them: re-send the stored message (a worker's conditional claim makes a surviving copy",
                "harmless), or fail the job with the reason when no message is stored any more. A job counts as stale",
                "once its longest legitimate wait (SQS delay, run-at time, lease, next attempt) lies --older-than in",
                "the past. Only one reconciler runs per table at a time; a second one reports who holds the lease."},
        footer = {"", "Examples:", "  jobkit reconcile --dry-run", "  jobkit reconcile --older-than 30m --json"})
public final class ReconcileCommand extends CliCommand {
    /** The JSON shape of a run. */
    public record Reconciled(boolean ran, String heldBy, boolean dryRun, int examined, Map<String, Integer> repaired,
                             int lostRaces, List<ReconcileReport.Repair> repairs) {
    }

    @Option(names = "--older-than", paramLabel = "D", defaultValue = "15m",
            description = "How far past its last legitimate wait a job must be to count as stale (default ${DEFAULT-VALUE}, at least 1m).")
    Duration olderThan;

    @Option(names = "--dry-run", description = "Report what would be repaired; change nothing.")
    boolean dryRun;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "1000",
            description = "Repair at most N jobs in this run (default ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        ReconcileReport r = cli().client().reconcile(new ReconcileOptions(olderThan, dryRun, limit,
                "cli:" + ManagementFactory.getRuntimeMXBean().getName()));
        output().print(new Reconciled(r.ran(), r.heldBy(), r.dryRun(), r.examined(), r.repairedByKind(), r.lostRaces(),
                r.repairs()), () -> {
            if (!r.ran()) {
                output().line("another reconciler is running (" + r.heldBy() + "); nothing done");
                return;
            }
            for (ReconcileReport.Repair repair : r.repairs()) {
                output().line(repair.jobId() + "  " + repair.was() + " -> " + repair.action() + "  " + repair.reason());
            }
            output().line((r.dryRun() ? "would repair " : "repaired ") + r.repairs().size() + " of " + r.examined()
                    + " examined job(s)" + (r.repairs().isEmpty() ? "" : " " + r.repairedByKind())
                    + (r.lostRaces() > 0 ? "; " + r.lostRaces() + " moved on their own meanwhile" : ""));
        });
        return 0;
    }
}
