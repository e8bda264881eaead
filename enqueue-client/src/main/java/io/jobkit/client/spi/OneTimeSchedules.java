package io.jobkit.client.spi;

import io.jobkit.client.topology.QueueDef;
import io.jobkit.client.topology.Topology;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ActionAfterCompletion;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;
import software.amazon.awssdk.services.scheduler.model.Target;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One-time EventBridge Scheduler schedules that send one job message at a given time: long delays and run-at times
 * (from the client) and retries longer than SQS's 12-hour visibility limit (from the worker). Each is an
 * {@code at(...)} schedule in UTC in the jobkit schedule group, deleted by EventBridge after it fires
 * (ActionAfterCompletion DELETE), whose SQS target is the job's queue and whose Input is the job's envelope. A delivery that keeps failing goes to
 * the queue's DLQ ({@link ScheduleTargets}).
 *
 * <p>Names are derived from the job id ({@code job-<id>}, {@code job-<id>-c<cycle>a<attempt>} for a retry), so a
 * cancel can find the schedule without storing anything, and recurring schedules stay out of that namespace: their
 * names may not start with {@value #JOB_PREFIX}.
 */
public final class OneTimeSchedules {
    /** Every one-time schedule jobkit creates is named {@code job-...}. */
    public static final String JOB_PREFIX = "job-";
    private static final Pattern NAME = Pattern.compile("[0-9a-zA-Z._-]{1,64}");
    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    private final SchedulerClient scheduler;
    private final String roleArn;
    private final Topology topology;
    private final QueueDirectory queues;

    public OneTimeSchedules(SchedulerClient scheduler, String roleArn, QueueDirectory queues) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.roleArn = Objects.requireNonNull(roleArn, "roleArn");
        this.queues = queues;
        this.topology = queues.topology();
    }

    /** The schedule that sends a SCHEDULED job: {@code job-<id>}. */
    public static String nameForJob(String jobId) {
        return name(jobId, "");
    }

    /** The schedule that sends the next attempt of a job after a long retry delay; unique per cycle and attempt. */
    public static String nameForRetry(String jobId, int cycle, int attempt) {
        return name(jobId, "-c" + cycle + "a" + attempt);
    }

    /**
     * {@code job-<id><suffix>} when that is a valid schedule name (1-64 of {@code [0-9a-zA-Z-_.]}, true for jobkit's
     * UUIDs); otherwise the id is replaced by a SHA-256 prefix, so ids of hand-written messages fit too.
     */
    private static String name(String jobId, String suffix) {
        String plain = JOB_PREFIX + jobId + suffix;
        if (NAME.matcher(plain).matches()) return plain;
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(jobId.getBytes(StandardCharsets.UTF_8));
            return JOB_PREFIX + HexFormat.of().formatHex(hash).substring(0, 40) + suffix;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /**
     * The {@code at(...)} expression (UTC) for {@code time}, rounded up to the whole second, so the schedule never
     * fires before the job's not-before time is reached.
     */
    public static String atExpression(Instant time) {
        return "at(" + AT.format(LocalDateTime.ofInstant(ceilToSecond(time), ZoneOffset.UTC)) + ")";
    }

    /** {@code time} rounded up to a whole second. */
    public static Instant ceilToSecond(Instant time) {
        Instant whole = time.truncatedTo(ChronoUnit.SECONDS);
        return whole.equals(time) ? whole : whole.plusSeconds(1);
    }

    public String group() {
        return topology.scheduleGroup();
    }

    /**
     * Creates the schedule {@code name} that sends {@code body} to {@code queue} at {@code at}; {@code groupId} is
     * the FIFO message group (FIFO queues only, which need content-based deduplication for scheduler sends).
     */
    public void create(String name, Instant at, QueueDef queue, String body, String groupId) {
        Target.Builder target = ScheduleTargets.forQueue(queues, queue, roleArn, body);
        if (queue.fifo()) target.sqsParameters(p -> p.messageGroupId(groupId));
        scheduler.createSchedule(r -> r.name(name).groupName(group())
                .scheduleExpression(atExpression(at)).scheduleExpressionTimezone("UTC")
                .flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.OFF))
                .actionAfterCompletion(ActionAfterCompletion.DELETE)
                .description("jobkit one-time: sends job at " + ceilToSecond(at))
                .target(target.build()));
    }

    /** True when the one-time schedule {@code name} exists (it has not fired and been deleted yet). */
    public boolean exists(String name) {
        try {
            scheduler.getSchedule(r -> r.name(name).groupName(group()));
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    /** Deletes a one-time schedule; false when it no longer exists (it fired, or was deleted already). */
    public boolean delete(String name) {
        try {
            scheduler.deleteSchedule(r -> r.name(name).groupName(group()));
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }
}
