package io.jobkit.client;

import java.util.Locale;

/**
 * The four priority queues, most urgent first. Numeric priorities 0–10 (higher is more urgent) map onto
 * them: 9–10 critical, 6–8 high, 3–5 normal, 0–2 low.
 */
public enum Priority {
    CRITICAL, HIGH, NORMAL, LOW;

    public static final int MIN_NUMERIC = 0;
    public static final int MAX_NUMERIC = 10;

    /** The queue name this priority routes to by default ({@code critical}, {@code high}, ...). */
    public String queueName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Priority ofNumeric(int priority) {
        if (priority < MIN_NUMERIC || priority > MAX_NUMERIC) {
            throw new JobValidationException("priority " + priority + " is out of range; use 0 (least urgent) to 10 (most urgent)"
                    + " or one of critical, high, normal, low");
        }
        if (priority >= 9) return CRITICAL;
        if (priority >= 6) return HIGH;
        if (priority >= 3) return NORMAL;
        return LOW;
    }

    /** Parses {@code critical|high|normal|low} (any case) or a number 0–10. */
    public static Priority parse(String text) {
        if (text == null || text.isBlank()) {
            throw new JobValidationException("priority is empty; use critical, high, normal, low or a number 0-10");
        }
        String t = text.trim();
        if (t.chars().allMatch(Character::isDigit) && t.length() <= 3) {
            return ofNumeric(Integer.parseInt(t));
        }
        for (Priority p : values()) {
            if (p.name().equalsIgnoreCase(t)) return p;
        }
        throw new JobValidationException("unknown priority '" + text + "'; use critical, high, normal, low or a number 0-10");
    }
}
