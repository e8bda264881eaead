package io.jobkit.admin;

import io.jobkit.client.JobClient;
import io.jobkit.client.control.QueueControl;
import io.jobkit.client.control.QueueControls;
import io.jobkit.client.queues.DeadLetter;
import io.jobkit.client.queues.QueueStats;
import io.jobkit.client.queues.RedriveResult;
import io.jobkit.client.topology.QueueDef;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static io.jobkit.admin.Route.Response.ok;

/** Queue depths and pause control, and each queue's DLQ: peek, redrive, purge. */
final class QueueRoutes {
    /** As {@code jobkit queues --json}, plus the queue's pause control. */
    record QueueView(String queue, String sqsName, long visible, long inFlight, long delayed, String dlqSqsName,
                     long dlqDepth, Long oldestAgeSeconds, Long dlqOldestAgeSeconds, boolean paused, String pausedBy,
                     String pausedAt) {
        static QueueView of(QueueStats s, QueueControl c) {
            return new QueueView(s.queue(), s.sqsName(), s.visible(), s.inFlight(), s.delayed(), s.dlqSqsName(),
                    s.dlqDepth(), seconds(s.oldestAge()), seconds(s.dlqOldestAge()), c.paused(),
                    c.paused() ? c.changedBy() : null, c.paused() && c.changedAt() != null ? c.changedAt().toString() : null);
        }
    }

    record Queues(List<QueueView> queues) {
    }

    record Control(String queue, boolean paused, String changedBy, String changedAt) {
        static Control of(QueueControl c) {
            return new Control(c.queue(), c.paused(), c.changedBy(), c.changedAt() == null ? null : c.changedAt().toString());
        }
    }

    /** As {@code jobkit dlq peek --json}. */
    record Peek(String queue, String dlqSqsName, List<DeadLetterView> messages) {
    }

    record DeadLetterView(String messageId, String jobId, String type, String reason, String source, Integer cycle,
                          String deadLetteredAt, Long ageSeconds, int receiveCount, String body) {
    }

    /** As {@code jobkit dlq redrive --json}. */
    record Redriven(String queue, String from, String to, String method, String status, long moved, long total,
                    String taskHandle, String failureReason, double elapsedSeconds) {
    }

    /** As {@code jobkit dlq purge --json}. */
    record Purged(String queue, String dlqSqsName, long purged) {
    }

    private final JobClient client;
    private final QueueControls controls;
    private final Clock clock;
    private final QueuePause pause;

    QueueRoutes(JobClient client, QueueControls controls, Clock clock, QueuePause pause) {
        this.client = client;
        this.controls = controls;
        this.clock = clock;
        this.pause = pause;
    }

    List<Route> routes() {
        return List.of(
                new Route("GET", "/api/admin/queues", Role.VIEWER, false, "Every queue: depths, DLQ depth, oldest dead letter, paused", this::list),
                new Route("POST", "/api/admin/queues/{queue}/pause", Role.OPERATOR, true,
                        "Pause a queue: workers stop receiving from it within 5 s; with JOBKIT_ADMIN_PAUSE_LAMBDA=true its Lambda event source mappings are disabled", c -> setPaused(c, true)),
                new Route("POST", "/api/admin/queues/{queue}/resume", Role.OPERATOR, true, "Resume a paused queue (and enable its Lambda event source mappings again)", c -> setPaused(c, false)),
                new Route("GET", "/api/admin/queues/{queue}/dlq", Role.VIEWER, false,
                        "Peek at up to limit (default 10, at most 100) dead letters; they stay in the DLQ", this::peek),
                new Route("POST", "/api/admin/queues/{queue}/dlq/redrive", Role.OPERATOR, true,
                        "Move the DLQ's messages back to the queue, each a fresh attempt cycle", this::redrive),
                new Route("DELETE", "/api/admin/queues/{queue}/dlq", Role.ADMIN, true, "Purge the DLQ", this::purge));
    }

    private Route.Response list(Call call) {
        call.allowOnly(Set.of());
        return ok(new Queues(client.queueStats().stream()
                .map(s -> QueueView.of(s, controls.read(s.queue()))).toList()));
    }

    private Route.Response setPaused(Call call, boolean paused) {
        String q = queue(call).name();
        QueuePause.Result r;
        try {
            r = paused ? pause.pause(q, call.principal().name()) : pause.resume(q, call.principal().name());
        } catch (QueuePause.EventSourcesFailed e) {
            throw new ApiError(502, "EVENT_SOURCE_UPDATE_FAILED", e.getMessage());
        }
        if (pause.switchesEventSources()) {
            call.audit((paused ? "disabled" : "enabled") + " event source mappings " + r.eventSourceMappings());
        }
        return ok(Control.of(r.control()));
    }

    private Route.Response peek(Call call) {
        call.allowOnly(Set.of("limit"));
        QueueDef q = queue(call);
        int limit = call.intQuery("limit", 10, 1, 100);
        Instant now = clock.instant();
        List<DeadLetter> letters = client.peekDeadLetters(q.name(), limit);
        QueueStats s = client.queueStats(q.name(), false);
        return ok(new Peek(q.name(), s.dlqSqsName(), letters.stream().map(d -> new DeadLetterView(d.messageId(), d.jobId(),
                d.type(), d.reason(), d.source(), d.cycle(), d.deadLetteredAt() == null ? null : d.deadLetteredAt().toString(),
                d.deadLetteredAt() == null ? null : Duration.between(d.deadLetteredAt(), now).toSeconds(), d.receiveCount(),
                d.body())).toList()));
    }

    private Route.Response redrive(Call call) {
        QueueDef q = queue(call);
        RedriveResult r = client.redrive(q.name(), o -> { });
        call.audit(r.status() + ", moved " + r.moved() + " of " + r.total());
        return ok(new Redriven(r.queue(), r.from(), r.to(), r.method().name(), r.status(), r.moved(), r.total(),
                r.taskHandle(), r.failureReason(), r.elapsed().toMillis() / 1000.0));
    }

    private Route.Response purge(Call call) {
        QueueDef q = queue(call);
        long purged = client.purgeDeadLetters(q.name());
        call.audit("purged " + purged);
        return ok(new Purged(q.name(), client.queueStats(q.name(), false).dlqSqsName(), purged));
    }

    private QueueDef queue(Call call) {
        String name = call.path("queue");
        return client.topology().queues().stream().filter(q -> q.name().equals(name)).findFirst()
                .orElseThrow(() -> ApiError.notFound("QUEUE_NOT_FOUND", "no queue is named '" + name + "'; the queues are "
                        + String.join(", ", client.topology().queues().stream().map(QueueDef::name).toList())));
    }

    private static Long seconds(Duration d) {
        return d == null ? null : d.toSeconds();
    }
}
