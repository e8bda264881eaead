package io.jobkit.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobkit.client.JobOptions;
import io.jobkit.client.JobkitException;
import io.jobkit.client.schedule.RecurringSchedule;
import io.jobkit.client.schedule.ScheduleExpression;
import io.jobkit.client.topology.QueueDef;
import io.jobkit.client.wire.Envelope;
import io.jobkit.client.wire.EnvelopeCodec;
import io.jobkit.client.wire.MalformedEnvelopeException;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.ScheduleState;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How a recurring schedule travels in EventBridge Scheduler, which is its only store: the job travels as the target's
 * Input — a v1 envelope whose id is the {@code <aws.scheduler.execution-id>} context attribute, so every firing is
 * a job of its own, tagged with the schedule's name and the {@code <aws.scheduler.scheduled-time>} it was due —
 * and the expression as the user wrote it travels in the Description. {@link #decode} reads both back.
 */
final class RecurringTargets {
    static final String EXECUTION_ID = "<aws.scheduler.execution-id>";
    static final String SCHEDULED_TIME = "<aws.scheduler.scheduled-time>";
    private static final String DESCRIPTION_PREFIX = "jobkit: ";

    private RecurringTargets() {
    }

    /** The target Input: the envelope every firing sends, before EventBridge substitutes the context attributes. */
    static String input(RecurringSchedule schedule, QueueDef queue, JsonNode payload) {
        Map<String, String> tags = new LinkedHashMap<>(schedule.options().tags());
        tags.put(RecurringSchedule.SCHEDULE_TAG, schedule.name());
        tags.put(RecurringSchedule.SCHEDULED_TIME_TAG, SCHEDULED_TIME);
        JobOptions withTags = schedule.options().toBuilder().tags(tags).build();
        Envelope envelope = new Envelope(Envelope.VERSION, EXECUTION_ID, schedule.type(), payload,
                EnvelopeCodec.toWire(withTags, queue.name()), null, null, null);
        return EnvelopeCodec.encode(envelope);
    }

    /** What the console shows next to the schedule; also how the expression as written comes back. */
    static String description(RecurringSchedule schedule) {
        String text = DESCRIPTION_PREFIX + schedule.expression().original();
        return text.length() <= 512 ? text : DESCRIPTION_PREFIX + schedule.expression().toEventBridge();
    }

    /** The schedule as jobkit defined it, or empty when the schedule was not made by jobkit (no envelope input). */
    static Optional<RecurringSchedule> decode(GetScheduleResponse r) {
        String input = r.target() == null ? null : r.target().input();
        Envelope envelope;
        JobOptions options;
        try {
            envelope = EnvelopeCodec.decode(input);
            options = EnvelopeCodec.toOptions(envelope.options());
        } catch (MalformedEnvelopeException e) {
            return Optional.empty();
        }
        if (!EXECUTION_ID.equals(envelope.id())) return Optional.empty();
        Map<String, String> tags = new LinkedHashMap<>(options.tags());
        tags.keySet().removeIf(k -> k.startsWith(RecurringSchedule.RESERVED_TAG_PREFIX));
        // options.queue() is the queue the schedule sends to, resolved from the routes when it was written
        JobOptions.Builder o = options.toBuilder().tags(tags);
        try {
            return Optional.of(RecurringSchedule.of(s -> s.name(r.name()).type(envelope.type())
                    .payload(envelope.payload()).options(o.build()).expression(expression(r))
                    .timeZone(r.scheduleExpressionTimezone() == null ? "UTC" : r.scheduleExpressionTimezone())
                    .start(r.startDate()).end(r.endDate()).enabled(r.state() != ScheduleState.DISABLED)));
        } catch (JobkitException e) {
            throw new JobkitException("schedule '" + r.name() + "' in group '" + r.groupName() + "' cannot be read as a"
                    + " jobkit schedule: " + e.getMessage(), e);
        }
    }

    /** The expression as written when the Description still matches what EventBridge runs, else EventBridge's. */
    private static ScheduleExpression expression(GetScheduleResponse r) {
        ScheduleExpression running = ScheduleExpression.parse(r.scheduleExpression());
        String description = r.description();
        if (description != null && description.startsWith(DESCRIPTION_PREFIX)) {
            try {
                ScheduleExpression written = ScheduleExpression.parse(description.substring(DESCRIPTION_PREFIX.length()));
                if (written.equals(running)) return written;
            } catch (JobkitException e) {
                // edited by hand: EventBridge's form is the truth
            }
        }
        return running;
    }
}
