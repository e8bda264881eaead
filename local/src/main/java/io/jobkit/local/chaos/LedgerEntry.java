package io.jobkit.local.chaos;

import java.time.Instant;

/**
 * One line of the execution ledger: a handler of {@code jobId} started, or ended with {@code outcome}, in
 * {@code cycle}/{@code attempt} on the worker incarnation {@code worker} (slot and start number, e.g. {@code w2.3}).
 * {@code callbackOf} is the batch whose callback the job is, as the handler's own context said, or null for any other
 * job: the checker counts callback runs per batch from it.
 */
public record LedgerEntry(Instant at, String jobId, int cycle, int attempt, String worker, String callbackOf,
                          Outcome outcome) {
    private static final String NONE = "-";

    /** What a handler execution did; {@link #START} is written before the handler's work begins. */
    public enum Outcome { START, OK, RETRY, FAIL, CANCELLED }

    /** An entry of a job that is no batch callback. */
    public LedgerEntry(Instant at, String jobId, int cycle, int attempt, String worker, Outcome outcome) {
        this(at, jobId, cycle, attempt, worker, null, outcome);
    }

    // the outcome stays last: a line torn anywhere before or inside it does not parse (no outcome is a prefix of another)
    String toLine() {
        return at.toEpochMilli() + "\t" + jobId + "\t" + cycle + "\t" + attempt + "\t" + worker + "\t"
                + (callbackOf == null ? NONE : callbackOf) + "\t" + outcome + "\n";
    }

    /** Parses a line written by {@link #toLine()}; null for a torn line (the writer was killed mid-write). */
    static LedgerEntry parse(String line) {
        String[] f = line.split("\t");
        if (f.length != 7) return null;
        try {
            return new LedgerEntry(Instant.ofEpochMilli(Long.parseLong(f[0])), f[1], Integer.parseInt(f[2]),
                    Integer.parseInt(f[3]), f[4], f[5].equals(NONE) ? null : f[5], Outcome.valueOf(f[6]));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
