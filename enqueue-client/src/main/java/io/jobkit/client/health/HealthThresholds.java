package io.jobkit.client.health;

import io.jobkit.client.JobValidationException;

import java.time.Duration;

/**
 * Limits {@link io.jobkit.client.JobClient#health(HealthThresholds)} checks every queue against.
 *
 * @param maxBacklog      visible messages a queue may hold (default 1,000)
 * @param maxOldestAge    how long the oldest waiting job of a queue may have waited (default 15 min)
 * @param maxDlqDepth     messages a DLQ may hold (default 0: any dead letter is unhealthy)
 * @param dlqGrowthWindow a DLQ that received dead letters within this window is "growing" (default 15 min; zero
 *                        turns the check off)
 */
public record HealthThresholds(long maxBacklog, Duration maxOldestAge, long maxDlqDepth, Duration dlqGrowthWindow) {

    public HealthThresholds {
        if (maxBacklog < 0 || maxDlqDepth < 0) throw new JobValidationException("health thresholds must not be negative");
        if (maxOldestAge == null || maxOldestAge.isNegative()) throw new JobValidationException("maxOldestAge must be >= 0");
        if (dlqGrowthWindow == null || dlqGrowthWindow.isNegative() || dlqGrowthWindow.compareTo(Duration.ofHours(24)) > 0) {
            throw new JobValidationException("dlqGrowthWindow must be 0 to 24h");
        }
    }

    public static HealthThresholds defaults() {
        return new HealthThresholds(1000, Duration.ofMinutes(15), 0, Duration.ofMinutes(15));
    }
}
