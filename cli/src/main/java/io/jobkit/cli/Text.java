package io.jobkit.cli;

import io.jobkit.client.Durations;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Small formatting helpers for text output. */
public final class Text {
    private Text() {
    }

    /** {@code 2026-11-23T09:00:01Z (5m ago)}, or null. */
    public static String when(Instant at, Instant now) {
        if (at == null) return null;
        Duration d = Duration.between(at, now);
        String rel = d.isNegative() ? "in " + age(d.negated()) : age(d) + " ago";
        return at.truncatedTo(ChronoUnit.SECONDS) + " (" + rel + ")";
    }

    /** A compact age: {@code 3s}, {@code 5m12s}, {@code 2h3m}, {@code 4d1h}. */
    public static String age(Duration d) {
        if (d == null) return null;
        Duration whole = d.getSeconds() >= 60 * 60 ? d.truncatedTo(ChronoUnit.MINUTES) : d.truncatedTo(ChronoUnit.SECONDS);
        if (d.toDays() > 0) whole = d.truncatedTo(ChronoUnit.HOURS);
        return whole.isZero() ? "0s" : Durations.format(whole);
    }

    /** Seconds, for JSON, or null. */
    public static Long seconds(Duration d) {
        return d == null ? null : d.getSeconds();
    }

    public static String iso(Instant at) {
        return at == null ? null : at.toString();
    }

    /** The first line of a message, so errors stay one sentence. */
    public static String firstLine(String s) {
        if (s == null) return null;
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }
}
