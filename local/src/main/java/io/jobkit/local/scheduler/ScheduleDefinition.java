package io.jobkit.local.scheduler;

import java.time.Instant;

/**
 * What the firing engine needs to know about one schedule, whichever source it came from. Equality is by value: a
 * definition that differs from the one the engine tracks is a change and is re-planned.
 *
 * @param lastModified when the source last changed it; firings before this instant are never replayed (null when the
 *                     source does not say)
 */
record ScheduleDefinition(String group, String name, String arn, String expression, String timezone, boolean enabled,
                          Instant startDate, Instant endDate, boolean deleteAfterCompletion, Target target,
                          Instant lastModified) {

    String key() {
        return group + "/" + name;
    }

    /**
     * The schedule's target.
     *
     * @param maxRetryAttempts   RetryPolicy.MaximumRetryAttempts, null when absent (AWS default 185)
     * @param maxEventAgeSeconds RetryPolicy.MaximumEventAgeInSeconds, null when absent (AWS default 86400)
     */
    record Target(String arn, String input, String messageGroupId, Integer maxRetryAttempts,
                  Integer maxEventAgeSeconds, String deadLetterArn) {
    }
}
