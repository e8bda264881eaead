package io.jobkit.client.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.jobkit.client.CancelResult;
import io.jobkit.client.EnqueueRequest;
import io.jobkit.client.Job;
import io.jobkit.client.JobStatus;
import io.jobkit.client.JobValidationException;
import io.jobkit.client.internal.Enqueuer;
import io.jobkit.client.store.JobStore;
import io.jobkit.client.topology.JobTable;
import io.jobkit.client.wire.Envelope;
import io.jobkit.client.wire.EnvelopeCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Chains: steps run one after another.
 *
 * <ol>
 *   <li>Start: the chain item (RUNNING, the stored steps, {@code current = 0}), then step 0.</li>
 *   <li>Step ids are derived from the chain ({@code <chain>.s<n>}), so starting a step twice (a duplicate delivery of
 *       the step before) enqueues one job: the job store refuses a second job with a caller's id.</li>
 *   <li>When step n succeeds, step n+1 is enqueued with the step's id as its parent (its result is what
 *       {@code previousResult} reads), then {@code current} moves to n+1. Retries inside a step never get here: only a
 *       terminal outcome advances.</li>
 *   <li>When step n fails for good (or is cancelled) the chain becomes FAILED (CANCELLED) with a reason that names
 *       the step, in one conditional write from RUNNING; the later steps are never enqueued.</li>
 * </ol>
 */
final class Chains {
    private static final Logger LOG = LoggerFactory.getLogger(Chains.class);
    /** The chain item keeps its steps; DynamoDB's item limit is 400 KB. */
    static final int MAX_SPEC_BYTES = 350 * 1024;

    private final WorkflowStore store;
    private final Enqueuer enqueuer;
    private final JobStore jobs;
    private final FlowCodec codec;
    private final Clock clock;
    private final Function<String, CancelResult> cancelJob;
    private final Batches batches;

    Chains(WorkflowStore store, Enqueuer enqueuer, JobStore jobs, FlowCodec codec, Clock clock,
           Function<String, CancelResult> cancelJob, Batches batches) {
        this.store = store;
        this.enqueuer = enqueuer;
        this.jobs = jobs;
        this.codec = codec;
        this.clock = clock;
        this.cancelJob = cancelJob;
        this.batches = batches;
    }

    static String stepId(String chainId, int step) {
        return chainId + ".s" + step;
    }

