package io.jobkit.client.schedule;

import io.jobkit.client.JobValidationException;

import java.time.ZoneId;
import java.util.Comparator;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Boundary checks for EventBridge Scheduler names and time zones, with messages that say how to fix the input. */
public final class ScheduleValidation {
    private static final Pattern NAME = Pattern.compile("[0-9a-zA-Z._-]+");
    private static final int MAX_NAME = 64;

    private ScheduleValidation() {
    }

    /** A schedule name: 1-64 characters of {@code [0-9a-zA-Z-_.]}, EventBridge Scheduler's rule. Returns it. */
    public static String requireScheduleName(String name) {
        return requireName("schedule name", name);
    }

    /** A schedule group name; same rule as schedule names. Returns it. */
    public static String requireGroupName(String name) {
        return requireName("schedule group name", name);
    }

    private static String requireName(String what, String name) {
        String rule = "use 1-" + MAX_NAME + " letters, digits, '-', '_' or '.', e.g. 'nightly-report'";
        if (name == null || name.isEmpty()) {
            throw new JobValidationException(what + " is empty; " + rule);
        }
        if (name.length() > MAX_NAME) {
            throw new JobValidationException(what + " '" + name + "' is " + name.length() + " characters, the maximum"
                    + " is " + MAX_NAME + "; " + rule);
        }
        if (!NAME.matcher(name).matches()) {
            for (int i = 0; i < name.length(); i++) {
                if (!NAME.matcher(name.substring(i, i + 1)).matches()) {
                    throw new JobValidationException(what + " '" + name + "' contains '" + name.charAt(i)
                            + "' at position " + (i + 1) + ", which is not allowed; " + rule);
                }
            }
        }
        return name;
    }

    /**
     * Resolves an IANA time zone id such as {@code Europe/Berlin} or {@code UTC}. Offsets ({@code +02:00}) and
     * unknown ids are rejected, with the nearest known id suggested.
     */
    public static ZoneId zone(String id) {
        String example = "use an IANA time zone id such as 'Europe/Berlin', 'America/New_York' or 'UTC'";
        if (id == null || id.isBlank()) {
            throw new JobValidationException("time zone is empty; " + example);
        }
        Set<String> known = ZoneId.getAvailableZoneIds();
        if (known.contains(id)) {
            return ZoneId.of(id);
        }
        String suggestion = known.stream()
                .min(Comparator.comparingInt((String k) -> distance(k.toLowerCase(Locale.ROOT), id.toLowerCase(Locale.ROOT)))
                        .thenComparing(Comparator.naturalOrder()))
                .filter(k -> distance(k.toLowerCase(Locale.ROOT), id.toLowerCase(Locale.ROOT)) <= Math.max(2, id.length() / 4))
                .map(k -> " did you mean '" + k + "'?")
                .orElse("");
        throw new JobValidationException("time zone '" + id + "' is not a known IANA time zone id;" + suggestion + " "
                + example);
    }

    /** Levenshtein distance, for suggestions only. */
    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
