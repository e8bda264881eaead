package io.jobkit.client;

import java.time.Duration;
import java.util.Locale;
import java.util.function.DoubleSupplier;

/**
 * How long a job waits after a failed attempt.
 *
 * <ul>
 *   <li>{@code exponential}: base × 2^(attempt−1) — 10s, 20s, 40s, ... (the default, base 10 s, cap 1 h)</li>
 *   <li>{@code linear}: base × attempt — 10s, 20s, 30s, ...</li>
 *   <li>{@code fixed}: base every time</li>
 * </ul>
 * The result is capped at {@code cap}, then jitter shortens it by a random fraction up to {@code jitter} (0 = exact,
 * 0.2 = up to 20 % shorter), so a burst of failures spreads out without ever exceeding the cap. Delays are whole
 * seconds, because SQS visibility timeouts are.
 *
 * @param strategy exponential, linear or fixed
 * @param base     the first delay (exponential, fixed) or the step (linear); 0 s to 12 h
 * @param cap      the longest delay; at least {@code base}, at most 30 days
 * @param jitter   0.0–1.0, the largest fraction randomly taken off a delay
 */
public record Backoff(Strategy strategy, Duration base, Duration cap, double jitter) {

    public enum Strategy {
        EXPONENTIAL, LINEAR, FIXED;

        public static Strategy parse(String text) {
            for (Strategy s : values()) {
                if (s.name().equalsIgnoreCase(text == null ? "" : text.trim())) return s;
            }
            throw new JobValidationException("unknown backoff strategy '" + text + "'; use exponential, linear or fixed");
        }

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final Duration MAX_CAP = Duration.ofDays(30);
    private static final Backoff DEFAULT = new Backoff(Strategy.EXPONENTIAL, Duration.ofSeconds(10), Duration.ofHours(1), 0.2);

    public Backoff {
        if (strategy == null) throw new JobValidationException("backoff strategy is missing; use exponential, linear or fixed");
        if (base == null || base.isNegative() || base.compareTo(Duration.ofHours(12)) > 0) {
            throw new JobValidationException("backoff base " + base + " must be between 0s and 12h");
        }
        if (cap == null) cap = strategy == Strategy.FIXED ? base : max(base, Duration.ofHours(1));
        if (cap.compareTo(base) < 0 || cap.compareTo(MAX_CAP) > 0) {
            throw new JobValidationException("backoff cap " + Durations.format(cap) + " must be at least the base ("
                    + Durations.format(base) + ") and at most 30d");
        }
        if (Double.isNaN(jitter) || jitter < 0 || jitter > 1) {
            throw new JobValidationException("backoff jitter " + jitter + " must be between 0.0 (exact) and 1.0");
        }
    }

    /** Exponential from 10 s, capped at 1 h, up to 20 % jitter. */
    public static Backoff defaults() {
        return DEFAULT;
    }

    public static Backoff exponential(Duration base, Duration cap) {
        return new Backoff(Strategy.EXPONENTIAL, base, cap, DEFAULT.jitter());
    }

    public static Backoff linear(Duration step, Duration cap) {
        return new Backoff(Strategy.LINEAR, step, cap, DEFAULT.jitter());
    }

    public static Backoff fixed(Duration delay) {
        return new Backoff(Strategy.FIXED, delay, delay, 0);
    }

    public Backoff withJitter(double jitter) {
        return new Backoff(strategy, base, cap, jitter);
    }

    /**
     * The delay after {@code failedAttempt} (1-based) failed, in whole seconds.
     *
     * @param random a source of uniform values in [0, 1); pass {@code () -> 0} for the undisturbed delay
     */
    public Duration delayAfter(int failedAttempt, DoubleSupplier random) {
        int n = Math.max(1, failedAttempt);
        long baseMillis = base.toMillis();
        long raw = switch (strategy) {
            case EXPONENTIAL -> n >= 40 ? Long.MAX_VALUE : saturatingMultiply(baseMillis, 1L << (n - 1));
            case LINEAR -> saturatingMultiply(baseMillis, n);
            case FIXED -> baseMillis;
        };
        long capped = Math.min(raw, cap.toMillis());
        long jittered = capped - (long) (capped * jitter * random.getAsDouble());
        return Duration.ofSeconds((jittered + 999) / 1000);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static long saturatingMultiply(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        return (hi == 0 && lo >= 0) ? lo : Long.MAX_VALUE;
    }
}
