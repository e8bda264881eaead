package io.jobkit.cli.logging;

import java.util.Locale;
import java.util.Map;

/** {@code JOBKIT_LOG_FORMAT}: {@code text} (default, a human line) or {@code json} (one JSON object per line). */
public enum LogFormat {
    TEXT, JSON;

    public static final String ENV = "JOBKIT_LOG_FORMAT";

    /** Parses a value; null or blank is {@link #TEXT}. */
    public static LogFormat parse(String value) {
        if (value == null || value.isBlank()) return TEXT;
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "text" -> TEXT;
            case "json" -> JSON;
            default -> throw new IllegalArgumentException(ENV + "=" + value.trim()
                    + " is not understood; use json (one JSON object per line) or text (the default)");
        };
    }

    public static LogFormat fromEnvironment(Map<String, String> env) {
        return parse(env.get(ENV));
    }
}
