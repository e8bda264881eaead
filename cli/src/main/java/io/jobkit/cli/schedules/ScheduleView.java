package io.jobkit.cli.schedules;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobkit.cli.Output;
import io.jobkit.cli.Text;
import io.jobkit.client.schedule.RecurringSchedule;
import io.jobkit.client.schedule.ScheduleInfo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A schedule as {@code --json} prints it. Field names are a stable contract: name, type, expression, eventBridge,
 * timeZone, enabled, start, end, queue, priority, payload, tags, nextFireTimes, arn, createdAt, updatedAt.
 */
public record ScheduleView(String name, String type, String expression, String eventBridge, String timeZone,
                           boolean enabled, String start, String end, String queue, String priority, JsonNode payload,
                           Map<String, String> tags, List<String> nextFireTimes, String arn, String createdAt,
                           String updatedAt) {

    static ScheduleView of(ScheduleInfo info) {
        RecurringSchedule s = info.schedule();
        return new ScheduleView(s.name(), s.type(), s.expression().original(), info.eventBridge(), s.zone().getId(),
                s.enabled(), iso(s.start()), iso(s.end()), s.options().queue(), s.options().priority().queueName(),
                s.payload() instanceof JsonNode node ? node : null, s.options().tags(),
                info.nextFireTimes().stream().map(Instant::toString).toList(), info.arn(), iso(info.createdAt()),
                iso(info.updatedAt()));
    }

    /** The human form: one field per line. */
    static void print(Output out, ScheduleInfo info, Instant now) {
        ScheduleView v = of(info);
        List<String[]> fields = new ArrayList<>();
        fields.add(new String[]{"schedule", v.name() + (v.enabled() ? "" : "  (PAUSED)")});
        fields.add(new String[]{"type", v.type()});
        fields.add(new String[]{"expression", v.expression() + "  →  " + v.eventBridge() + "  in " + v.timeZone()});
        fields.add(new String[]{"queue", v.queue() + " (" + v.priority() + ")"});
        if (v.start() != null) fields.add(new String[]{"start", v.start()});
        if (v.end() != null) fields.add(new String[]{"end", v.end()});
        fields.add(new String[]{"payload", v.payload() == null ? "{}" : v.payload().toString()});
        if (!v.tags().isEmpty()) fields.add(new String[]{"tags", v.tags().toString()});
        fields.add(new String[]{"next", info.nextFireTimes().isEmpty() ? "-" : String.join(", ",
                info.nextFireTimes().stream().map(t -> Text.iso(t) + " (" + Text.when(t, now) + ")").toList())});
        fields.add(new String[]{"arn", v.arn()});
        out.fields(fields);
    }

    private static String iso(Instant t) {
        return t == null ? null : t.toString();
    }
}
