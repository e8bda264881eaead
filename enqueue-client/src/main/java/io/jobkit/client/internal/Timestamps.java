package io.jobkit.client.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Instants as stored in DynamoDB: fixed-width UTC ISO-8601 with milliseconds ({@code 2026-11-23T09:00:00.000Z}),
 * readable in the console and comparable as strings, which condition expressions such as
 * {@code leaseExpiresAt < :now} rely on.
 */
public final class Timestamps {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    /**
     * Writes an instant in the stored form. Years 0001 to 9999 are written digit by digit: every transition stamps
     * a few instants, and the formatter came to 2 % of a worker's CPU in the profile (docs/readme/workercpu.md).
     * Other years go through the formatter, which words them its own way.
     */
    public static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        long day = Math.floorDiv(seconds, 86_400);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        if (day < FIRST_FAST_DAY || day > LAST_FAST_DAY) return FORMAT.format(instant);
        java.time.LocalDate date = java.time.LocalDate.ofEpochDay(day);
        char[] c = new char[24];
        put(c, 0, date.getYear(), 4);
        c[4] = '-';
        put(c, 5, date.getMonthValue(), 2);
        c[7] = '-';
        put(c, 8, date.getDayOfMonth(), 2);
        c[10] = 'T';
        put(c, 11, secondOfDay / 3_600, 2);
        c[13] = ':';
        put(c, 14, secondOfDay / 60 % 60, 2);
        c[16] = ':';
        put(c, 17, secondOfDay % 60, 2);
        c[19] = '.';
        put(c, 20, instant.getNano() / 1_000_000, 3); // truncated, as the formatter's SSS does
        c[23] = 'Z';
        return new String(c);
    }

    private static final long FIRST_FAST_DAY = java.time.LocalDate.of(1, 1, 1).toEpochDay();
    private static final long LAST_FAST_DAY = java.time.LocalDate.of(9999, 12, 31).toEpochDay();

    /** {@code value} as {@code width} decimal digits, zero-padded, at {@code c[at]}. */
    private static void put(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /**
     * Reads a stored instant. The fixed-width form this class writes is read digit by digit: {@link Instant#parse}
     * runs the general ISO parser, and reading the dozen timestamps of every record a transition returns came to
     * 4 % of a worker's CPU in the profile. Anything else (older records, hand-written items) goes through
     * {@link Instant#parse}.
     */
    public static Instant parse(String text) {
        if (text == null) return null;
        if (text.length() == 24 && text.charAt(4) == '-' && text.charAt(7) == '-' && text.charAt(10) == 'T'
                && text.charAt(13) == ':' && text.charAt(16) == ':' && text.charAt(19) == '.' && text.charAt(23) == 'Z') {
            int year = digits(text, 0, 4);
            int month = digits(text, 5, 2);
            int day = digits(text, 8, 2);
            int hour = digits(text, 11, 2);
            int minute = digits(text, 14, 2);
            int second = digits(text, 17, 2);
            int millis = digits(text, 20, 3);
            if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour >= 0 && hour <= 23
                    && minute >= 0 && minute <= 59 && second >= 0 && second <= 59 && millis >= 0) {
                try {
                    long epochDay = java.time.LocalDate.of(year, month, day).toEpochDay();
                    return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, millis * 1_000_000L);
                } catch (java.time.DateTimeException e) {
                    // an impossible date such as February 30: let the general parser word the error
                }
            }
        }
        return Instant.parse(text);
    }

    /**
     * The decimal number in {@code text[from, from + count)}, or -1 when a character there is not a digit. For jobkit's
     * own fixed-width time readers (this class and the wire format's).
     */
    public static int digits(String text, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
