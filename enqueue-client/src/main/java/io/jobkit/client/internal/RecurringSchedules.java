package io.jobkit.client.internal;

import io.jobkit.client.spi.QueueDirectory;
import io.jobkit.client.spi.OneTimeSchedules;
import io.jobkit.client.spi.ScheduleTargets;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobkit.client.JobValidationException;
import io.jobkit.client.JobkitException;
import io.jobkit.client.schedule.RecurringSchedule;
import io.jobkit.client.schedule.ScheduleInfo;
import io.jobkit.client.topology.QueueDef;
import io.jobkit.client.topology.Topology;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ActionAfterCompletion;
import software.amazon.awssdk.services.scheduler.model.ConflictException;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;
import software.amazon.awssdk.services.scheduler.model.ScheduleState;
import software.amazon.awssdk.services.scheduler.model.ScheduleSummary;
import software.amazon.awssdk.services.scheduler.model.Target;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Recurring schedules in the jobkit schedule group, with EventBridge Scheduler as the only store (see
 * {@link RecurringTargets} for what a schedule carries).
 *
 * <ul>
 *   <li>Upsert by name: CreateSchedule, and on ConflictException UpdateSchedule with the same definition.</li>
 *   <li>Pause and resume: UpdateSchedule replaces the whole schedule, so they read it first (GetSchedule) and write
 *       it back with only the state changed.</li>
 *   <li>List: ListSchedules pages over the group; the one-time {@code job-...} schedules of delayed jobs are skipped,
 *       and each remaining schedule is read with GetSchedule (the summaries carry no target or expression).</li>
 * </ul>
 */
public final class RecurringSchedules {
    /** How many next fire times a view shows. */
    public static final int NEXT_FIRE_TIMES = 5;
    /** How far in the past EventBridge Scheduler still accepts a start date. */
    static final java.time.Duration START_PAST_TOLERANCE = java.time.Duration.ofMinutes(5);

    private final SchedulerClient scheduler;
    private final String roleArn;
    private final Topology topology;
    private final QueueDirectory queues;
    private final JobPreparer preparer;
    private final Clock clock;
    private final int maxMessageBytes;

    public RecurringSchedules(SchedulerClient scheduler, String roleArn, QueueDirectory queues, JobPreparer preparer,
                              Clock clock, int maxMessageBytes) {
        this.scheduler = scheduler;
        this.roleArn = roleArn;
        this.topology = queues.topology();
        this.queues = queues;
        this.preparer = preparer;
        this.clock = clock;
        this.maxMessageBytes = maxMessageBytes;
    }

    public ScheduleInfo upsert(RecurringSchedule s) {
        checkDates(s);
        QueueDef queue = s.options().queue() != null ? topology.queue(s.options().queue())
                : topology.route(s.type(), s.options().priority());
        JobPreparer.checkFifoRules(queue, s.options(), false);
        JsonNode payload = preparer.toJson(s.payload());
        String input = RecurringTargets.input(s, queue, payload);
        int size = input.getBytes(StandardCharsets.UTF_8).length;
        if (size > maxMessageBytes) {
            throw new JobValidationException(String.format("schedule '%s': the message each firing sends would be %,d"
                    + " bytes, over the %,d-byte limit (JOBKIT_MAX_MESSAGE_BYTES); keep large data in S3 and put a"
                    + " reference in the payload", s.name(), size, maxMessageBytes));
        }
        Target.Builder target = ScheduleTargets.forQueue(queues, queue, roleArn, input);
        if (queue.fifo()) target.sqsParameters(p -> p.messageGroupId(s.options().groupKey()));
        Target t = target.build();
        ScheduleState state = s.enabled() ? ScheduleState.ENABLED : ScheduleState.DISABLED;
        String description = RecurringTargets.description(s);
        try {
            write(s, t, state, description);
        } catch (ResourceNotFoundException e) {
            throw new JobkitException("schedule group '" + group() + "' does not exist; provision jobkit first (local/run"
                    + " up locally, cdk deploy on AWS) or check JOBKIT_SCHEDULE_GROUP and AWS_ENDPOINT_URL_SCHEDULER", e);
        }
        return get(s.name()).orElseThrow(() -> new JobkitException("schedule '" + s.name() + "' was written but is"
                + " gone again; another process deleted it"));
    }

