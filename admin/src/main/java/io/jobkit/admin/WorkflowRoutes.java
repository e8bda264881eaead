package io.jobkit.admin;

import io.jobkit.client.JobClient;
import io.jobkit.client.workflow.WorkflowCancelResult;

import java.util.List;
import java.util.Set;

import static io.jobkit.admin.Route.Response.ok;

/** Batches and chains: status, members, cancel; and a job's workflow membership. Fields as in the CLI's --json. */
final class WorkflowRoutes {
    private final JobClient client;

    WorkflowRoutes(JobClient client) {
        this.client = client;
    }

    List<Route> routes() {
        return List.of(
                new Route("GET", "/api/admin/batches/{id}", Role.VIEWER, false,
                        "A batch: total, pending, succeeded, failed, cancelled, outcome, callback job ids", this::batch),
                new Route("GET", "/api/admin/batches/{id}/members", Role.VIEWER, false,
                        "A page of a batch's members with state and result; limit 1-1000, cursor", this::members),
                new Route("DELETE", "/api/admin/batches/{id}", Role.OPERATOR, true,
                        "Cancel a batch: waiting members cancelled, running ones asked to stop", this::cancelBatch),
                new Route("GET", "/api/admin/chains/{id}", Role.VIEWER, false, "A chain and its steps", this::chain),
                new Route("DELETE", "/api/admin/chains/{id}", Role.OPERATOR, true,
                        "Cancel a chain: its current step and all later ones", this::cancelChain),
                new Route("GET", "/api/admin/jobs/{id}/workflow", Role.VIEWER, false,
                        "The batch, chain (and step) or batch callback a job belongs to", this::membership));
    }

    private Route.Response batch(Call call) {
        String id = call.path("id");
        return ok(client.batchStatus(id).orElseThrow(() -> batchNotFound(id)));
    }

    private Route.Response members(Call call) {
        call.allowOnly(Set.of("limit", "cursor"));
        String id = call.path("id");
        if (client.batchStatus(id).isEmpty()) throw batchNotFound(id);
        return ok(client.batchMembers(id, call.query("cursor"), call.intQuery("limit", 100, 1, 1000)));
    }

    private Route.Response chain(Call call) {
        String id = call.path("id");
        return ok(client.chainStatus(id).orElseThrow(() -> ApiError.notFound("CHAIN_NOT_FOUND", "no chain has id " + id)));
    }

    private Route.Response cancelBatch(Call call) {
        String id = call.path("id");
        WorkflowCancelResult r = client.cancelBatch(id);
        if (r.outcome().equals("NOT_FOUND")) throw batchNotFound(id);
        if (r.outcome().equals("ALREADY_FINISHED")) {
            throw ApiError.conflict("BATCH_FINISHED", "batch " + id + " has already completed; nothing to cancel");
        }
        call.audit("batch " + id + ": " + r.cancelled() + " cancelled, " + r.stopRequested() + " asked to stop");
        return ok(r);
    }

    private Route.Response cancelChain(Call call) {
        String id = call.path("id");
        WorkflowCancelResult r = client.cancelChain(id);
        if (r.outcome().equals("NOT_FOUND")) throw ApiError.notFound("CHAIN_NOT_FOUND", "no chain has id " + id);
        if (r.outcome().equals("ALREADY_FINISHED")) {
            throw ApiError.conflict("CHAIN_FINISHED", "chain " + id + " has already finished; nothing to cancel");
        }
        call.audit("chain " + id);
        return ok(r);
    }

    private Route.Response membership(Call call) {
        String id = call.path("id");
        if (client.get(id).isEmpty()) throw ApiError.notFound("JOB_NOT_FOUND", "no job has id " + id);
        return ok(client.membership(id));
    }

    private static ApiError batchNotFound(String id) {
        return ApiError.notFound("BATCH_NOT_FOUND", "no batch has id " + id);
    }
}
