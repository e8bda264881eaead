package io.jobkit.admin;

import io.jobkit.client.Durations;
import io.jobkit.client.JobClient;
import io.jobkit.client.JobValidationException;
import io.jobkit.client.WorkerInfo;
import io.jobkit.client.audit.AuditLog;
import io.jobkit.client.metrics.JobMetrics;
import io.jobkit.client.queues.QueueStats;
import io.jobkit.client.store.WorkerRegistry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static io.jobkit.admin.Route.Response.ok;

/** Workers, stats and the audit log. */
final class OpsRoutes {
    /** Workers whose last beat is older than this are dead: the same window {@code JobClient.workers()} uses. */
    static final Duration STALE_AFTER = Duration.ofSeconds(90);

    /** As {@code jobkit workers --json}. */
    record WorkerView(String id, String runtime, String host, long pid, List<String> queues, int concurrency,
                      int inFlight, long processed, long succeeded, long failed, String startedAt, String lastBeatAt) {
        static WorkerView of(WorkerInfo w) {
            return new WorkerView(w.id(), w.runtime(), w.host(), w.pid(), w.queues(), w.concurrency(), w.inFlight(),
                    w.processed(), w.succeeded(), w.failed(), iso(w.startedAt()), iso(w.lastBeatAt()));
        }
    }

    record Workers(List<WorkerView> workers) {
    }

    record Cleanup(List<String> removed) {
    }

    /**
     * What {@code /api/admin/stats} serves: the queue figures SQS gives (waiting = visible, inFlight, delayed,
     * deadLettered, summed and per queue), the live workers' counters, and {@code JobClient.metrics(window)} — the
     * same object {@code jobkit metrics --json} prints (counts, throughput per minute, per-type durations).
     */
    record Stats(String at, long waiting, long inFlight, long delayed, long deadLettered, int workers, int workersInFlight,
                 List<QueueStat> queues, JobMetrics metrics) {
    }

    record QueueStat(String queue, long waiting, long inFlight, long delayed, long deadLettered) {
    }

    private final JobClient client;
    private final WorkerRegistry registry;
    private final AuditLog audit;
    private final Clock clock;

    OpsRoutes(JobClient client, WorkerRegistry registry, AuditLog audit, Clock clock) {
        this.client = client;
        this.registry = registry;
        this.audit = audit;
        this.clock = clock;
    }

    List<Route> routes() {
        return List.of(
                new Route("GET", "/api/admin/workers", Role.VIEWER, false, "Live workers (a heartbeat in the last 90 s)", this::workers),
                new Route("POST", "/api/admin/workers/cleanup", Role.OPERATOR, true,
                        "Drop the records of workers with no heartbeat for 90 s", this::cleanup),
                new Route("GET", "/api/admin/stats", Role.VIEWER, false,
                        "Queue and worker figures and job metrics over window (default 1h, 1m to 24h)", this::stats),
                new Route("GET", "/api/jobs/metrics/overview", Role.VIEWER, false, "Alias of /api/admin/stats", this::stats),
                new Route("GET", "/api/admin/audit", Role.ADMIN, false,
                        "Audit entries newest first; since = a duration back (1h, 7d) or an ISO-8601 instant; limit", this::audit));
    }

    private Route.Response workers(Call call) {
        call.allowOnly(Set.of());
        return ok(new Workers(client.workers().stream().map(WorkerView::of).toList()));
    }

    private Route.Response cleanup(Call call) {
        List<String> removed = registry.removeStale(STALE_AFTER);
        call.audit("removed " + removed.size());
        return ok(new Cleanup(removed));
    }

    private Route.Response stats(Call call) {
        call.allowOnly(Set.of("window"));
        Duration window = window(call.query("window"));
        JobMetrics metrics = client.metrics(window);
        List<QueueStats> queues = client.queueStats();
        List<WorkerInfo> workers = client.workers();
        List<QueueStat> per = queues.stream().map(s -> new QueueStat(s.queue(), s.visible(), s.inFlight(), s.delayed(),
                s.dlqDepth())).toList();
        return ok(new Stats(clock.instant().toString(), per.stream().mapToLong(QueueStat::waiting).sum(),
                per.stream().mapToLong(QueueStat::inFlight).sum(), per.stream().mapToLong(QueueStat::delayed).sum(),
                per.stream().mapToLong(QueueStat::deadLettered).sum(), workers.size(),
                workers.stream().mapToInt(WorkerInfo::inFlight).sum(), per, metrics));
    }

    private Route.Response audit(Call call) {
        call.allowOnly(Set.of("since", "limit"));
        Instant since;
        try {
            since = AuditLog.parseSince(call.query("since"), clock.instant());
        } catch (JobValidationException e) {
            throw ApiError.badRequest("INVALID_PARAMETER", e.getMessage());
        }
        int limit = call.intQuery("limit", 200, 1, 1000);
        // the same AuditPage record `jobkit audit --json` prints
        return ok(audit.since(since, limit));
    }

    private static Duration window(String text) {
        if (text == null) return Duration.ofHours(1);
        Duration window;
        try {
            window = Durations.parse(text);
        } catch (JobValidationException e) {
            throw ApiError.badRequest("INVALID_PARAMETER", "window '" + text + "' must be a duration such as 15m or 1h");
        }
        if (window.compareTo(Duration.ofMinutes(1)) < 0 || window.compareTo(Duration.ofHours(24)) > 0) {
            throw ApiError.badRequest("INVALID_PARAMETER", "window '" + text + "' must be between 1m and 24h");
        }
        return window;
    }

    private static String iso(Instant t) {
        return t == null ? null : t.toString();
    }
}
