package io.jobkit.client;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and prints the short durations people type: {@code 90s}, {@code 5m}, {@code 2h}, {@code 7d}, {@code 250ms}. */
public final class Durations {
    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

    private Durations() {
    }

    /**
     * Parses {@code 250ms}, {@code 90s}, {@code 5m}, {@code 2h}, {@code 7d}, combinations such as {@code 1h30m},
     * or an ISO-8601 duration ({@code PT5M}).
     */
    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new JobValidationException("duration is empty; use e.g. 90s, 5m, 2h or 7d");
        }
        String t = text.trim();
        if (t.startsWith("P") || t.startsWith("p") || t.startsWith("-P")) {
            try {
                return Duration.parse(t);
            } catch (DateTimeParseException e) {
                throw new JobValidationException("duration '" + text + "' is not valid ISO-8601; use e.g. PT5M, or 90s, 5m, 2h, 7d");
            }
        }
        Matcher m = SHORT.matcher(t);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
            end = m.end();
        }
        if (end == 0 || end != t.length()) {
            throw new JobValidationException("duration '" + text + "' is not valid; use a number with a unit: 250ms, 90s, 5m, 2h, 7d (or 1h30m)");
        }
        return total;
    }

    /** Formats compactly, e.g. {@code 1h30m}, {@code 45s}, {@code 250ms}. */
    public static String format(Duration d) {
        if (d.isZero()) return "0s";
        StringBuilder sb = new StringBuilder(d.isNegative() ? "-" : "");
        Duration a = d.abs();
        long days = a.toDays();
        if (days > 0) sb.append(days).append('d');
        if (a.toHoursPart() > 0) sb.append(a.toHoursPart()).append('h');
        if (a.toMinutesPart() > 0) sb.append(a.toMinutesPart()).append('m');
        if (a.toSecondsPart() > 0) sb.append(a.toSecondsPart()).append('s');
        if (a.toMillisPart() > 0) sb.append(a.toMillisPart()).append("ms");
        return sb.toString();
    }
}