    String start(String chainId, List<Flow> steps, String parentBatch, String traceId) {
        Flow.Chain chain = new Flow.Chain(steps);
        batches.validate(chain.steps(), "chain step");
        String spec = FlowCodec.write(codec.encode(chain).get("steps"));
        int bytes = spec.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_SPEC_BYTES) {
            throw new JobValidationException("the chain's steps take " + bytes / 1024 + " KiB; jobkit keeps them in one"
                    + " DynamoDB item (at most " + MAX_SPEC_BYTES / 1024 + " KiB): pass large inputs by reference (e.g. an"
                    + " S3 key) or make a large batch step a member enqueued by a job");
        }
        Map<String, AttributeValue> item = new HashMap<>(WorkflowStore.chainKey(chainId));
        item.put("id", WorkflowStore.s(chainId));
        item.put("status", WorkflowStore.s("RUNNING"));
        item.put("spec", WorkflowStore.s(spec));
        item.put("current", WorkflowStore.n(0));
        java.time.Instant now = clock.instant();
        item.put("createdAt", WorkflowStore.s(now.toString()));
        // listed as open until step 0 is enqueued, so a creator that dies in between is repaired (repairUnstarted)
        item.putAll(WorkflowStore.openIndexKeys(now, chainId));
        if (traceId != null) item.put("traceId", WorkflowStore.s(traceId));
        if (parentBatch != null) item.put("parentBatch", WorkflowStore.s(parentBatch));
        if (!store.putIfAbsent(item)) return chainId;
        startStep(item, 0, null);
        unlist(chainId);
        return chainId;
    }

    /**
     * Starts step 0 of a chain still listed as open {@code olderThan} after its creation: its creator stopped between
     * writing the chain and enqueueing the step. Starting is idempotent (the step's id is derived from the chain, and a
     * step batch is created once), so a creator that did get there costs nothing but the check.
     */
    Batches.Repair repairUnstarted(Map<String, AttributeValue> chain, java.time.Instant now, java.time.Duration olderThan,
                                   boolean dryRun) {
        java.time.Instant created = java.time.Instant.parse(chain.get("createdAt").s());
        java.time.Duration silence = olderThan.compareTo(Batches.CREATOR_SILENCE) > 0 ? olderThan : Batches.CREATOR_SILENCE;
        if (!created.plus(silence).isBefore(now)) return Batches.Repair.NOT_STALE;
        String chainId = chain.get("id").s();
        String step0 = stepId(chainId, 0);
        boolean unstarted = "RUNNING".equals(chain.get("status").s()) && Integer.parseInt(chain.get("current").n()) == 0
                && jobs.get(step0).isEmpty() && store.get(WorkflowStore.batchKey(step0)) == null;
        if (dryRun) return unstarted ? Batches.Repair.REPAIRED : Batches.Repair.NOT_STALE;
        if (unstarted) {
            LOG.warn("reconciler: chain {} was created at {} and its first step was never enqueued: enqueueing it",
                    chainId, created);
            startStep(chain, 0, null);
        }
        unlist(chainId);
        return unstarted ? Batches.Repair.REPAIRED : Batches.Repair.NOT_STALE;
    }

    private void unlist(String chainId) {
        store.update(WorkflowStore.chainKey(chainId), "REMOVE #ps, #ck", null, WorkflowStore.OPEN_INDEX_NAMES, Map.of());
    }

    /** Enqueues step {@code n} (idempotent on its derived id); a step that cannot start fails the chain. */
    private void startStep(Map<String, AttributeValue> chain, int n, String previousId) {
        String chainId = chain.get("id").s();
        List<Flow> steps = steps(chain);
        Flow step = steps.get(n);
        String id = stepId(chainId, n);
        String traceId = Batches.str(chain, "traceId");
        try {
            if (step instanceof Flow.Job j) {
                EnqueueRequest r = j.request();
                enqueuer.enqueue(EnqueueRequest.of(r.type(), r.payload(), r.options().toBuilder().jobId(id).build()),
                        new Envelope.Context(traceId, previousId, chainId, null, n, null));
            } else if (step instanceof Flow.Batch b) {
                batches.create(id, b.members(), b.options(), new Batches.Parent(null, chainId, n), traceId);
            }
        } catch (RuntimeException e) {
            LOG.warn("chain {}: step {} could not be started: {}", chainId, n + 1, e.toString());
            stop(chainId, n, JobStatus.FAILED, describe(steps, n) + " could not be started: " + e.getMessage());
            return;
        }
        store.update(WorkflowStore.chainKey(chainId), "SET #c = :n", "#c < :n", Map.of("#c", "current"),
                Map.of(":n", WorkflowStore.n(n)));
    }

    /** Step {@code n} (job or batch {@code nodeId}) reached a terminal state. Idempotent. */
    void onStepTerminal(String chainId, int n, String nodeId, JobStatus state, String error) {
        Map<String, AttributeValue> chain = store.get(WorkflowStore.chainKey(chainId));
        if (chain == null) {
            LOG.warn("step {} reports to chain {}, which does not exist (expired?)", nodeId, chainId);
            return;
        }
        String status = chain.get("status").s();
        List<Flow> steps = steps(chain);
        boolean last = n == steps.size() - 1;
        if (state == JobStatus.SUCCEEDED) {
            if (last) {
                if ("RUNNING".equals(status)) {
                    store.update(WorkflowStore.chainKey(chainId), "SET #s = :done, finishedAt = :t, #ttl = :ttl",
                            "#s = :running", Map.of("#s", "status", "#ttl", JobTable.TTL_ATTRIBUTE),
                            Map.of(":done", WorkflowStore.s("SUCCEEDED"), ":running", WorkflowStore.s("RUNNING"),
                                    ":t", WorkflowStore.s(clock.instant().toString()), ":ttl", store.expiry(clock.instant())));
                    status = "SUCCEEDED";
                }
                if ("SUCCEEDED".equals(status)) report(chain, JobStatus.SUCCEEDED, null, nodeId);
            } else if ("RUNNING".equals(status)) {
                startStep(chain, n + 1, nodeId);
            }
            return;
        }
        String reason = state == JobStatus.FAILED
                ? describe(steps, n) + " failed" + (error == null ? "" : ": " + error)
                : describe(steps, n) + " was cancelled" + (error == null ? "" : ": " + error);
        stop(chainId, n, state, reason);
    }

    /** RUNNING → FAILED/CANCELLED naming the step; then the parent batch hears of it (both idempotent). */
    private void stop(String chainId, int n, JobStatus state, String reason) {
        store.update(WorkflowStore.chainKey(chainId), "SET #s = :st, failedStep = :n, reason = :r, finishedAt = :t, #ttl = :ttl",
                "#s = :running", Map.of("#s", "status", "#ttl", JobTable.TTL_ATTRIBUTE), Map.of(":st", WorkflowStore.s(state.name()),
                        ":n", WorkflowStore.n(n), ":r", WorkflowStore.s(reason), ":running", WorkflowStore.s("RUNNING"),
                        ":t", WorkflowStore.s(clock.instant().toString()), ":ttl", store.expiry(clock.instant())));
        Map<String, AttributeValue> chain = store.get(WorkflowStore.chainKey(chainId));
        if (chain != null && !"RUNNING".equals(chain.get("status").s())) {
            report(chain, JobStatus.valueOf(chain.get("status").s()), Batches.str(chain, "reason"), null);
        }
    }

    private void report(Map<String, AttributeValue> chain, JobStatus state, String reason, String lastStepId) {
        String parent = Batches.str(chain, "parentBatch");
        if (parent == null) return;
        JsonNode result = null;
        if (lastStepId != null) result = jobs.get(lastStepId).map(Job::result).orElse(null);
        batches.recordTerminal(parent, chain.get("id").s(), state, result, reason);
    }

    WorkflowCancelResult cancel(String chainId) {
        Map<String, AttributeValue> chain = store.get(WorkflowStore.chainKey(chainId));
        if (chain == null) return new WorkflowCancelResult(chainId, "NOT_FOUND", 0, 0);
        boolean applied = store.update(WorkflowStore.chainKey(chainId), "SET #s = :c, reason = :r, finishedAt = :t, #ttl = :ttl",
                "#s = :running", Map.of("#s", "status", "#ttl", JobTable.TTL_ATTRIBUTE), Map.of(":c", WorkflowStore.s("CANCELLED"),
                        ":r", WorkflowStore.s("chain cancelled"), ":running", WorkflowStore.s("RUNNING"),
                        ":t", WorkflowStore.s(clock.instant().toString()), ":ttl", store.expiry(clock.instant())));
        if (!applied) return new WorkflowCancelResult(chainId, "ALREADY_FINISHED", 0, 0);
        int current = Integer.parseInt(chain.get("current").n());
        Flow step = steps(chain).get(current);
        int cancelled = 0, requested = 0;
        String id = stepId(chainId, current);
        if (step instanceof Flow.Batch) {
            WorkflowCancelResult r = batches.cancel(id);
            cancelled += r.cancelled();
            requested += r.stopRequested();
        } else {
            CancelResult r = cancelJob.apply(id);
            if (r.outcome() == CancelResult.Outcome.CANCELLED) cancelled++;
            if (r.outcome() == CancelResult.Outcome.CANCEL_REQUESTED) requested++;
        }
        report(chain, JobStatus.CANCELLED, "chain cancelled", null);
        return new WorkflowCancelResult(chainId, "CANCELLED", cancelled, requested);
    }

    Optional<ChainStatus> status(String chainId) {
        Map<String, AttributeValue> chain = store.get(WorkflowStore.chainKey(chainId));
        if (chain == null) return Optional.empty();
        String status = chain.get("status").s();
        int current = Integer.parseInt(chain.get("current").n());
        Integer failedStep = chain.containsKey("failedStep") ? Integer.parseInt(chain.get("failedStep").n()) : null;
        String reason = Batches.str(chain, "reason");
        List<Flow> steps = steps(chain);
        List<ChainStatus.Step> out = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            Flow f = steps.get(i);
            String kind = Batches.kind(f);
            String type = f instanceof Flow.Job j ? j.request().type() : "batch";
            String id = stepId(chainId, i);
            if (i <= current) {
                String stepStatus;
                if (f instanceof Flow.Job) {
                    stepStatus = jobs.get(id).map(j -> j.status().name()).orElse("PENDING");
                } else {
                    stepStatus = batches.status(id).map(b -> b.outcome() != null ? b.outcome() : "RUNNING").orElse("PENDING");
                }
                out.add(new ChainStatus.Step(i, kind, type, "PENDING".equals(stepStatus) ? null : id, stepStatus, null));
            } else if ("RUNNING".equals(status) || "SUCCEEDED".equals(status)) {
                out.add(new ChainStatus.Step(i, kind, type, null, "PENDING", null));
            } else {
                out.add(new ChainStatus.Step(i, kind, type, null, "CANCELLED", reason));
            }
        }
        return Optional.of(new ChainStatus(chainId, status, current, out, failedStep, reason,
                Batches.str(chain, "parentBatch"), Batches.instant(chain, "createdAt"), Batches.instant(chain, "finishedAt")));
    }

    private List<Flow> steps(Map<String, AttributeValue> chain) {
        JsonNode spec = FlowCodec.read(chain.get("spec").s());
        List<Flow> steps = new ArrayList<>();
        ((ArrayNode) spec).forEach(s -> steps.add(codec.decode(s)));
        return steps;
    }

    private static String describe(List<Flow> steps, int n) {
        Flow f = steps.get(n);
        String what = f instanceof Flow.Job j ? j.request().type() : "batch";
        return "step " + (n + 1) + " of " + steps.size() + " (" + what + ")";
    }

    static JsonNode nothing() {
        return EnvelopeCodec.mapper().nullNode();
    }
}
