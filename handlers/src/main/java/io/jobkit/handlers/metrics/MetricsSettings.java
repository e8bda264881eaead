package io.jobkit.handlers.metrics;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Whether a runtime aggregates job metrics, where it sends them, and how often it checks for an ended minute to flush.
 *
 * <p>{@code JOBKIT_METRICS}: {@code emf} (default) writes the {@code STATS#<minute>} items and prints the same
 * aggregates as CloudWatch Embedded Metric Format lines on stdout; {@code stats} (or {@code on}) writes the items only;
 * {@code off} aggregates nothing.
 *
 * @param enabled    aggregate and write {@code STATS#<minute>} items
 * @param emf        also print each flushed key as EMF lines (namespace {@code jobkit}, dimensions queue and type)
 * @param checkEvery how often the container worker looks for an ended minute (it still writes at most once a minute)
 * @param statsTtl   how long the items are kept (DynamoDB TTL)
 * @param emfOut     where EMF lines go, one JSON document per call; stdout by default, which Lambda and the Fargate
 *                   awslogs driver ship to CloudWatch Logs
 */
public record MetricsSettings(boolean enabled, boolean emf, Duration checkEvery, Duration statsTtl,
                              Consumer<String> emfOut) {
    public static final String ENV = "JOBKIT_METRICS";
    private static final Duration CHECK_EVERY = Duration.ofSeconds(5);
    private static final Duration TTL = Duration.ofDays(14);

    public MetricsSettings {
        Objects.requireNonNull(checkEvery, "checkEvery");
        Objects.requireNonNull(statsTtl, "statsTtl");
        if (emfOut == null) emfOut = MetricsSettings::stdout;
    }

    /** STATS items only, as before EMF existed. */
    public MetricsSettings(boolean enabled, Duration checkEvery, Duration statsTtl) {
        this(enabled, false, checkEvery, statsTtl, null);
    }

    /** STATS items and EMF lines on stdout ({@code JOBKIT_METRICS=emf}, the default). */
    public static MetricsSettings defaults() {
        return new MetricsSettings(true, true, CHECK_EVERY, TTL, null);
    }

    /** STATS items only ({@code JOBKIT_METRICS=stats}). */
    public static MetricsSettings statsOnly() {
        return new MetricsSettings(true, false, CHECK_EVERY, TTL, null);
    }

    public static MetricsSettings off() {
        return new MetricsSettings(false, false, CHECK_EVERY, TTL, null);
    }

    /** A copy whose EMF lines go to {@code out} instead of stdout (tests, or a log appender). */
    public MetricsSettings withEmfOut(Consumer<String> out) {
        return new MetricsSettings(enabled, emf, checkEvery, statsTtl, Objects.requireNonNull(out, "out"));
    }

    /** Reads {@code JOBKIT_METRICS}; an unknown value is an error naming the accepted ones. */
    public static MetricsSettings fromEnvironment(Map<String, String> env) {
        String v = env.getOrDefault(ENV, "emf").trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "emf", "" -> defaults();
            case "stats", "on" -> statsOnly();
            case "off" -> off();
            default -> throw new IllegalArgumentException(ENV + "=" + v
                    + " is not understood; use emf (STATS items and EMF lines, the default), stats (STATS items only)"
                    + " or off");
        };
    }

    // one println per document: System.out is synchronized, so lines from several flushing threads never interleave
    private static void stdout(String line) {
        System.out.println(line);
    }
}
