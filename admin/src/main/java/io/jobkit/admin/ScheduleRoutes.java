package io.jobkit.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobkit.client.JobClient;
import io.jobkit.client.JobOptions;
import io.jobkit.client.schedule.RecurringSchedule;
import io.jobkit.client.schedule.ScheduleInfo;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.jobkit.admin.Route.Response.created;
import static io.jobkit.admin.Route.Response.ok;

/** Recurring schedules: list, get, pause, resume, trigger now, create or replace, delete. */
final class ScheduleRoutes {
    /** As {@code jobkit schedules get --json}, plus {@code description}: the expression in plain words (null if none). */
    record ScheduleView(String name, String type, String expression, String description, String eventBridge, String timeZone,
                        boolean enabled, String start, String end, String queue, String priority, JsonNode payload,
                        Map<String, String> tags, List<String> nextFireTimes, String arn, String createdAt,
                        String updatedAt) {
        static ScheduleView of(ScheduleInfo info) {
            RecurringSchedule s = info.schedule();
            return new ScheduleView(s.name(), s.type(), s.expression().original(), ScheduleDescription.of(s.expression()), info.eventBridge(), s.zone().getId(),
                    s.enabled(), iso(s.start()), iso(s.end()), s.options().queue(), s.options().priority().queueName(),
                    s.payload() instanceof JsonNode node ? node : null, s.options().tags(),
                    info.nextFireTimes().stream().map(Instant::toString).toList(), info.arn(), iso(info.createdAt()),
                    iso(info.updatedAt()));
        }
    }

    record Schedules(List<ScheduleView> schedules) {
    }

    record Triggered(String schedule, String id) {
    }

    record Deleted(String name, boolean deleted) {
    }

    private final JobClient client;
    private final Clock clock;

    ScheduleRoutes(JobClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    List<Route> routes() {
        return List.of(
                new Route("GET", "/api/admin/schedules", Role.VIEWER, false, "Every recurring schedule", this::list),
                new Route("GET", "/api/admin/schedules/{name}", Role.VIEWER, false, "One schedule with its next fire times", this::get),
                new Route("POST", "/api/admin/schedules/{name}/pause", Role.OPERATOR, true, "Pause a schedule", c -> setEnabled(c, false)),
                new Route("POST", "/api/admin/schedules/{name}/resume", Role.OPERATOR, true, "Resume a schedule", c -> setEnabled(c, true)),
                new Route("POST", "/api/admin/schedules/{name}/trigger", Role.OPERATOR, true,
                        "Enqueue one firing now, tagged like a scheduled one; 201 {schedule, id}", this::trigger),
                new Route("PUT", "/api/admin/schedules/{name}", Role.ADMIN, true,
                        "Create or replace {type, expression, timeZone, payload, enabled, start, end, options}", this::put),
                new Route("DELETE", "/api/admin/schedules/{name}", Role.ADMIN, true, "Delete a schedule", this::delete));
    }

    private Route.Response list(Call call) {
        call.allowOnly(Set.of());
        return ok(new Schedules(client.schedules().list().stream().map(ScheduleView::of).toList()));
    }

    private Route.Response get(Call call) {
        return ok(ScheduleView.of(find(call.path("name"))));
    }

    private Route.Response setEnabled(Call call, boolean enabled) {
        String name = call.path("name");
        Optional<ScheduleInfo> info = enabled ? client.schedules().resume(name) : client.schedules().pause(name);
        return ok(ScheduleView.of(info.orElseThrow(() -> notFound(name))));
    }

    private Route.Response trigger(Call call) {
        String name = call.path("name");
        // Schedules.trigger enqueues the stored payload, not the redacted view the API shows
        String id = client.schedules().trigger(name).orElseThrow(() -> notFound(name));
        call.audit("job " + id);
        return created(new Triggered(name, id));
    }

    private Route.Response put(Call call) {
        String name = call.path("name");
        JsonNode body = call.jsonObject();
        Fields.allowOnly(body, "the body", Set.of("type", "expression", "timeZone", "payload", "enabled", "start", "end", "options"));
        RecurringSchedule.Builder b = RecurringSchedule.builder().name(name)
                .type(Fields.text(body, "type", true))
                .expression(Fields.text(body, "expression", true))
                .payload(body.has("payload") ? body.get("payload") : Json.MAPPER.createObjectNode())
                .options(OptionsJson.parse(Fields.object(body, "options"), false));
        String zone = Fields.text(body, "timeZone", false);
        if (zone != null) b.timeZone(zone);
        Boolean enabled = Fields.bool(body, "enabled");
        if (enabled != null) b.enabled(enabled);
        Instant start = instant(body, "start");
        if (start != null) b.start(start);
        Instant end = instant(body, "end");
        if (end != null) b.end(end);
        boolean existed = client.schedules().get(name).isPresent();
        ScheduleInfo info = client.schedules().upsert(b.build());
        call.audit(existed ? "replaced" : "created");
        return existed ? ok(ScheduleView.of(info)) : created(ScheduleView.of(info));
    }

    private Route.Response delete(Call call) {
        String name = call.path("name");
        if (!client.schedules().delete(name)) throw notFound(name);
        return ok(new Deleted(name, true));
    }

    private ScheduleInfo find(String name) {
        return client.schedules().get(name).orElseThrow(() -> notFound(name));
    }

    private static Instant instant(JsonNode body, String field) {
        String v = Fields.text(body, field, false);
        if (v == null) return null;
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new ApiError(422, "INVALID_FIELD", "field '" + field + "' must be an ISO-8601 instant such as 2026-01-31T09:00:00Z");
        }
    }

    private static ApiError notFound(String name) {
        return ApiError.notFound("SCHEDULE_NOT_FOUND", "no schedule is named '" + name + "'");
    }

    private static String iso(Instant t) {
        return t == null ? null : t.toString();
    }
}