    /**
     * Dates EventBridge Scheduler refuses (a start more than 5 minutes ago, an end that has passed), and a schedule
     * that would never fire (an end before its first firing, or a cron such as Feb 30): said here, before anything is
     * written, instead of as the service's ValidationException or as a schedule that silently does nothing.
     */
    private void checkDates(RecurringSchedule s) {
        java.time.Instant now = clock.instant();
        if (s.end() != null && !s.end().isAfter(now)) {
            throw new JobValidationException("schedule '" + s.name() + "': end " + s.end() + " has already passed, so"
                    + " it would never fire; give a future end date, or none");
        }
        if (s.start() != null && s.start().isBefore(now.minus(START_PAST_TOLERANCE))) {
            throw new JobValidationException("schedule '" + s.name() + "': start " + s.start() + " is in the past, and"
                    + " EventBridge Scheduler refuses start dates more than 5 minutes ago; leave start unset to begin now");
        }
        if (s.enabled() && s.nextFireTimes(now, now, 1).isEmpty()) {
            throw new JobValidationException("schedule '" + s.name() + "': expression '" + s.expression().toEventBridge()
                    + "' never fires" + (s.end() != null ? " before its end " + s.end() : "")
                    + "; check the day and month fields (e.g. February has no 30th)");
        }
    }

    private void write(RecurringSchedule s, Target t, ScheduleState state, String description) {
        try {
            scheduler.createSchedule(r -> r.name(s.name()).groupName(group())
                    .scheduleExpression(s.expression().toEventBridge()).scheduleExpressionTimezone(s.zone().getId())
                    .startDate(s.start()).endDate(s.end()).state(state).description(description)
                    .flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.OFF))
                    .actionAfterCompletion(ActionAfterCompletion.NONE).target(t));
        } catch (ConflictException exists) {
            scheduler.updateSchedule(r -> r.name(s.name()).groupName(group())
                    .scheduleExpression(s.expression().toEventBridge()).scheduleExpressionTimezone(s.zone().getId())
                    .startDate(s.start()).endDate(s.end()).state(state).description(description)
                    .flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.OFF))
                    .actionAfterCompletion(ActionAfterCompletion.NONE).target(t));
        }
    }

    /** The schedule, or empty when none has this name; a schedule jobkit did not create is an error. */
    public Optional<ScheduleInfo> get(String name) {
        RecurringSchedule.requireName(name);
        return read(name).map(r -> view(r).orElseThrow(() -> new JobkitException("schedule '" + name + "' in group '"
                + group() + "' was not created by jobkit (its target input is not a jobkit envelope)")));
    }

    /** Every recurring schedule of the group, by name; schedules not created by jobkit are left out. */
    public List<ScheduleInfo> list() {
        List<ScheduleInfo> out = new ArrayList<>();
        for (ScheduleSummary summary : scheduler.listSchedulesPaginator(r -> r.groupName(group())).schedules()) {
            if (summary.name().startsWith(OneTimeSchedules.JOB_PREFIX)) continue;
            read(summary.name()).flatMap(this::view).ifPresent(out::add);
        }
        out.sort(Comparator.comparing(ScheduleInfo::name));
        return out;
    }

    /** Pauses or resumes; empty when no schedule has this name. */
    public Optional<ScheduleInfo> setEnabled(String name, boolean enabled) {
        RecurringSchedule.requireName(name);
        Optional<GetScheduleResponse> current = read(name);
        if (current.isEmpty()) return Optional.empty();
        GetScheduleResponse r = current.get();
        try {
            scheduler.updateSchedule(u -> u.name(r.name()).groupName(r.groupName())
                    .scheduleExpression(r.scheduleExpression()).scheduleExpressionTimezone(r.scheduleExpressionTimezone())
                    .startDate(r.startDate()).endDate(r.endDate()).description(r.description())
                    .flexibleTimeWindow(r.flexibleTimeWindow()).target(r.target()).kmsKeyArn(r.kmsKeyArn())
                    .actionAfterCompletion(r.actionAfterCompletion())
                    .state(enabled ? ScheduleState.ENABLED : ScheduleState.DISABLED));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();  // deleted between our read and our write
        }
        return get(name);
    }

    /** Deletes the schedule; false when none has this name. Jobs it already enqueued are not affected. */
    public boolean delete(String name) {
        RecurringSchedule.requireName(name);
        try {
            scheduler.deleteSchedule(r -> r.name(name).groupName(group()));
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    private Optional<GetScheduleResponse> read(String name) {
        try {
            return Optional.of(scheduler.getSchedule(r -> r.name(name).groupName(group())));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    private Optional<ScheduleInfo> view(GetScheduleResponse r) {
        return RecurringTargets.decode(r).map(s -> new ScheduleInfo(s, r.arn(), r.groupName(), r.scheduleExpression(),
                r.creationDate(), r.lastModificationDate(),
                s.nextFireTimes(clock.instant(), r.lastModificationDate(), NEXT_FIRE_TIMES)));
    }

    private String group() {
        return topology.scheduleGroup();
    }
}
