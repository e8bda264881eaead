package io.jobkit.client;

import io.jobkit.client.internal.RecurringSchedules;
import io.jobkit.client.schedule.RecurringSchedule;
import io.jobkit.client.schedule.ScheduleInfo;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Recurring schedules: EventBridge Scheduler schedules in jobkit's schedule group that enqueue a job at every firing.
 * Get one from {@link JobClient#schedules()}. EventBridge is the only store; every call is one or a few Scheduler API
 * calls.
 *
 * <pre>{@code
 * jobs.schedules().upsert(s -> s.name("weekday-digest").type("email.digest").payload(Map.of("list", "team"))
 *         .expression("0 9 * * 1-5").timeZone("Europe/Berlin"));
 * jobs.schedules().pause("weekday-digest");
 * }</pre>
 */
public final class Schedules {
    private final RecurringSchedules schedules;
    private final java.time.Clock clock;
    /** The client that owns these schedules, for {@link #trigger}; set once when it is built. */
    private volatile JobEnqueuer enqueuer;

    /** @param schedules null when the client has no scheduler client or role; every call then says what to set */
    Schedules(RecurringSchedules schedules, java.time.Clock clock) {
        this.schedules = schedules;
        this.clock = clock;
    }

    void enqueueThrough(JobEnqueuer owner) {
        if (enqueuer == null) enqueuer = owner;
    }

    /**
     * Enqueues one firing of the schedule now, outside its timetable, tagged like a scheduled firing
     * ({@value RecurringSchedule#SCHEDULE_TAG}, {@value RecurringSchedule#SCHEDULED_TIME_TAG}) and with the payload as
     * stored in EventBridge — not the redacted view {@link #get} returns. Empty when no schedule has this name.
     */
    public Optional<String> trigger(String name) {
        return configured().get(name).map(info -> {
            RecurringSchedule s = info.schedule();
            java.util.Map<String, String> tags = new java.util.LinkedHashMap<>(s.options().tags());
            tags.put(RecurringSchedule.SCHEDULE_TAG, s.name());
            tags.put(RecurringSchedule.SCHEDULED_TIME_TAG, clock.instant().toString());
            return enqueuer.enqueue(s.type(), s.payload(), s.options().toBuilder().tags(tags).build());
        });
    }

    /**
     * Creates the schedule, or replaces the one with the same name, and returns it as stored (with its next fire
     * times).
     *
     * @throws JobValidationException the definition is invalid (expression, time zone, name, type, queue, size)
     */
    public ScheduleInfo upsert(RecurringSchedule schedule) {
        return PayloadRedaction.redact(configured().upsert(schedule));
    }

    public ScheduleInfo upsert(Consumer<RecurringSchedule.Builder> schedule) {
        return upsert(RecurringSchedule.of(schedule));
    }

    /**
     * The schedule with this name, or empty. Like {@link JobClient#get}, a webhook schedule's credential-like
     * headers and URL path are shown redacted (what fires is unchanged).
     */
    public Optional<ScheduleInfo> get(String name) {
        return configured().get(name).map(PayloadRedaction::redact);
    }

    /** Every recurring schedule, by name (not the one-time schedules of delayed jobs). */
    public List<ScheduleInfo> list() {
        return configured().list().stream().map(PayloadRedaction::redact).toList();
    }

    /** Stops firings until {@link #resume(String)}; empty when no schedule has this name. */
    public Optional<ScheduleInfo> pause(String name) {
        return configured().setEnabled(name, false).map(PayloadRedaction::redact);
    }

    /**
     * Fires again from now on; firings missed while paused are not made up. A rate schedule without a start date
     * counts its interval from the resume (EventBridge treats the update as a new start).
     */
    public Optional<ScheduleInfo> resume(String name) {
        return configured().setEnabled(name, true).map(PayloadRedaction::redact);
    }

    /** Deletes the schedule; false when none has this name. Jobs it already enqueued are not affected. */
    public boolean delete(String name) {
        return configured().delete(name);
    }

    private RecurringSchedules configured() {
        if (schedules == null) {
            throw new JobValidationException("recurring schedules live in EventBridge Scheduler, and this client has no"
                    + " scheduler configured; set JOBKIT_SCHEDULER_ROLE_ARN (plus AWS_ENDPOINT_URL_SCHEDULER for a local"
                    + " scheduler), or call JobClient.builder().schedulerClient(...).schedulerRoleArn(...)");
        }
        return schedules;
    }
}
