package io.jobkit.client.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobkit.client.CancelResult;
import io.jobkit.client.EnqueueRequest;
import io.jobkit.client.EnqueueResult;
import io.jobkit.client.JobStatus;
import io.jobkit.client.JobValidationException;
import io.jobkit.client.JobkitException;
import io.jobkit.client.TrackingLevel;
import io.jobkit.client.internal.Enqueuer;
import io.jobkit.client.store.JobStore;
import io.jobkit.client.topology.JobTable;
import io.jobkit.client.wire.Envelope;
import io.jobkit.client.wire.EnvelopeCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Batches: creation, membership, exactly-once counting and callbacks.
 *
 * <ol>
 *   <li>Create: the batch item (unsealed), then members in pages of {@value #PAGE}: membership items (PENDING) and
 *       the shards' {@code added} counters are written <em>before</em> the page is sent, so a member that finishes at
 *       once is already counted as pending. Then the batch is sealed; only a sealed batch completes.</li>
 *   <li>A member's terminal outcome is one transaction: its membership item PENDING → state (the condition) and
 *       {@code ADD} on its shard's counter. A second delivery fails the condition and counts nothing.</li>
 *   <li>After every terminal outcome (counted or duplicate) the member's shard is read; only when it has nothing
 *       pending are all shards summed. When nothing is pending the due callbacks are enqueued under ids derived from
 *       the batch ({@code <batch>.onComplete}), so two workers finishing the last members at once enqueue one job,
 *       and the batch item's {@code cb_*} flag (a conditional write) keeps a later check from enqueueing again.</li>
 *   <li>A completed batch that belongs to a parent batch or chain reports to it the same idempotent way.</li>
 * </ol>
 *
 * <p>A creator that dies half-way leaves an unsealed batch. So while it creates, the batch item is listed in the
 * status index's open-workflows partition, and before each page the creator beats: a write, conditional on the batch
 * being unsealed, of the time, the page it starts ({@code pageInFlight}) and how many members the pages before it
 * started ({@code writtenBefore}). Membership items carry their page ({@code pg}), and a page's counter additions are
 * conditional on the shard's {@code lastPage}, so the creator and a repair never both count a page. The reconciler
 * repairs a batch whose beat is stale ({@link #repairAbandoned}): it seals it (so a creator that was only slow stops
 * at its next beat), counts the page in flight, fails that page's members that provably never started, records the
 * members never written as {@code notEnqueued}, and completes it; a batch with members not enqueued is FAILED.
 *
 * <p>A batch completes only once its creator is done with it ({@code creating} removed by the seal, or when the
 * creator stops for a cancel, or by the repair): a cancel seals it at once, but a live creator may still be counting
 * a page. A creator that finds its batch cancelled at a beat counts the members it had not started CANCELLED.
 */
final class Batches {
    /** What a repair of one open batch or chain did. */
    enum Repair { NOT_STALE, LOST_RACE, REPAIRED }

    private static final Logger LOG = LoggerFactory.getLogger(Batches.class);
    static final int PAGE = 500;
    static final int MAX_RESULT_CHARS = 16 * 1024;
    static final List<String> CALLBACKS = List.of("onFailure", "onSuccess", "onComplete");

    private final WorkflowStore store;
    private final Enqueuer enqueuer;
    private final FlowCodec codec;
    private final Clock clock;
    private final Function<String, CancelResult> cancelJob;
    private final JobStore jobs;
    private final Map<String, Integer> shardCounts = new ConcurrentHashMap<>();
    /** The batches this thread is creating, innermost first; each creation beats them all (see beatIfDue). */
    private static final ThreadLocal<Deque<String>> CREATING = ThreadLocal.withInitial(ArrayDeque::new);
    /** When this process last beat a batch it is creating, epoch millis. */
    private final Map<String, Long> lastBeat = new ConcurrentHashMap<>();
    /** A creator beats at least this often while it works; the reconciler waits {@link #CREATOR_SILENCE} at least. */
    static final java.time.Duration BEAT_EVERY = java.time.Duration.ofSeconds(30);
    /** The shortest silence after which a creator counts as stopped, whatever the reconciler's threshold. */
    static final java.time.Duration CREATOR_SILENCE = java.time.Duration.ofMinutes(5);
    /** The creator's writes hold only while the batch is open: not sealed (by it or a cancel), not given up. */
    private static final String OPEN = "sealed = :f AND attribute_not_exists(abandonedAt)";
    private Chains chains;

    Batches(WorkflowStore store, Enqueuer enqueuer, FlowCodec codec, Clock clock, Function<String, CancelResult> cancelJob,
            JobStore jobs) {
        this.store = store;
        this.jobs = jobs;
        this.enqueuer = enqueuer;
        this.codec = codec;
        this.clock = clock;
        this.cancelJob = cancelJob;
    }

    void chains(Chains chains) {
        this.chains = chains;
    }

    /** Parent of a nested batch or chord; all fields null for a top-level batch. */
    record Parent(String batch, String chain, Integer step) {
        static final Parent NONE = new Parent(null, null, null);
    }

    // ---- create and add ------------------------------------------------------------------------------------

    /** Creates the batch and enqueues its members. Idempotent on {@code id}: a second call finds it and returns. */
    String create(String id, List<Flow> members, BatchOptions options, Parent parent, String traceId) {
        validate(members, "batch member");
        for (String cb : CALLBACKS) {
            EnqueueRequest r = callback(options, cb);
            if (r != null) validateJob(r, "batch callback " + cb);
        }
        int shards = options.shardsFor(members.size());
        Map<String, AttributeValue> meta = new HashMap<>(WorkflowStore.batchKey(id));
        meta.put("id", WorkflowStore.s(id));
        meta.put("shards", WorkflowStore.n(shards));
        meta.put("sealed", AttributeValue.fromBool(false));
        meta.put("cancelled", AttributeValue.fromBool(false));
        meta.put("spec", WorkflowStore.s(FlowCodec.write(codec.encodeOptions(options))));
        Instant now = clock.instant();
        meta.put("createdAt", WorkflowStore.s(now.toString()));
        meta.put("expected", WorkflowStore.n(members.size()));
        meta.put("creatorBeatAt", WorkflowStore.s(now.toString()));
        meta.put("pageInFlight", WorkflowStore.n(0));
        meta.put("writtenBefore", WorkflowStore.n(0));
        // while set, the batch does not complete: its creator may still count members (a cancel seals it meanwhile)
        meta.put("creating", AttributeValue.fromBool(true));
        meta.putAll(WorkflowStore.openIndexKeys(now, id));
        if (traceId != null) meta.put("traceId", WorkflowStore.s(traceId));
        if (parent.batch() != null) meta.put("parentBatch", WorkflowStore.s(parent.batch()));
        if (parent.chain() != null) {
            meta.put("parentChain", WorkflowStore.s(parent.chain()));
            meta.put("parentStep", WorkflowStore.n(parent.step()));
        }
        if (!store.putIfAbsent(meta)) {
            LOG.info("batch {} exists already (a repeated start); leaving it as it is", id);
            return id;
        }
        shardCounts.put(id, shards);
        lastBeat.put(id, clock.millis());
        Deque<String> creating = CREATING.get();
        creating.push(id);
        try {
            if (!createMembers(id, shards, members, traceId) || !seal(id)) {
                // cancelled meanwhile: what this creator counted is all there is, so the batch may complete now
                store.update(WorkflowStore.batchKey(id), "REMOVE creating", null, Map.of(), Map.of());
            }
        } finally {
            creating.pop();
            lastBeat.remove(id);
        }
        completeIfDone(id);
        unlist(WorkflowStore.batchKey(id));
        return id;
    }

    /** The creator's pages; false when the batch was cancelled meanwhile (the rest is not sent). */
    private boolean createMembers(String batchId, int shards, List<Flow> members, String traceId) {
        int page = 0;
        for (int from = 0; from < members.size(); from += PAGE, page++) {
            List<Flow> slice = members.subList(from, Math.min(members.size(), from + PAGE));
            boolean open;
            try {
                open = (page == 0 || beat(batchId, "SET creatorBeatAt = :now, pageInFlight = :p, writtenBefore = :w",
                        Map.of(":p", WorkflowStore.n(page), ":w", WorkflowStore.n(from))))
                        && addCreatorPage(batchId, shards, slice, traceId, page);
            } catch (CancelledWhileCreating e) {
                if (!e.batchId.equals(batchId)) throw e; // a batch this one is nested in: its creation stops
                open = false;
            }
            if (!open) {
                LOG.info("batch {} was cancelled while its members were enqueued; {} of {} not enqueued", batchId,
                        members.size() - from, members.size());
                return false;
            }
        }
        return true;
    }

    /** A batch whose creator lost it to the reconciler (see {@link #repairAbandoned}); thrown to the creator. */
    static final class GivenUpException extends JobkitException {
        private static final long serialVersionUID = 1L;

        GivenUpException(String message) {
            super(message);
        }
    }

    /** A batch being created was cancelled, noticed by a beat within a page; stops the creations nested in it. */
    static final class CancelledWhileCreating extends JobkitException {
        private static final long serialVersionUID = 1L;
        final String batchId;

        CancelledWhileCreating(String batchId) {
            super("batch " + batchId + " was cancelled while its members were enqueued");
            this.batchId = batchId;
        }
    }

    /**
     * A conditional write of the creator's beat ({@code creatorBeatAt}, plus {@code update}'s other assignments):
     * only while the batch is open (not sealed, not given up). False when a cancel sealed it; throws
     * {@link GivenUpException} when the reconciler gave it up.
     */
    private boolean beat(String batchId, String update, Map<String, AttributeValue> values) {
        Map<String, AttributeValue> all = new HashMap<>(values);
        all.put(":now", WorkflowStore.s(clock.instant().toString()));
        all.put(":f", AttributeValue.fromBool(false));
        boolean open = store.update(WorkflowStore.batchKey(batchId), update, OPEN, Map.of(), all);
        if (open) {
            lastBeat.put(batchId, clock.millis());
            return true;
        }
        throwIfGivenUp(batchId);
        return false;
    }

    /**
     * Beats every batch this thread is creating (a nested batch's creation keeps its parents alive) whose last beat is
     * older than {@link #BEAT_EVERY}: called before each member that takes calls of its own and before a page's
     * enqueue, so a creator that is alive, however large its pages, never looks dead, and one that was given up while
     * it hung stops before it sends anything more.
     */
    private void beatIfDue() {
        long now = clock.millis();
        for (String id : CREATING.get()) {
            Long last = lastBeat.get(id);
            if (last != null && now - last < BEAT_EVERY.toMillis()) continue;
            if (!beat(id, "SET creatorBeatAt = :now", Map.of())) throw new CancelledWhileCreating(id);
        }
    }

    /** Seals a batch its creator finished; false when a cancel sealed it first. A repair must not have. */
    private boolean seal(String batchId) {
        return beat(batchId, "SET sealed = :t, creatorBeatAt = :now REMOVE creating", Map.of(":t", AttributeValue.fromBool(true)));
    }

    private void throwIfGivenUp(String batchId) {
        Map<String, AttributeValue> meta = store.get(WorkflowStore.batchKey(batchId));
        if (meta != null && meta.containsKey("abandonedAt")) {
            throw new GivenUpException("batch " + batchId + " was given up by the reconciler at " + str(meta, "abandonedAt")
                    + " (" + str(meta, "abandonReason") + "); it completes with the members enqueued by then, and the"
                    + " rest were not enqueued: create a new batch for them");
        }
    }

    /**
     * Adds members to an open batch (from one of its running members). The additions count as pending before they
     * are sent, and the adding member is pending itself, so the batch cannot complete in between.
     */
    List<String> addTo(String batchId, List<Flow> members, String traceId) {
        Map<String, AttributeValue> meta = store.get(WorkflowStore.batchKey(batchId));
        if (meta == null) throw new JobValidationException("batch " + batchId + " does not exist");
        if (meta.containsKey("outcome")) {
            throw new JobValidationException("batch " + batchId + " has completed (" + meta.get("outcome").s()
                    + "); members can be added only while it runs, from one of its running members");
        }
        if (Boolean.TRUE.equals(meta.get("cancelled").bool())) {
            throw new JobValidationException("batch " + batchId + " is cancelled; no members can be added");
        }
        validate(members, "added member");
        return add(batchId, Integer.parseInt(meta.get("shards").n()), members, traceId);
    }

    /** Additions from a running member (the member is pending itself, so no page bookkeeping is needed). */
    private List<String> add(String batchId, int shards, List<Flow> members, String traceId) {
        List<String> ids = new ArrayList<>();
        for (int from = 0; from < members.size(); from += PAGE) {
            if (from > 0 && cancelledMeanwhile(batchId)) {
                LOG.info("batch {} was cancelled while its members were enqueued; {} of {} not enqueued", batchId,
                        members.size() - from, members.size());
                break;
            }
            ids.addAll(addPage(batchId, shards, members.subList(from, Math.min(members.size(), from + PAGE)), traceId));
        }
        return ids;
    }

    private boolean cancelledMeanwhile(String batchId) {
        Map<String, AttributeValue> meta = store.get(WorkflowStore.batchKey(batchId));
        return meta == null || Boolean.TRUE.equals(meta.get("cancelled").bool());
    }

    /**
     * One page of the creator's: membership items, then the page gate (a beat that records the page as written: from
     * here on every item of the page exists, and a repair counts them rather than discarding them), then the counters
     * and the members. When the gate fails (cancelled or given up) the page's items are removed again: they were never
     * counted and nothing of them was sent.
     */
    private boolean addCreatorPage(String batchId, int shards, List<Flow> page, String traceId, int pageNo) {
        List<String> ids = new ArrayList<>();
        List<Map<String, AttributeValue>> items = membershipItems(batchId, shards, page, pageNo, ids);
        store.putAll(items);
        boolean open;
        try {
            open = beat(batchId, "SET creatorBeatAt = :now, pageWritten = :p", Map.of(":p", WorkflowStore.n(pageNo)));
        } catch (GivenUpException e) {
            discard(items);
            throw e;
        }
        if (!open) {
            discard(items);
            return false;
        }
        long[] perShard = perShard(ids, shards);
        for (int s = 0; s < shards; s++) {
            if (perShard[s] > 0) countPage(batchId, s, pageNo, perShard[s]);
        }
        start(batchId, page, ids, traceId);
        return true;
    }

    /** Removes membership items still PENDING (a page the creator did not get to count). */
    private void discard(List<Map<String, AttributeValue>> items) {
        for (Map<String, AttributeValue> item : items) {
            store.deleteIf(Map.of(JobTable.PARTITION_KEY, item.get(JobTable.PARTITION_KEY), JobTable.SORT_KEY,
                    item.get(JobTable.SORT_KEY)), "#state = :pending", Map.of("#state", "state"),
                    Map.of(":pending", WorkflowStore.s("PENDING")));
        }
    }

    private static long[] perShard(List<String> ids, int shards) {
        long[] perShard = new long[shards];
        for (String id : ids) perShard[WorkflowStore.shardOf(id, shards)]++;
        return perShard;
    }

    private List<Map<String, AttributeValue>> membershipItems(String batchId, int shards, List<Flow> page, Integer pageNo,
                                                              List<String> ids) {
        String now = clock.instant().toString();
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (Flow f : page) {
            String kind = kind(f);
            String id = (f instanceof Flow.Job ? "" : kind + "-") + enqueuer.preparer().newId();
            ids.add(id);
            Map<String, AttributeValue> item = new HashMap<>(WorkflowStore.memberKey(batchId, WorkflowStore.shardOf(id, shards), id));
            item.put("member", WorkflowStore.s(id));
            item.put("kind", WorkflowStore.s(kind));
            item.put("state", WorkflowStore.s("PENDING"));
            item.put("addedAt", WorkflowStore.s(now));
            if (pageNo != null) item.put("pg", WorkflowStore.n(pageNo));
            // a member with no record at enqueue cannot later be shown to have been sent (see repairAbandoned)
            if (f instanceof Flow.Job j && enqueuer.preparer().trackingOf(j.request()) != TrackingLevel.FULL) {
                item.put("untracked", AttributeValue.fromBool(true));
            }
            items.add(item);
        }
        return items;
    }

    /** Members added by a running member: no page bookkeeping (the adding member is pending itself). */
    private List<String> addPage(String batchId, int shards, List<Flow> page, String traceId) {
        List<String> ids = new ArrayList<>();
        store.putAll(membershipItems(batchId, shards, page, null, ids));
        long[] perShard = perShard(ids, shards);
        for (int s = 0; s < shards; s++) {
            if (perShard[s] == 0) continue;
            store.update(WorkflowStore.shardKey(batchId, s), "ADD added :k", null, Map.of(),
                    Map.of(":k", WorkflowStore.n(perShard[s])));
        }
        start(batchId, page, ids, traceId);
        return ids;
    }

    /**
     * Starts a page's members; one that cannot start is counted FAILED at once, never left pending. The jobs go out
     * together at the end. When a beat finds this batch (or one it is nested in) cancelled, the members not started
     * yet are counted CANCELLED, so the batch can still complete, and the creation stops.
     */
    private void start(String batchId, List<Flow> page, List<String> ids, String traceId) {
        List<EnqueueRequest> jobs = new ArrayList<>();
        List<String> jobIds = new ArrayList<>();
        for (int i = 0; i < page.size(); i++) {
            Flow f = page.get(i);
            String id = ids.get(i);
            if (f instanceof Flow.Job j) {
                jobs.add(j.request());
                jobIds.add(id);
                continue;
            }
            try {
                beatIfDue();
            } catch (CancelledWhileCreating e) {
                cancelUnstarted(batchId, page, ids, i, e);
                throw e;
            }
            try {
                if (f instanceof Flow.Chain c) {
                    chains.start(id, c.steps(), batchId, traceId);
                } else if (f instanceof Flow.Batch b) {
                    create(id, b.members(), b.options(), new Parent(batchId, null, null), traceId);
                }
            } catch (CancelledWhileCreating e) {
                cancelUnstarted(batchId, page, ids, i + 1, e); // member i exists: it settles itself
                throw e;
            } catch (GivenUpException e) {
                throw e; // the creation this member belongs to is the reconciler's now: stop, count nothing more
            } catch (RuntimeException e) {
                recordTerminal(batchId, id, JobStatus.FAILED, null, "could not be started: " + e.getMessage());
            }
        }
        if (jobs.isEmpty()) return;
        try {
            beatIfDue();
        } catch (CancelledWhileCreating e) {
            cancelUnstarted(batchId, page, ids, page.size(), e);
            throw e;
        }
        List<EnqueueResult> results = enqueuer.enqueueAll(jobs, new Envelope.Context(traceId, null, null, batchId), jobIds);
        for (int i = 0; i < results.size(); i++) {
            EnqueueResult r = results.get(i);
            if (!r.succeeded()) {
                // the job's record is FAILED (nothing was sent), so the member is failed for good
                recordTerminal(batchId, jobIds.get(i), JobStatus.FAILED, null, r.error().getMessage());
            }
        }
    }

    /** Counts CANCELLED the page's members not started: every job (they go out last) and the others from {@code from}. */
    private void cancelUnstarted(String batchId, List<Flow> page, List<String> ids, int from, CancelledWhileCreating why) {
        String reason = why.batchId.equals(batchId) ? "batch " + batchId + " was cancelled before this member was started"
                : "batch " + why.batchId + ", which batch " + batchId + " is part of, was cancelled before this member was started";
        for (int k = 0; k < page.size(); k++) {
            if (page.get(k) instanceof Flow.Job || k >= from) recordTerminal(batchId, ids.get(k), JobStatus.CANCELLED, null, reason);
        }
    }

    // ---- terminal outcomes and completion ------------------------------------------------------------------

    /**
     * Counts one member's terminal outcome exactly once and fires what that makes due. Safe to call again for the
     * same member (duplicate delivery, redrive): the count does not change; a different later state is kept as the
     * member's {@code lastState}.
     */
    void recordTerminal(String batchId, String memberId, JobStatus state, JsonNode result, String error) {
        Integer shards = shards(batchId);
        if (shards == null) {
            LOG.warn("member {} reports to batch {}, which does not exist (expired?); nothing to count", memberId, batchId);
            return;
        }
        int shard = WorkflowStore.shardOf(memberId, shards);
        Map<String, String> names = new HashMap<>(Map.of("#state", "state"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":s", WorkflowStore.s(state.name()),
                ":pending", WorkflowStore.s("PENDING"), ":t", WorkflowStore.s(clock.instant().toString())));
        // a finished member's item expires with the jobs' retention; PENDING ones never do (cancel needs them)
        StringBuilder set = new StringBuilder("SET #state = :s, finishedAt = :t, #ttl = :ttl");
        names.put("#ttl", io.jobkit.client.topology.JobTable.TTL_ATTRIBUTE);
        values.put(":ttl", store.expiry(clock.instant()));
        String resultText = result == null || result.isNull() ? null : FlowCodec.write(result);
        if (resultText != null && resultText.length() <= MAX_RESULT_CHARS) {
            set.append(", #result = :r");
            names.put("#result", "result");
            values.put(":r", WorkflowStore.s(resultText));
        }
        if (error != null) {
            set.append(", #error = :e");
            names.put("#error", "error");
            values.put(":e", WorkflowStore.s(error.length() > 1000 ? error.substring(0, 1000) + "…" : error));
        }
        TransactWriteItem marker = TransactWriteItem.builder().update(Update.builder().tableName(tableName())
                .key(WorkflowStore.memberKey(batchId, shard, memberId)).updateExpression(set.toString())
                .conditionExpression("#state = :pending").expressionAttributeNames(names)
                .expressionAttributeValues(values).build()).build();
        TransactWriteItem counter = TransactWriteItem.builder().update(Update.builder().tableName(tableName())
                .key(WorkflowStore.shardKey(batchId, shard)).updateExpression("ADD #c :one")
                .expressionAttributeNames(Map.of("#c", counterOf(state)))
                .expressionAttributeValues(Map.of(":one", WorkflowStore.n(1))).build()).build();
        int failed = store.transact(List.of(marker, counter));
        if (failed == 0) {
            // counted before: a duplicate, or a later cycle of a redriven member. Counts and callbacks stay as they are.
            store.update(WorkflowStore.memberKey(batchId, shard, memberId), "SET lastState = :s",
                    "attribute_exists(#state) AND #state <> :s", Map.of("#state", "state"), Map.of(":s", WorkflowStore.s(state.name())));
        }
        if (state == JobStatus.FAILED) fireFailureIfDue(batchId);
        Map<String, AttributeValue> counts = store.get(WorkflowStore.shardKey(batchId, shard));
        if (counts == null || pending(counts) <= 0) completeIfDone(batchId);
    }

    private void fireFailureIfDue(String batchId) {
        Map<String, AttributeValue> meta = store.get(WorkflowStore.batchKey(batchId));
        if (meta != null) fire(meta, "onFailure");
    }

    /** Completes the batch when it is sealed and nothing is pending; re-runnable after a crash at any point. */
    void completeIfDone(String batchId) {
        Map<String, AttributeValue> meta = store.get(WorkflowStore.batchKey(batchId));
        if (meta == null || !Boolean.TRUE.equals(meta.get("sealed").bool()) || meta.containsKey("creating")) return;
        // a repair in progress: the page in flight may not be counted yet; the repair completes the batch itself
        if (meta.containsKey("abandonedAt") && !meta.containsKey("notEnqueued")) return;
        BatchStatus status = status(meta);
        if (status.pending() > 0) return;
        // members never enqueued fail the batch, unless someone cancelled it (then they are part of what was cancelled)
        boolean failed = status.failed() > 0 || (status.notEnqueued() > 0 && !status.cancelRequested());
        String outcome = failed ? "FAILED" : status.cancelled() > 0 ? "CANCELLED" : "SUCCEEDED";
        // the outcome first, so a callback's summary() shows it; a crash after it is safe: the callbacks' own flags,
        // not the outcome, decide whether a later check still fires them
        Instant at = clock.instant();
        AttributeValue ttl = store.expiry(at);
        boolean first = store.update(WorkflowStore.batchKey(batchId), "SET outcome = :o, completedAt = :t, #ttl = :ttl",
                "attribute_not_exists(outcome)", Map.of("#ttl", io.jobkit.client.topology.JobTable.TTL_ATTRIBUTE),
                Map.of(":o", WorkflowStore.s(outcome), ":t", WorkflowStore.s(at.toString()), ":ttl", ttl));
        if (first) {
            // the counters go with the batch item; only the check that completed the batch writes them
            int shards = Integer.parseInt(meta.get("shards").n());
            for (int s = 0; s < shards; s++) {
                store.update(WorkflowStore.shardKey(batchId, s), "SET #ttl = :ttl", null,
                        Map.of("#ttl", io.jobkit.client.topology.JobTable.TTL_ATTRIBUTE), Map.of(":ttl", ttl));
            }
        }
        if (failed) fire(meta, "onFailure");
        if (outcome.equals("SUCCEEDED")) fire(meta, "onSuccess");
        fire(meta, "onComplete");
        report(meta, batchId, outcome, status);
    }

    /** Tells the parent batch or chain that this batch completed (idempotent on their side). */
    private void report(Map<String, AttributeValue> meta, String batchId, String outcome, BatchStatus status) {
        JobStatus state = JobStatus.valueOf(outcome);
        String reason = state == JobStatus.SUCCEEDED ? null : "batch " + batchId + ": " + status.failed() + " failed, "
                + status.cancelled() + " cancelled of " + status.total()
                + (status.notEnqueued() > 0 ? ", " + status.notEnqueued() + " never enqueued (its creator stopped)" : "");
        if (meta.containsKey("parentBatch")) {
            recordTerminal(meta.get("parentBatch").s(), batchId, state, summary(status), reason);
        }
        if (meta.containsKey("parentChain")) {
            chains.onStepTerminal(meta.get("parentChain").s(), Integer.parseInt(meta.get("parentStep").n()), batchId,
                    state, reason);
        }
    }

    /**
     * Enqueues one callback if the batch has it and it has not fired: under a job id derived from the batch (so a
     * concurrent second check returns the same job), then flags it on the batch item so no later check enqueues again.
     */
    private void fire(Map<String, AttributeValue> meta, String which) {
        if (meta.containsKey("cb_" + which)) return;
        String batchId = meta.get("id").s();
        EnqueueRequest request = callback(codec.decodeOptions(FlowCodec.read(meta.get("spec").s())), which);
        if (request == null) return;
        String jobId = batchId + "." + which;
        EnqueueRequest withId = EnqueueRequest.of(request.type(), request.payload(),
                request.options().toBuilder().jobId(jobId).build());
        String traceId = meta.containsKey("traceId") ? meta.get("traceId").s() : null;
        enqueuer.enqueue(withId, new Envelope.Context(traceId, batchId, null, null, null, batchId));
        store.update(WorkflowStore.batchKey(batchId), "SET #cb = :id", "attribute_not_exists(#cb)",
                Map.of("#cb", "cb_" + which), Map.of(":id", WorkflowStore.s(jobId)));
        LOG.info("batch {}: {} callback enqueued as job {}", batchId, which, jobId);
    }

    // ---- read ----------------------------------------------------------------------------------------------

    Optional<BatchStatus> status(String batchId) {
        Map<String, AttributeValue> meta = store.get(WorkflowStore.batchKey(batchId));
        return meta == null ? Optional.empty() : Optional.of(status(meta));
    }

    private BatchStatus status(Map<String, AttributeValue> meta) {
        String id = meta.get("id").s();
        int shards = Integer.parseInt(meta.get("shards").n());
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (int s = 0; s < shards; s++) keys.add(WorkflowStore.shardKey(id, s));
        long added = 0, succeeded = 0, failed = 0, cancelled = 0;
        for (Map<String, AttributeValue> c : store.getAll(keys)) {
            added += num(c, "added");
            succeeded += num(c, "succeeded");
            failed += num(c, "failed");
            cancelled += num(c, "cancelled");
        }
        Map<String, String> callbacks = new LinkedHashMap<>();
        for (String cb : CALLBACKS) {
            if (meta.containsKey("cb_" + cb)) callbacks.put(cb, meta.get("cb_" + cb).s());
        }
        return new BatchStatus(id, added, added - succeeded - failed - cancelled, succeeded, failed, cancelled,
                Boolean.TRUE.equals(meta.get("sealed").bool()), str(meta, "outcome"), callbacks,
                Boolean.TRUE.equals(meta.get("cancelled").bool()), str(meta, "parentBatch"), str(meta, "parentChain"),
                instant(meta, "createdAt"), instant(meta, "completedAt"), num(meta, "notEnqueued"),
                str(meta, "abandonReason"));
    }

    /**
     * Members shard by shard, in id order within a shard. The cursor names the shard and the last item read.
     */
    MemberPage members(String batchId, String cursor, int limit) {
        if (limit < 1 || limit > 1000) throw new JobValidationException("limit " + limit + " is out of range; use 1 to 1000");
        Integer shards = shards(batchId);
        if (shards == null) throw new JobValidationException("batch " + batchId + " does not exist");
        int shard = 0;
        String after = null;
        if (cursor != null) {
            try {
                String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                int colon = text.indexOf(':');
                shard = Integer.parseInt(text.substring(0, colon));
                after = text.substring(colon + 1);
                if (after.isEmpty()) after = null;
            } catch (RuntimeException e) {
                throw new JobValidationException("cursor '" + cursor + "' is not one jobkit issued; pass the nextCursor"
                        + " of the previous page");
            }
        }
        List<MemberResult> out = new ArrayList<>();
        while (shard < shards && out.size() < limit) {
            QueryResponse page = store.members(batchId, shard, after, limit - out.size(), null);
            page.items().forEach(i -> out.add(member(i)));
            if (page.lastEvaluatedKey() != null && !page.lastEvaluatedKey().isEmpty()) {
                after = page.lastEvaluatedKey().get("sk").s();
            } else {
                shard++;
                after = null;
            }
        }
        String next = shard >= shards ? null : Base64.getUrlEncoder().withoutPadding()
                .encodeToString((shard + ":" + (after == null ? "" : after)).getBytes(StandardCharsets.UTF_8));
        return new MemberPage(out, next);
    }

    private static MemberResult member(Map<String, AttributeValue> i) {
        return new MemberResult(str(i, "member"), str(i, "kind"), str(i, "state"), FlowCodec.read(str(i, "result")),
                str(i, "error"), instant(i, "finishedAt"), str(i, "lastState"));
    }

    /** The summary a callback or parent sees, as JSON. */
    static JsonNode summary(BatchStatus s) {
        ObjectNode n = EnvelopeCodec.mapper().createObjectNode();
        n.put("batchId", s.id());
        n.put("total", s.total());
        n.put("succeeded", s.succeeded());
        n.put("failed", s.failed());
        n.put("cancelled", s.cancelled());
        if (s.notEnqueued() > 0) n.put("notEnqueued", s.notEnqueued());
        return n;
    }

    // ---- cancel --------------------------------------------------------------------------------------------

    WorkflowCancelResult cancel(String batchId) {
        Map<String, AttributeValue> meta = store.get(WorkflowStore.batchKey(batchId));
        if (meta == null) return new WorkflowCancelResult(batchId, "NOT_FOUND", 0, 0);
        if (meta.containsKey("outcome")) return new WorkflowCancelResult(batchId, "ALREADY_FINISHED", 0, 0);
        // cancelling also seals: a batch whose creator died mid-enqueue (never sealed) can still complete, and a
        // live creator stops at its next page
        // it stays listed as being created: if its creator died half-way, the reconciler still settles the page it
        // left (members counted but never started would otherwise stay pending); a live creator unlists it
        store.update(WorkflowStore.batchKey(batchId), "SET cancelled = :t, sealed = :t", null, Map.of(),
                Map.of(":t", AttributeValue.fromBool(true)));
        int shards = Integer.parseInt(meta.get("shards").n());
        int cancelled = 0, requested = 0;
        for (int s = 0; s < shards; s++) {
            String after = null;
            do {
                QueryResponse page = store.members(batchId, s, after, 500, "PENDING");
                for (Map<String, AttributeValue> i : page.items()) {
                    String id = str(i, "member");
                    String kind = str(i, "kind");
                    if ("chain".equals(kind)) {
                        if ("CANCELLED".equals(chains.cancel(id).outcome())) cancelled++;
                    } else if ("batch".equals(kind)) {
                        if ("CANCELLED".equals(cancel(id).outcome())) cancelled++;
                    } else {
                        CancelResult r = cancelJob.apply(id);
                        if (r.outcome() == CancelResult.Outcome.CANCELLED) {
                            // its message may never come back (a deleted schedule): count it here
                            recordTerminal(batchId, id, JobStatus.CANCELLED, null, "batch " + batchId + " was cancelled");
                            cancelled++;
                        } else if (r.outcome() == CancelResult.Outcome.CANCEL_REQUESTED) {
                            requested++;
                        }
                    }
                }
                after = page.lastEvaluatedKey() == null || page.lastEvaluatedKey().isEmpty() ? null
                        : page.lastEvaluatedKey().get("sk").s();
            } while (after != null);
        }
        completeIfDone(batchId);
        return new WorkflowCancelResult(batchId, "CANCELLED", cancelled, requested);
    }

    // ---- repair of a batch whose creator stopped -----------------------------------------------------------

    /**
     * Settles batch {@code meta}, listed as being created, if its creator has been silent (no beat) for longer than
     * {@code olderThan} (at least {@link #CREATOR_SILENCE}; a live creator beats every {@link #BEAT_EVERY}):
     * <ol>
     *   <li>Mark it given up ({@code abandonedAt}), conditional on the beat it was judged by: a creator that beats
     *       meanwhile wins, and one that was only slow fails its next beat and stops. The batch is not sealed yet, so no
     *       check can complete it before the page in flight is settled; it stays listed until the repair is done, and
     *       a repair that dies half-way is resumed by the next run (every step below is idempotent).</li>
     *   <li>The page in flight: if the creator passed its gate ({@code pageWritten}), every item of the page exists;
     *       they are counted (conditional on the shard's {@code lastPage}, so a creator that counted a shard is not
     *       counted twice) and each PENDING one is settled ({@link #settle}). Otherwise the page was never counted and
     *       nothing of it started: its items are removed.</li>
     *   <li>Record the creator's members never written or removed as {@code notEnqueued} and seal, in one write;
     *       complete the batch when nothing is pending (FAILED: {@code onFailure} and {@code onComplete}, never
     *       {@code onSuccess}; CANCELLED if someone cancelled it), then unlist it.</li>
     * </ol>
     * A batch whose creator was done ({@code creating} removed: sealed, or stopped for a cancel) but had not unlisted
     * it yet (it died in between) is completed if due and unlisted.
     */
    Repair repairAbandoned(Map<String, AttributeValue> meta, Instant now, java.time.Duration olderThan, boolean dryRun) {
        String id = meta.get("id").s();
        boolean cancelled = Boolean.TRUE.equals(meta.get("cancelled").bool());
        if (!meta.containsKey("abandonedAt")) {
            if (!meta.containsKey("creating")) {
                // its creator finished (sealed, or stopped for a cancel) but had not unlisted it: housekeeping
                if (!dryRun) {
                    completeIfDone(id);
                    unlist(WorkflowStore.batchKey(id));
                }
                return Repair.NOT_STALE;
            }
            Instant beat = Instant.parse(meta.get("creatorBeatAt").s());
            java.time.Duration silence = olderThan.compareTo(CREATOR_SILENCE) > 0 ? olderThan : CREATOR_SILENCE;
            if (!beat.plus(silence).isBefore(now)) return Repair.NOT_STALE;
            if (dryRun) return Repair.REPAIRED;
            long pages = Math.max(1, (num(meta, "expected") + PAGE - 1) / PAGE);
            String reason = "its creator stopped: no beat since " + beat + ", when it was on page "
                    + (num(meta, "pageInFlight") + 1) + " of " + pages + " (" + num(meta, "writtenBefore") + " of "
                    + num(meta, "expected") + " members were started before that page)";
            boolean mine = store.update(WorkflowStore.batchKey(id), "SET abandonedAt = :now, abandonReason = :r",
                    "creatorBeatAt = :beat AND attribute_exists(creating) AND attribute_not_exists(abandonedAt)"
                            + " AND attribute_not_exists(outcome)",
                    Map.of(), Map.of(":now", WorkflowStore.s(now.toString()), ":r", WorkflowStore.s(reason),
                            ":beat", meta.get("creatorBeatAt")));
            if (!mine) return Repair.LOST_RACE;
            LOG.warn("reconciler: batch {} given up: {}", id, reason);
        } else if (dryRun) {
            return Repair.REPAIRED;
        }
        int shards = Integer.parseInt(meta.get("shards").n());
        long page = num(meta, "pageInFlight");
        boolean written = meta.containsKey("pageWritten") && num(meta, "pageWritten") == page;
        long inPage = 0;
        int failedUnstarted = 0;
        for (int s = 0; s < shards; s++) {
            List<Map<String, AttributeValue>> items = store.membersOfPage(id, s, page);
            if (items.isEmpty()) continue;
            if (!written) {
                discard(items);
                continue;
            }
            inPage += items.size();
            countPage(id, s, page, items.size());
            for (Map<String, AttributeValue> item : items) {
                if ("PENDING".equals(str(item, "state")) && settle(id, item)) failedUnstarted++;
            }
        }
        long notEnqueued = Math.max(0, num(meta, "expected") - num(meta, "writtenBefore") - inPage);
        store.update(WorkflowStore.batchKey(id), "SET notEnqueued = :n, sealed = :t REMOVE creating", null, Map.of(),
                Map.of(":n", WorkflowStore.n(notEnqueued), ":t", AttributeValue.fromBool(true)));
        LOG.warn("reconciler: batch {}: page {} {}, {} member(s) of it failed as never started; {} member(s) never"
                + " enqueued", id, page + 1, written ? "counted (" + inPage + " members)" : "never counted, removed",
                failedUnstarted, notEnqueued);
        if (notEnqueued > 0 && !cancelled) fireFailureIfDue(id);
        completeIfDone(id);
        unlist(WorkflowStore.batchKey(id));
        return Repair.REPAIRED;
    }

    /**
     * A PENDING member of the counted page in flight: counts its outcome if it has one already (its record is
     * terminal, but the creator stopped before counting it), fails it if it provably never started, and otherwise
     * leaves it to report itself. True when it was failed as never started.
     * <ul>
     *   <li>A chain or batch member started if its item exists (a started batch is repaired on its own).</li>
     *   <li>A job member started if its record exists: the record is written before the send at {@code full}, and at
     *       its first claim at {@code lean}. A QUEUED record whose message never left is re-sent by the reconciler's
     *       job repair.</li>
     *   <li>A job member with no record: at {@code full} it never started. Tracked {@code lean} or {@code none},
     *       nothing shows whether it was sent and not yet claimed; it is failed too, with a reason that says so: if
     *       it was sent it still runs, and its outcome shows as the member's {@code lastState}.</li>
     * </ul>
     */
    private boolean settle(String batchId, Map<String, AttributeValue> item) {
        String member = str(item, "member");
        String kind = str(item, "kind");
        String stopped = "its batch's creator stopped before starting it";
        if ("chain".equals(kind) || "batch".equals(kind)) {
            Map<String, AttributeValue> key = "chain".equals(kind) ? WorkflowStore.chainKey(member) : WorkflowStore.batchKey(member);
            if (store.get(key) != null) return false;
            recordTerminal(batchId, member, JobStatus.FAILED, null, stopped);
            return true;
        }
        Optional<io.jobkit.client.Job> record = jobs.get(member);
        if (record.isPresent()) {
            io.jobkit.client.Job job = record.get();
            if (job.isTerminal()) {
                recordTerminal(batchId, member, job.status(), job.result(),
                        job.lastError() == null ? null : job.lastError().message());
            }
            return false;
        }
        boolean untracked = item.containsKey("untracked") && Boolean.TRUE.equals(item.get("untracked").bool());
        recordTerminal(batchId, member, JobStatus.FAILED, null, untracked
                ? "its batch's creator stopped while sending it, and it is not tracked at enqueue, so nothing shows"
                + " whether it was sent; if it was, it still runs and its outcome shows as lastState"
                : stopped);
        return true;
    }

    /** Adds a creator page's members to a shard's count once: the creator or a repair, whichever comes first. */
    private void countPage(String batchId, int shard, long page, long members) {
        store.update(WorkflowStore.shardKey(batchId, shard), "ADD added :k SET lastPage = :p",
                "attribute_not_exists(lastPage) OR lastPage < :p", Map.of(),
                Map.of(":k", WorkflowStore.n(members), ":p", WorkflowStore.n(page)));
    }

    private void unlist(Map<String, AttributeValue> key) {
        store.update(key, "REMOVE #ps, #ck", null, WorkflowStore.OPEN_INDEX_NAMES, Map.of());
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private Integer shards(String batchId) {
        Integer n = shardCounts.get(batchId);
        if (n != null) return n;
        Map<String, AttributeValue> meta = store.get(WorkflowStore.batchKey(batchId));
        if (meta == null) return null;
        n = Integer.parseInt(meta.get("shards").n());
        if (shardCounts.size() > 10_000) shardCounts.clear(); // a bound, not a cache policy: the count never changes
        shardCounts.put(batchId, n);
        return n;
    }

    private String tableName() {
        return store.table();
    }

    void validate(List<Flow> members, String what) {
        for (int i = 0; i < members.size(); i++) {
            Flow f = members.get(i);
            if (f == null) throw new JobValidationException(what + " " + (i + 1) + " is null");
            try {
                if (f instanceof Flow.Job j) validateJob(j.request(), null);
                else if (f instanceof Flow.Chain c) validate(c.steps(), "step");
                else if (f instanceof Flow.Batch b) validate(b.members(), "member");
            } catch (JobValidationException e) {
                throw new JobValidationException(what + " " + (i + 1) + ": " + e.getMessage());
            }
        }
    }

    private void validateJob(EnqueueRequest r, String what) {
        try {
            enqueuer.preparer().prepare(r, null, "validation");
        } catch (JobValidationException e) {
            if (what == null) throw e;
            throw new JobValidationException(what + ": " + e.getMessage());
        }
    }

    static String kind(Flow f) {
        return f instanceof Flow.Job ? "job" : f instanceof Flow.Chain ? "chain" : "batch";
    }

    private static EnqueueRequest callback(BatchOptions o, String which) {
        return switch (which) {
            case "onSuccess" -> o.onSuccess();
            case "onComplete" -> o.onComplete();
            default -> o.onFailure();
        };
    }

    private static String counterOf(JobStatus state) {
        return switch (state) {
            case SUCCEEDED -> "succeeded";
            case FAILED -> "failed";
            case CANCELLED -> "cancelled";
            default -> throw new IllegalArgumentException(state + " is not terminal");
        };
    }

    private static long pending(Map<String, AttributeValue> c) {
        return num(c, "added") - num(c, "succeeded") - num(c, "failed") - num(c, "cancelled");
    }

    static long num(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
    }

    static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    static Instant instant(Map<String, AttributeValue> item, String name) {
        String s = str(item, name);
        return s == null ? null : Instant.parse(s);
    }
}
