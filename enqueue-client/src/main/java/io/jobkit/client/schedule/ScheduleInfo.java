package io.jobkit.client.schedule;

import java.time.Instant;
import java.util.List;

/**
 * A recurring schedule as EventBridge Scheduler holds it: what {@code jobs.schedules().get(name)} and
 * {@code list()} return.
 *
 * @param schedule      the definition, decoded from the schedule's target input (its payload is a {@code JsonNode})
 * @param arn           the schedule's ARN
 * @param group         the schedule group (jobkit's: {@code <prefix>})
 * @param eventBridge   the expression as EventBridge runs it, e.g. {@code cron(0 9 ? * MON-FRI *)}
 * @param createdAt     when the schedule was created
 * @param updatedAt     when it was last changed (created, updated, paused or resumed)
 * @param nextFireTimes the next firings (up to five), computed in the schedule's time zone; empty while paused or
 *                      after its end
 */
public record ScheduleInfo(RecurringSchedule schedule, String arn, String group, String eventBridge, Instant createdAt,
                           Instant updatedAt, List<Instant> nextFireTimes) {

    public ScheduleInfo {
        nextFireTimes = List.copyOf(nextFireTimes);
    }

    public String name() {
        return schedule.name();
    }

    public boolean enabled() {
        return schedule.enabled();
    }
}
