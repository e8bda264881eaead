package io.jobkit.handlers.metrics;

import java.time.Duration;
import java.util.Map;

/**
 * Whether a runtime aggregates job metrics, and how often it checks for an ended minute to flush.
 *
 * @param enabled    aggregate and write {@code STATS#<minute>} items; {@code JOBKIT_METRICS=off} turns it off
 * @param checkEvery how often the container worker looks for an ended minute (it still writes at most once a minute)
 * @param statsTtl   how long the items are kept (DynamoDB TTL)
 */
public record MetricsSettings(boolean enabled, Duration checkEvery, Duration statsTtl) {
    public static final String ENV = "JOBKIT_METRICS";

    public static MetricsSettings defaults() {
        return new MetricsSettings(true, Duration.ofSeconds(5), Duration.ofDays(14));
    }

    public static MetricsSettings off() {
        return new MetricsSettings(false, Duration.ofSeconds(5), Duration.ofDays(14));
    }

    /** {@code JOBKIT_METRICS}: {@code off} disables; anything else (default {@code emf}) enables. */
    public static MetricsSettings fromEnvironment(Map<String, String> env) {
        String v = env.getOrDefault(ENV, "emf").trim().toLowerCase(java.util.Locale.ROOT);
        if (!v.equals("off") && !v.equals("emf") && !v.equals("on")) {
            throw new IllegalArgumentException(ENV + "=" + v + " is not understood; use emf or off");
        }
        return v.equals("off") ? off() : defaults();
    }
}
