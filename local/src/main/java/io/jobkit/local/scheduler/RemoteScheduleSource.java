package io.jobkit.local.scheduler;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ActionAfterCompletion;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;
import software.amazon.awssdk.services.scheduler.model.ScheduleState;
import software.amazon.awssdk.services.scheduler.model.ScheduleSummary;
import software.amazon.awssdk.services.scheduler.model.Target;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Reads schedules from another Scheduler endpoint (e.g. LocalStack, which stores schedules but does not fire them):
 * ListSchedules per configured group (or across all groups), then GetSchedule for each, refreshed when the refresh
 * interval has passed on the engine's clock. A failed refresh keeps the last good copy. ActionAfterCompletion DELETE
 * is carried out with DeleteSchedule.
 */
final class RemoteScheduleSource implements ScheduleSource {
    private static final Logger log = LoggerFactory.getLogger(RemoteScheduleSource.class);

    private final SchedulerClient client;
    private final List<String> groups;
    private final Duration refreshInterval;
    private final Clock clock;
    private List<ScheduleDefinition> cached = List.of();
    private Instant fetchedAt;

    RemoteScheduleSource(SchedulerClient client, List<String> groups, Duration refreshInterval, Clock clock) {
        this.client = client;
        this.groups = List.copyOf(groups);
        this.refreshInterval = refreshInterval;
        this.clock = clock;
    }

    @Override
    public Collection<ScheduleDefinition> schedules() {
        Instant now = clock.instant();
        if (fetchedAt == null || !now.isBefore(fetchedAt.plus(refreshInterval))) {
            refresh();
        }
        return cached;
    }

    /** Reads everything now. */
    void refresh() {
        try {
            List<ScheduleSummary> summaries = new ArrayList<>();
            if (groups.isEmpty()) {
                client.listSchedulesPaginator(r -> { }).schedules().forEach(summaries::add);
            } else {
                for (String group : groups) {
                    client.listSchedulesPaginator(r -> r.groupName(group)).schedules().forEach(summaries::add);
                }
            }
            List<ScheduleDefinition> fresh = new ArrayList<>(summaries.size());
            for (ScheduleSummary s : summaries) {
                try {
                    fresh.add(definition(client.getSchedule(r -> r.name(s.name()).groupName(s.groupName()))));
                } catch (ResourceNotFoundException gone) {
                    // deleted between list and get
                }
            }
            cached = List.copyOf(fresh);
            fetchedAt = clock.instant();
        } catch (RuntimeException e) {
            log.warn("could not read schedules from the remote scheduler; keeping the last {} schedule(s): {}",
                    cached.size(), e.toString());
            fetchedAt = clock.instant();
        }
    }

    @Override
    public void completed(ScheduleDefinition definition) {
        try {
            client.deleteSchedule(r -> r.name(definition.name()).groupName(definition.group()));
        } catch (ResourceNotFoundException alreadyGone) {
            // fine
        }
        List<ScheduleDefinition> rest = new ArrayList<>(cached);
        rest.remove(definition);
        cached = List.copyOf(rest);
    }

    static ScheduleDefinition definition(GetScheduleResponse s) {
        Target t = s.target();
        ScheduleDefinition.Target target = new ScheduleDefinition.Target(
                t.arn(), t.input(),
                t.sqsParameters() == null ? null : t.sqsParameters().messageGroupId(),
                t.retryPolicy() == null ? null : t.retryPolicy().maximumRetryAttempts(),
                t.retryPolicy() == null ? null : t.retryPolicy().maximumEventAgeInSeconds(),
                t.deadLetterConfig() == null ? null : t.deadLetterConfig().arn());
        String group = s.groupName() == null ? ScheduleStore.DEFAULT_GROUP : s.groupName();
        String timezone = s.scheduleExpressionTimezone();
        return new ScheduleDefinition(group, s.name(), s.arn(), s.scheduleExpression(),
                timezone == null || timezone.isEmpty() ? null : timezone,
                s.state() != ScheduleState.DISABLED, s.startDate(), s.endDate(),
                s.actionAfterCompletion() == ActionAfterCompletion.DELETE, target, s.lastModificationDate());
    }
}
