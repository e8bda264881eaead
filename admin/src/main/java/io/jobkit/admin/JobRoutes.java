package io.jobkit.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobkit.client.CancelResult;
import io.jobkit.client.Job;
import io.jobkit.client.JobClient;
import io.jobkit.client.JobFilter;
import io.jobkit.client.JobPage;
import io.jobkit.client.JobStatus;
import io.jobkit.client.RetryResult;
import io.jobkit.client.view.JobView;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.jobkit.admin.Route.Response.created;
import static io.jobkit.admin.Route.Response.ok;

/** The job routes: list, get, logs, enqueue, cancel, retry, bulk. Each is one or a few {@link JobClient} calls. */
final class JobRoutes {
    static final int MAX_BULK = 1000;

    /** The listing, as {@code jobkit list --json} prints it. */
    record Listing(List<JobView> jobs, String nextCursor) {
    }

    record Enqueued(String id) {
    }

    /** As {@code jobkit logs --json}. */
    record Logs(String id, String status, List<String> logs) {
    }

    /** As {@code jobkit cancel --json}. */
    record Cancelled(String id, String outcome, String status) {
    }

    /** As {@code jobkit retry --json}. */
    record Retried(String id, String outcome, String status, int cycle) {
    }

    record BulkItem(String id, String outcome, String status, String error) {
    }

    record BulkResult(String action, int matched, int applied, List<BulkItem> results) {
    }

    private final JobClient client;

    JobRoutes(JobClient client) {
        this.client = client;
    }

    List<Route> routes() {
        return List.of(
                new Route("GET", "/api/admin/jobs", Role.VIEWER, false,
                        "Jobs newest first; filters status (comma-separated), type, queue, tag=k:v; limit 1-1000, cursor", this::list),
                new Route("POST", "/api/admin/jobs", Role.ADMIN, true, "Enqueue a job {type, payload, options}; 201 {id}", this::enqueue),
                new Route("POST", "/api/admin/jobs/bulk", Role.OPERATOR, true,
                        "Retry or cancel the jobs a filter matches {action, filter, limit <= 1000}; one result per job", this::bulk),
                new Route("GET", "/api/admin/jobs/{id}", Role.VIEWER, false, "One job with payload, result, error and logs", this::get),
                new Route("GET", "/api/admin/jobs/{id}/logs", Role.VIEWER, false, "A job's last log lines", this::logs),
                new Route("DELETE", "/api/admin/jobs/{id}", Role.OPERATOR, true, "Cancel a job", this::cancel),
                new Route("POST", "/api/admin/jobs/{id}/retry", Role.OPERATOR, true, "Retry a FAILED job as a new attempt cycle", this::retry));
    }

    private Route.Response list(Call call) {
        call.allowOnly(Set.of("status", "type", "queue", "tag", "limit", "cursor"));
        JobListQuery q = JobListQuery.of(call.query("status"), call.query("type"), call.query("queue"), call.query("tag"));
        int limit = call.intQuery("limit", JobFilter.DEFAULT_LIMIT, 1, JobFilter.MAX_LIMIT);
        JobPage page = client.list(new JobFilter(q.statuses(), q.type(), limit, call.query("cursor")));
        return ok(new Listing(page.jobs().stream().filter(q::matches).map(JobView::of).toList(), page.nextCursor()));
    }

    private Route.Response get(Call call) {
        return ok(JobView.of(find(call.path("id"))));
    }

    private Route.Response logs(Call call) {
        Job j = find(call.path("id"));
        return ok(new Logs(j.id(), j.status().name(), j.logs()));
    }

    private Route.Response enqueue(Call call) {
        JsonNode body = call.jsonObject();
        Fields.allowOnly(body, "the body", Set.of("type", "payload", "options"));
        String type = Fields.text(body, "type", true);
        JsonNode payload = body.has("payload") ? body.get("payload") : Json.MAPPER.createObjectNode();
        String id = client.enqueue(type, payload, OptionsJson.parse(Fields.object(body, "options"), true));
        call.audit("job " + id);
        return created(new Enqueued(id));
    }

