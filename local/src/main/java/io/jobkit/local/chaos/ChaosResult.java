package io.jobkit.local.chaos;

import java.time.Duration;
import java.util.Map;

/**
 * The figures of one chaos run and the checker's report.
 *
 * @param options            what was run
 * @param killed             SIGKILLs actually sent
 * @param faults             faults injected into the workers' calls, by kind, SQS and DynamoDB together
 * @param sqsRequests        worker requests through the SQS fault proxy
 * @param dynamoRequests     worker requests through the DynamoDB fault proxy
 * @param redriven           DLQ messages moved back by the mid-run redrive
 * @param unexpectedOutcomes jobs that ended otherwise than their type intends (e.g. a short job FAILED after its
 *                           attempts were used up by faults); a figure, not an invariant
 * @param settled            whether every job reached a terminal state within the settle timeout
 * @param timeToSettle       from the last disturbance (kill or outage end) until no job was left unfinished
 * @param total              from the first enqueue until the check
 */
public record ChaosResult(ChaosOptions options, int killed, Map<FaultKind, Long> faults, long sqsRequests,
                          long dynamoRequests, long redriven, long unexpectedOutcomes, boolean settled,
                          Duration timeToSettle, Duration total, InvariantReport report) {

    /** The run passed: it settled and no invariant broke. */
    public boolean passed() {
        return settled && report.holds();
    }

    /** A Markdown figures table and the list of invariants. */
    public String figures() {
        long injected = faults.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder kinds = new StringBuilder();
        faults.forEach((k, v) -> {
            if (kinds.length() > 0) kinds.append(", ");
            kinds.append(k.label()).append(' ').append(v);
        });
        StringBuilder s = new StringBuilder();
        s.append("| figure | value |\n|---|---|\n");
        row(s, "jobs", Integer.toString(options.jobs()));
        if (report.batches().isEmpty()) row(s, "batch", "none (--batch-members 0)");
        for (InvariantReport.BatchFigures b : report.batches()) {
            row(s, "batch members (on top of the jobs)", b.members() + " (" + ChaosRun.flakyMembers(b.members())
                    + " failing once first)");
            row(s, "batch status at the end", "total " + b.total() + ", succeeded " + b.succeeded() + ", failed "
                    + b.failed() + ", cancelled " + b.cancelled() + ", outcome " + b.outcome());
            row(s, "batch callbacks run to success", new java.util.TreeMap<>(b.callbackSuccesses()) + " (crash reruns "
                    + b.callbackCrashReruns() + ")");
        }
        row(s, "workers (processes) x concurrency", options.workers() + " x " + options.concurrency());
        row(s, "SIGKILLs (each followed by a restart)", Integer.toString(killed));
        row(s, "fault rate", String.format(java.util.Locale.ROOT, "%.1f %%", options.faultRate() * 100));
        row(s, "worker requests (SQS / DynamoDB)", sqsRequests + " / " + dynamoRequests);
        row(s, "faults injected", injected + " (" + kinds + ")");
        row(s, "DynamoDB outage", options.outage().isZero() ? "none" : options.outage().toSeconds() + " s");
        row(s, "DLQ messages redriven mid-run", Long.toString(redriven));
        row(s, "handler executions", Long.toString(report.executions()));
        row(s, "jobs by status", report.byStatus().toString());
        row(s, "jobs lost", Long.toString(report.lost()));
        row(s, "double successes (same job, same cycle)", Long.toString(report.doubleSuccesses()));
        row(s, "crash reruns (first runner SIGKILLed before recording)", Long.toString(report.crashReruns()));
        row(s, "stray queue messages", Long.toString(report.strayMessages()));
        row(s, "duplicate DLQ copies of FAILED jobs (not an invariant)", Long.toString(report.duplicateDeadLetters()));
        row(s, "unexpected outcomes (not an invariant)", Long.toString(unexpectedOutcomes));
        row(s, "time to settle after the last disturbance", settled ? seconds(timeToSettle) : "did not settle in "
                + seconds(options.settleTimeout()));
        row(s, "total run time", seconds(total));
        row(s, "reconciler repairs", report.reconcilerRepairs() < 0 ? "pending (no reconciler evidence)"
                : report.reconcilerRepairs() + " of " + ChaosRun.STALE_RECORDS + " planted stale records");
        row(s, "seed", Long.toString(options.seed()));
        s.append("\nInvariants:\n").append(report.describe());
        return s.toString();
    }

    private static void row(StringBuilder s, String name, String value) {
        s.append("| ").append(name).append(" | ").append(value).append(" |\n");
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
