package io.jobkit.local.chaos;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Handler successes per (job, cycle), from the ledger alone. A second success counts as a crash rerun when the
 * worker incarnation of the success before it was SIGKILLed after that success and before the second run started:
 * the handler returned, the process died before the outcome was written, and SQS delivered again (at-least-once).
 * Any other second success is a double success, the thing the fault model forbids.
 *
 * @param doubles     one line per forbidden extra success
 * @param crashReruns extra successes a SIGKILL explains
 * @param succeeded   the (job id, cycle) keys that succeeded at least once, as {@code id/cycle}
 */
record SuccessTally(List<String> doubles, long crashReruns, List<String> succeeded) {

    static SuccessTally of(List<LedgerEntry> ledger, Map<String, Instant> killedAt) {
        Map<String, List<LedgerEntry>> oks = new TreeMap<>();
        Map<String, List<LedgerEntry>> starts = new HashMap<>();
        for (LedgerEntry e : ledger) {
            String key = e.jobId() + "/" + e.cycle();
            if (e.outcome() == LedgerEntry.Outcome.OK) oks.computeIfAbsent(key, k -> new ArrayList<>()).add(e);
            if (e.outcome() == LedgerEntry.Outcome.START) starts.computeIfAbsent(key, k -> new ArrayList<>()).add(e);
        }
        List<String> doubles = new ArrayList<>();
        long crashReruns = 0;
        for (Map.Entry<String, List<LedgerEntry>> e : oks.entrySet()) {
            List<LedgerEntry> sorted = new ArrayList<>(e.getValue());
            sorted.sort((a, b) -> a.at().compareTo(b.at()));
            for (int i = 1; i < sorted.size(); i++) {
                LedgerEntry first = sorted.get(i - 1);
                LedgerEntry again = sorted.get(i);
                Instant secondStart = startOf(starts.get(e.getKey()), again);
                Instant died = killedAt.get(first.worker());
                if (died != null && !died.isBefore(first.at()) && secondStart != null && !secondStart.isBefore(died)) {
                    crashReruns++;
                } else {
                    doubles.add(e.getKey() + " succeeded on " + first.worker() + " at " + first.at() + " and again on "
                            + again.worker() + " at " + again.at() + " (attempts " + first.attempt() + " and "
                            + again.attempt() + ")");
                }
            }
        }
        return new SuccessTally(doubles, crashReruns, List.copyOf(oks.keySet()));
    }

    /** When the run that ended in {@code ok} started: its worker's latest START of that attempt before it. */
    private static Instant startOf(List<LedgerEntry> starts, LedgerEntry ok) {
        if (starts == null) return null;
        Instant best = null;
        for (LedgerEntry s : starts) {
            if (s.worker().equals(ok.worker()) && s.attempt() == ok.attempt() && !s.at().isAfter(ok.at())
                    && (best == null || s.at().isAfter(best))) {
                best = s.at();
            }
        }
        return best;
    }
}
