package io.jobkit.local.chaos;

import io.jobkit.client.workflow.BatchStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One batch's end state against its {@link BatchExpectation}: the counts its status shows, and its callbacks' runs
 * from the ledger. A callback ran to success exactly once when one (job, cycle) of its job succeeded with no double
 * success; a second success that a SIGKILL explains is a crash rerun, counted apart as {@link SuccessTally} does.
 *
 * @param countViolations    the status is missing, incomplete, not SUCCEEDED, or its counts are not exact
 * @param callbackViolations an expected callback that never ran, or ran to success more than once; one that ran
 *                           without the batch id in its context; one that fired but was not expected
 * @param figures            what the run's figure table shows
 */
record BatchTally(List<String> countViolations, List<String> callbackViolations, InvariantReport.BatchFigures figures) {

    /** @param status the batch's status at the end, or null when the batch does not exist */
    static BatchTally of(BatchExpectation expected, BatchStatus status, List<LedgerEntry> ledger,
                         Map<String, Instant> killedAt) {
        String batch = expected.batchId();
        long n = expected.members();
        List<String> counts = new ArrayList<>();
        if (status == null) {
            counts.add("batch " + batch + " does not exist");
        } else {
            if (!status.complete()) {
                counts.add("batch " + batch + " is not complete: " + status.pending() + " of " + status.total()
                        + " pending" + (status.sealed() ? "" : ", not sealed"));
            } else if (!"SUCCEEDED".equals(status.outcome())) {
                counts.add("batch " + batch + " ended " + status.outcome());
            }
            if (status.total() != n) counts.add("batch " + batch + " counts total " + status.total() + ", not " + n);
            if (status.succeeded() != n) {
                counts.add("batch " + batch + " counts " + status.succeeded() + " succeeded, not " + n);
            }
            if (status.failed() != 0) counts.add("batch " + batch + " counts " + status.failed() + " failed, not 0");
            if (status.cancelled() != 0) counts.add("batch " + batch + " counts " + status.cancelled() + " cancelled, not 0");
        }

        Map<String, String> fired = status == null ? Map.of() : status.callbackJobs();
        List<String> callbacks = new ArrayList<>();
        Map<String, Long> successes = new TreeMap<>();
        long crashReruns = 0;
        Set<String> expectedJobs = new LinkedHashSet<>();
        for (String kind : new TreeSet<>(expected.callbacks())) {
            String jobId = fired.get(kind);
            if (jobId == null) {
                callbacks.add("batch " + batch + " never enqueued its " + kind + " callback (its status names no job)");
                successes.put(kind, 0L);
                continue;
            }
            expectedJobs.add(jobId);
            List<LedgerEntry> runs = ledger.stream().filter(e -> e.jobId().equals(jobId)).toList();
            SuccessTally tally = SuccessTally.of(runs, killedAt);
            long ran = tally.succeeded().size() + tally.doubles().size();
            successes.put(kind, ran);
            crashReruns += tally.crashReruns();
            if (ran != 1) {
                callbacks.add(kind + " callback " + jobId + " of batch " + batch + " ran to success " + ran + " times"
                        + (tally.doubles().isEmpty() ? "" : " " + tally.doubles()));
            }
            runs.stream().filter(e -> !batch.equals(e.callbackOf())).findFirst().ifPresent(e -> callbacks.add(kind
                    + " callback " + jobId + " ran on " + e.worker() + " with " + (e.callbackOf() == null ? "no batch"
                    : "batch " + e.callbackOf()) + " in its context, not " + batch));
        }
        fired.forEach((kind, jobId) -> {
            if (!expected.callbacks().contains(kind)) {
                callbacks.add("batch " + batch + " fired " + kind + " (job " + jobId + "), which it should not have");
            }
        });
        Set<String> strangers = new TreeSet<>();
        for (LedgerEntry e : ledger) {
            if (batch.equals(e.callbackOf()) && !expectedJobs.contains(e.jobId()) && !fired.containsValue(e.jobId())) {
                strangers.add(e.jobId());
            }
        }
        for (String id : strangers) {
            callbacks.add("job " + id + " ran as a callback of batch " + batch + ", which names it for no callback");
        }

        InvariantReport.BatchFigures figures = status == null
                ? new InvariantReport.BatchFigures(batch, expected.members(), 0, 0, 0, 0, "MISSING", successes, crashReruns)
                : new InvariantReport.BatchFigures(batch, expected.members(), status.total(), status.succeeded(),
                status.failed(), status.cancelled(), status.complete() ? status.outcome() : "RUNNING", successes, crashReruns);
        return new BatchTally(List.copyOf(counts), List.copyOf(callbacks), figures);
    }
}
