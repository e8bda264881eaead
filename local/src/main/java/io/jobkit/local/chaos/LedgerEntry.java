package io.jobkit.local.chaos;

import java.time.Instant;

/**
 * One line of the execution ledger: a handler of {@code jobId} started, or ended with {@code outcome}, in
 * {@code cycle}/{@code attempt} on the worker incarnation {@code worker} (slot and start number, e.g. {@code w2.3}).
 */
public record LedgerEntry(Instant at, String jobId, int cycle, int attempt, String worker, Outcome outcome) {

    /** What a handler execution did; {@link #START} is written before the handler's work begins. */
    public enum Outcome { START, OK, RETRY, FAIL, CANCELLED }

    String toLine() {
        return at.toEpochMilli() + "\t" + jobId + "\t" + cycle + "\t" + attempt + "\t" + worker + "\t" + outcome + "\n";
    }

    /** Parses a line written by {@link #toLine()}; null for a torn line (the writer was killed mid-write). */
    static LedgerEntry parse(String line) {
        String[] f = line.split("\t");
        if (f.length != 6) return null;
        try {
            return new LedgerEntry(Instant.ofEpochMilli(Long.parseLong(f[0])), f[1], Integer.parseInt(f[2]),
                    Integer.parseInt(f[3]), f[4], Outcome.valueOf(f[5]));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
