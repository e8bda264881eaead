package io.jobkit.local.chaos;

import io.jobkit.client.JobStatus;

import java.util.List;
import java.util.Map;

/**
 * What {@link InvariantChecker} found: one {@link Check} per invariant and the counts behind them.
 *
 * @param checks               the invariants, in a fixed order
 * @param jobs                 enqueued jobs checked
 * @param byStatus             their records' statuses (jobs without a record are not here; see {@code lost})
 * @param lost                 jobs neither terminal nor waiting with a message or schedule behind them
 * @param executions           handler executions in the ledger (START lines)
 * @param doubleSuccesses      extra handler successes in one (job, cycle) that no crash explains
 * @param crashReruns          extra successes whose first run's worker was SIGKILLed before the rerun started: the
 *                             handler returned, the process died before the outcome was recorded (at-least-once)
 * @param strayMessages        messages in the main queues of jobs that are terminal, or with no jobkit job id
 * @param reconcilerRepairs    repairs the reconciler reported, or -1 while that check is pending
 * @param duplicateDeadLetters DLQ copies beyond the first of a FAILED job (harmless: a redrive runs a cycle once)
 * @param batches              each expected batch's end state, in the order given (empty when the scenario has none)
 */
public record InvariantReport(List<Check> checks, int jobs, Map<JobStatus, Long> byStatus, long lost, long executions,
                              long doubleSuccesses, long crashReruns, long strayMessages, long reconcilerRepairs,
                              long duplicateDeadLetters, List<BatchFigures> batches) {

    public InvariantReport {
        batches = List.copyOf(batches);
    }

    public enum Status { PASS, FAIL, PENDING }

    /** One invariant: its name, whether it held, how often it broke, and a few examples a person can look up. */
    public record Check(String name, Status status, long violations, List<String> examples) {
        static Check of(String name, List<String> violations) {
            return new Check(name, violations.isEmpty() ? Status.PASS : Status.FAIL, violations.size(),
                    List.copyOf(violations.subList(0, Math.min(5, violations.size()))));
        }
    }

    /**
     * One batch at the end: its status's counts and outcome ({@code MISSING} when it does not exist, {@code RUNNING}
     * while not complete), and how often each expected callback ran to success, crash reruns apart.
     */
    public record BatchFigures(String batchId, int members, long total, long succeeded, long failed, long cancelled,
                               String outcome, Map<String, Long> callbackSuccesses, long callbackCrashReruns) {
        public BatchFigures {
            callbackSuccesses = Map.copyOf(callbackSuccesses);
        }
    }

    /** True when no invariant FAILed (a PENDING one does not count as broken). */
    public boolean holds() {
        return checks.stream().noneMatch(c -> c.status() == Status.FAIL);
    }

    /** The checks as Markdown lines, failures with their examples. */
    public String describe() {
        StringBuilder s = new StringBuilder();
        for (Check c : checks) {
            s.append("- ").append(c.status()).append(' ').append(c.name());
            if (c.violations() > 0) s.append(": ").append(c.violations()).append(" violation(s), e.g. ").append(c.examples());
            s.append('\n');
        }
        return s.toString();
    }
}