    private Route.Response cancel(Call call) {
        String id = call.path("id");
        CancelResult r = client.cancel(id);
        switch (r.outcome()) {
            case NOT_FOUND -> throw jobNotFound(id);
            case ALREADY_FINISHED -> throw ApiError.conflict("JOB_FINISHED", "job " + id + " has already finished ("
                    + r.status() + "); nothing to cancel");
            default -> {
            }
        }
        return ok(new Cancelled(id, r.outcome().name(), r.status().name()));
    }

    private Route.Response retry(Call call) {
        String id = call.path("id");
        RetryResult r = client.retry(id);
        switch (r.outcome()) {
            case NOT_FOUND -> throw jobNotFound(id);
            case NOT_FAILED -> throw ApiError.conflict("JOB_NOT_FAILED", "job " + id + " is " + r.status()
                    + "; only FAILED jobs can be retried");
            case ENVELOPE_EXPIRED -> throw ApiError.conflict("ENVELOPE_EXPIRED", "job " + id
                    + "'s payload has expired with its retention; enqueue it again instead");
            default -> {
            }
        }
        return ok(new Retried(id, r.outcome().name(), r.status().name(), r.cycle()));
    }

    private Route.Response bulk(Call call) {
        JsonNode body = call.jsonObject();
        Fields.allowOnly(body, "the body", Set.of("action", "filter", "limit"));
        String action = Fields.text(body, "action", true);
        if (!action.equals("retry") && !action.equals("cancel")) {
            throw new ApiError(422, "INVALID_FIELD", "action '" + action + "' must be retry or cancel");
        }
        JsonNode f = Fields.object(body, "filter");
        Fields.allowOnly(f, "filter", Set.of("status", "type", "queue", "tag"));
        Integer limitField = Fields.integer(body, "limit");
        int limit = limitField == null ? 100 : limitField;
        if (limit < 1 || limit > MAX_BULK) {
            throw new ApiError(422, "INVALID_FIELD", "limit " + limit + " is out of range; use 1 to " + MAX_BULK + " per call");
        }
        JobListQuery q = JobListQuery.of(Fields.text(f, "status", false), Fields.text(f, "type", false),
                Fields.text(f, "queue", false), Fields.text(f, "tag", false));
        // retry applies to FAILED jobs only: without a status, ask the index for exactly those
        Set<JobStatus> statuses = q.statuses().isEmpty() && action.equals("retry") ? Set.of(JobStatus.FAILED) : q.statuses();
        List<Job> matched = new ArrayList<>();
        String cursor = null;
        do {
            JobPage page = client.list(new JobFilter(statuses, q.type(), JobFilter.MAX_LIMIT, cursor));
            for (Job j : page.jobs()) {
                if (q.matches(j) && matched.size() < limit) matched.add(j);
            }
            cursor = page.nextCursor();
        } while (cursor != null && matched.size() < limit);
        List<BulkItem> results = new ArrayList<>();
        int applied = 0;
        for (Job j : matched) {
            BulkItem item = apply(action, j.id());
            if (item.error() == null && (item.outcome().equals("RETRIED") || item.outcome().startsWith("CANCEL"))) applied++;
            results.add(item);
        }
        call.audit("bulk " + action + " " + Json.MAPPER.valueToTree(Map.of("filter", f, "limit", limit))
                + ": " + applied + " of " + matched.size());
        return ok(new BulkResult(action, matched.size(), applied, results));
    }

    /** One job of a bulk call; a failure is this job's result and never stops the others. */
    private BulkItem apply(String action, String id) {
        try {
            if (action.equals("retry")) {
                RetryResult r = client.retry(id);
                return new BulkItem(id, r.outcome().name(), r.status() == null ? null : r.status().name(), null);
            }
            CancelResult r = client.cancel(id);
            return new BulkItem(id, r.outcome().name(), r.status() == null ? null : r.status().name(), null);
        } catch (RuntimeException e) {
            return new BulkItem(id, "ERROR", null, e.getMessage());
        }
    }

    private Job find(String id) {
        try {
            return client.get(id).orElseThrow(() -> jobNotFound(id));
        } catch (io.jobkit.client.JobNotTrackedException e) {
            // a 404 (no record to show) with its own code and sentence: the job exists, it is just not recorded yet
            throw ApiError.notFound(e.code(), e.getMessage());
        }
    }

    private static ApiError jobNotFound(String id) {
        return ApiError.notFound("JOB_NOT_FOUND", "no job has id " + id);
    }
}
