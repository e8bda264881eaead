package io.jobkit.client.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobkit.client.CancelResult;
import io.jobkit.client.Job;
import io.jobkit.client.JobStatus;
import io.jobkit.client.JobValidationException;
import io.jobkit.client.ReconcileReport;
import io.jobkit.client.internal.Reconciler;
import io.jobkit.client.topology.JobTable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import io.jobkit.client.spi.ClientRuntime;
import io.jobkit.client.internal.Enqueuer;
import io.jobkit.client.store.JobStore;
import io.jobkit.client.wire.Envelope;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Chains and batches behind {@code JobClient}'s workflow methods, and the one hook the runtimes call:
 * {@link #afterTerminal(String, Envelope.Context)} once a job's terminal outcome is recorded. For jobkit's runtimes
 * and {@code JobClient}; applications use {@code JobClient}.
 */
public final class Workflows {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Workflows.class);
    private final JobStore jobs;
    private final WorkflowStore store;
    private final Enqueuer enqueuer;
    private final Batches batches;
    private final Chains chains;

    public Workflows(ClientRuntime runtime, Enqueuer enqueuer, Function<String, CancelResult> cancelJob) {
        this.jobs = runtime.store();
        this.enqueuer = enqueuer;
        this.store = new WorkflowStore(runtime.dynamoDb(), runtime.topology().tableName(), runtime.store().retention());
        FlowCodec codec = new FlowCodec(enqueuer.preparer());
        this.batches = new Batches(store, enqueuer, codec, runtime.clock(), cancelJob, jobs);
        this.chains = new Chains(store, enqueuer, jobs, codec, runtime.clock(), cancelJob, batches);
        batches.chains(chains);
    }

    public String chain(List<Flow> steps, Envelope.Context origin) {
        return chains.start("chain-" + enqueuer.preparer().newId(), steps, null, trace(origin));
    }

    public String batch(List<Flow> members, BatchOptions options, Envelope.Context origin) {
        return batches.create("batch-" + enqueuer.preparer().newId(), members, options, Batches.Parent.NONE, trace(origin));
    }

    public List<String> addToBatch(String batchId, List<Flow> members, Envelope.Context origin) {
        requireId(batchId, "batch");
        return batches.addTo(batchId, members, trace(origin));
    }

    public Optional<BatchStatus> batchStatus(String id) {
        requireId(id, "batch");
        return batches.status(id);
    }

    public Optional<ChainStatus> chainStatus(String id) {
        requireId(id, "chain");
        return chains.status(id);
    }

    public MemberPage members(String batchId, String cursor, int limit) {
        requireId(batchId, "batch");
        return batches.members(batchId, cursor, limit);
    }

    public WorkflowCancelResult cancelBatch(String id) {
        requireId(id, "batch");
        return batches.cancel(id);
    }

    public WorkflowCancelResult cancelChain(String id) {
        requireId(id, "chain");
        return chains.cancel(id);
    }

    /**
     * The runtime hook: job {@code jobId}, enqueued with {@code context}, may have reached a terminal state (its
     * outcome is recorded). Reads the record and, when it is terminal, counts it in its batch and/or advances its
     * chain. Idempotent, so a runtime calls it after every outcome and for every duplicate copy of a finished job;
     * if it throws, the runtime keeps the message so a later delivery calls it again.
     */
    public void afterTerminal(String jobId, Envelope.Context context) {
        if (context == null || !context.inWorkflow()) return;
        Optional<Job> found = jobs.get(jobId);
        if (found.isEmpty() || !found.get().isTerminal()) return;
        Job job = found.get();
        String error = job.lastError() == null ? null : job.lastError().message();
        if (context.batchId() != null) {
            batches.recordTerminal(context.batchId(), jobId, job.status(), job.result(), error);
        }
        if (context.chainId() != null && context.step() != null) {
            chains.onStepTerminal(context.chainId(), context.step(), jobId, job.status(), error);
        }
    }

    /**
     * What the step before produced, for a chain step: the previous job's result, or a batch step's summary
     * ({@code batchId, total, succeeded, failed, cancelled}). Null for the first step and for jobs outside chains.
     */
    public JsonNode previousResult(Envelope.Context context) {
        if (context == null || context.chainId() == null || context.step() == null || context.step() == 0
                || context.parentId() == null) {
            return null;
        }
        Optional<BatchStatus> batch = batches.status(context.parentId());
        if (batch.isPresent()) return Batches.summary(batch.get());
        return jobs.get(context.parentId()).map(Job::result).orElse(null);
    }

    /**
     * The reconciler's workflow step: batches and chains still listed as being created {@code olderThan} after their
     * creator last showed life are finished in its place (a batch is sealed with what was enqueued, a chain gets its
     * first step). One query of the status index's open-workflows partition; see {@code Batches#repairAbandoned}.
     */
    public Reconciler.WorkflowRepairs.Result repairOpen(Instant now, Duration olderThan, boolean dryRun, int limit) {
        List<ReconcileReport.Repair> repairs = new ArrayList<>();
        int examined = 0;
        int lostRaces = 0;
        for (Map<String, AttributeValue> key : store.openCreatedBefore(now.minus(olderThan), limit * 4)) {
            if (repairs.size() >= limit) break;
            String id = null;
            try {
                Map<String, AttributeValue> item = store.get(key);
                if (item == null) continue;
                id = item.get("id").s();
                examined++;
                boolean batch = WorkflowStore.BATCH_SK.equals(key.get(JobTable.SORT_KEY).s());
                Batches.Repair done = batch ? batches.repairAbandoned(item, now, olderThan, dryRun)
                        : chains.repairUnstarted(item, now, olderThan, dryRun);
                if (done == Batches.Repair.LOST_RACE) lostRaces++;
                if (done != Batches.Repair.REPAIRED) continue;
                String workflow = id;
                repairs.add(batch
                        ? new ReconcileReport.Repair(id, JobStatus.RUNNING, ReconcileReport.Action.BATCH_SEALED,
                                "batch still being created with no beat from its creator for over " + olderThan
                                        + ": sealed with the members enqueued by then"
                                        + (dryRun ? "" : batches.status(workflow)
                                        .map(b -> " (" + b.notEnqueued() + " never enqueued)").orElse("")))
                        : new ReconcileReport.Repair(id, JobStatus.RUNNING, ReconcileReport.Action.CHAIN_STARTED,
                                "chain created over " + olderThan + " ago with its first step never enqueued: enqueued it"));
            } catch (RuntimeException e) {
                // one workflow that cannot be settled now (a throttled write, a conflicting transaction) must not cost
                // the run the others: it stays listed, and the next run tries again
                LOG.warn("reconciler: workflow {} could not be settled this run: {}", id != null ? id : key, e.toString());
            }
        }
        return new Reconciler.WorkflowRepairs.Result(repairs, examined, lostRaces);
    }

    /** DynamoDB write capacity units consumed by workflow items in this process (ReturnConsumedCapacity). */
    public double workflowWriteUnits() {
        return store.writeUnits();
    }

    private static String trace(Envelope.Context origin) {
        return origin == null ? null : origin.traceId();
    }

    private static void requireId(String id, String what) {
        if (id == null || id.isBlank()) throw new JobValidationException(what + " id is empty");
    }
}
