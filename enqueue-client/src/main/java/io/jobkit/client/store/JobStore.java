package io.jobkit.client.store;

import io.jobkit.client.Job;
import io.jobkit.client.JobError;
import io.jobkit.client.JobStatus;
import io.jobkit.client.JobTransition;
import io.jobkit.client.JobkitException;
import io.jobkit.client.TrackingLevel;
import io.jobkit.client.topology.JobTable;
import io.jobkit.client.topology.StatusShards;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The jobs table. Every state change is one conditional UpdateItem whose condition names the transition's source
 * states ({@link JobTransition#from()}); losing a race returns {@link TransitionResult.Conflict} with the record as
 * it was, never a generic exception. Used by {@code JobClient} and by the worker runtimes.
 */
public final class JobStore implements AutoCloseable {
    /** Log lines kept on a job record. */
    public static final int MAX_LOG_LINES = 20;
    /** How long a stored envelope (payload) outlives the job's due time: SQS's longest retention. */
    static final Duration ENVELOPE_GRACE = Duration.ofDays(14);
    /**
     * The least time a FAILED record is kept: SQS's longest message retention, so it is at least the retention of
     * any DLQ. A FAILED job's message sits in its DLQ, and a message's age counts from its first send, so it expires
     * from the DLQ no later than this after the record failed. Kept shorter, a late redrive would find no record and
     * run as a brand-new job (a second cycle nobody can trace); kept this long, it is claimed as a redrive of the
     * FAILED record. Applies to FAILED only: SUCCEEDED and CANCELLED records have no DLQ copy to wait for.
     */
    public static final Duration FAILED_MIN_RETENTION = Duration.ofDays(14);
    /** SQS visibility has whole-second precision: a retry arriving this much before its time is on time. */
    public static final Duration EARLY_TOLERANCE = Duration.ofSeconds(1);
    private static final int LISTING_THREADS = 8;

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;
    private final Duration retention;
    private final JobWriter writer;
    private final StatusListing listing;
    private final ThreadPoolExecutor listingPool;
    private final TrackingLevel level;
    private final StatusShards shards;
    /** The record whose outcome writes ask for nothing back ({@link #holding}), or null. */
    private final Job held;

    /**
     * The outcome writes of a lease holder: their caller needs to know that the write applied, not the whole record
     * (about 20 attributes, the envelope too when it is inline), so they are asked to return nothing.
     */
    private static final Set<JobTransition> OUTCOMES = java.util.EnumSet.of(JobTransition.SUCCEED, JobTransition.RETRY,
            JobTransition.FAIL, JobTransition.CANCEL_RUNNING);

    /** A view of {@code base} that writes transitions for jobs tracked at {@code level}; shares its clients and threads. */
    private JobStore(JobStore base, TrackingLevel level) {
        this(base, level, null);
    }

    private JobStore(JobStore base, TrackingLevel level, Job held) {
        this.dynamo = base.dynamo;
        this.table = base.table;
        this.clock = base.clock;
        this.retention = base.retention;
        this.writer = base.writer;
        this.listingPool = base.listingPool;
        this.listing = base.listing;
        this.shards = base.shards;
        this.level = level;
        this.held = held;
    }

    /**
     * A store that writes index keys over {@code shards.count()} shards and lists {@code shards.listing()} of them:
     * the topology's {@link io.jobkit.client.topology.Topology#statusShards()}. There is deliberately no default: a
     * store assuming 8 on a table raised to more would list only part of it.
     */
    public JobStore(DynamoDbClient dynamo, String table, Clock clock, Duration retention, StatusShards shards) {
        this.level = TrackingLevel.FULL;
        this.shards = java.util.Objects.requireNonNull(shards, "shards");
        this.held = null;
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
        this.retention = retention;
        this.writer = new JobWriter(dynamo, table, clock, retention, shards);
        // Listing fans out one query per status-index shard. The pool's threads are daemons and time out when idle,
        // so a store that is never closed holds no threads for long; close() stops them at once.
        this.listingPool = new ThreadPoolExecutor(LISTING_THREADS, LISTING_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "jobkit-listing");
            t.setDaemon(true);
            return t;
        });
        listingPool.allowCoreThreadTimeOut(true);
        this.listing = new StatusListing(dynamo, table, listingPool, shards);
    }

    /**
     * This store writing transitions for jobs tracked at {@code level}: {@code full} keeps every job in the status
     * index; {@code lean} keeps only FAILED ones there, so its claim and outcome cost one write unit each. Reads are
     * the same at every level. {@code none} has no store: asking for it is a bug.
     */
    public JobStore atLevel(TrackingLevel level) {
        if (level == TrackingLevel.NONE) {
            throw new IllegalArgumentException("jobs tracked 'none' have no DynamoDB record; do not write them to the store");
        }
        return level == this.level ? this : new JobStore(this, level);
    }

    /**
     * This store, for the worker holding the lease of {@code claimed} (the record its claim returned). The outcome
     * writes of that job ({@link #succeed}, {@link #retry}, {@link #release}, {@link #fail}, {@link #cancelRunning})
     * then ask DynamoDB for nothing back (ReturnValues NONE) instead of the whole new record: unmarshalling it was
     * the largest part of a worker's CPU beyond what the writes themselves cost (docs/readme/workercpu.md). Their
     * {@link TransitionResult.Applied} carries {@code claimed} moved to the written status, with that updatedAt,
     * finishedAt for a terminal status and no lease; what else the write set (result, error, logs, progress, the next
     * attempt's time, a released attempt's count) is not in it — read the record for those. A refused write still
     * returns the record as it was (ALL_OLD on the condition failure), which is how a write whose response was lost is
     * recognised. Other writes, and other jobs' writes, are as in this store.
     */
    public JobStore holding(Job claimed) {
        return new JobStore(this, level, java.util.Objects.requireNonNull(claimed, "claimed"));
    }

    /** The tracking level this store writes transitions for. */
    public TrackingLevel level() {
        return level;
    }

    /** Stops the listing threads; the store must not list afterwards. Does not close the DynamoDB client. */
    @Override
    public void close() {
        listingPool.shutdownNow();
    }

    /** True once {@link #close()} has run and no listing thread is left. */
    public boolean isClosed() {
        return listingPool.isTerminated();
    }

    public String table() {
        return table;
    }

    /** The status index's shards this store writes and lists. */
    public StatusShards statusShards() {
        return shards;
    }

    /** How long finished jobs are kept before DynamoDB TTL removes them (FAILED ones at least {@link #FAILED_MIN_RETENTION}). */
    public Duration retention() {
        return retention;
    }

    // ---- creation ------------------------------------------------------------------------------------------

    /**
     * A lean job's enqueue: writes nothing but its dedup key, when it has one (one conditional put), so duplicates
     * are still refused atomically; the record itself is created by the first claim.
     */
    public CreateResult createLean(NewJob job) {
        if (job.callerId()) {
            throw new io.jobkit.client.JobValidationException("a caller-chosen jobId needs tracking 'full': a lean job"
                    + " writes nothing before its first claim, so nothing would hold the id; use a dedupKey instead");
        }
        return job.dedupKey() == null ? CreateResult.created(job.id()) : writer.holdDedup(job);
    }

    /** Writes a new job (and its dedup key, atomically, when it has one). */
    public CreateResult create(NewJob job) {
        if (job.dedupKey() != null || job.callerId()) return writer.createDeduplicated(job);
        CreateResult result = writer.createAll(List.of(job)).get(0);
        if (!result.written()) {
            markUnwritten(job.id(), result.failure());
            throw new JobkitException("job " + job.id() + " could not be written (" + result.failure()
                    + "); nothing was sent, try again");
        }
        return result;
    }

    /**
     * Writes jobs without dedup keys with BatchWriteItem (12 jobs per request); jobs with dedup keys one by one.
     * One result per job, in order; a job whose items could not all be written is a failed result, and should its
     * status item have made it, that is marked FAILED — no record stays QUEUED without a message behind it.
     */
    public List<CreateResult> createAll(List<NewJob> jobs) {
        List<CreateResult> results = writer.createAll(jobs);
        for (CreateResult r : results) {
            if (!r.written()) markUnwritten(r.jobId(), r.failure());
        }
        return results;
    }

    /** Best effort: a status item written without its envelope item must not look QUEUED. */
    private void markUnwritten(String id, String failure) {
        try {
            markEnqueueFailed(id, new JobError("EnqueueFailed", "job could not be written: " + failure, null, 0));
        } catch (RuntimeException e) {
            // nothing more to do: the caller is told the job was not enqueued
        }
    }

    /** Frees a dedup key held by {@code jobId} (after its enqueue failed), so the caller can try again. */
    public void releaseDedup(String type, String dedupKey, String jobId) {
        writer.releaseDedup(type, dedupKey, jobId);
    }

    // ---- reads ---------------------------------------------------------------------------------------------

    /** The job record without its payload (one strongly consistent GetItem). */
    public Optional<Job> get(String id) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(JobItems.jobKey(id)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(JobItems.toJob(item, null));
    }

    /** The job record with its payload (one Query reading both items). */
    public Optional<Job> getWithPayload(String id) {
        Map<String, AttributeValue> job = null;
        String envelope = null;
        for (Map<String, AttributeValue> item : dynamo.query(r -> r.tableName(table).consistentRead(true)
                .keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", JobTable.PARTITION_KEY))
                .expressionAttributeValues(Map.of(":pk", JobItems.jobKey(id).get(JobTable.PARTITION_KEY)))).items()) {
            String sk = item.get(JobTable.SORT_KEY).s();
            if (JobItems.JOB_SK.equals(sk)) job = item;
            if (JobItems.ENVELOPE_SK.equals(sk)) envelope = JobItems.str(item, JobItems.ENVELOPE);
        }
        if (job != null && job.containsKey(JobItems.ENVELOPE)) envelope = JobItems.str(job, JobItems.ENVELOPE);
        return job == null ? Optional.empty() : Optional.of(JobItems.toJob(job, envelope));
    }

    /**
     * The one-time EventBridge schedule that is to send this job's next message (a SCHEDULED job's, or a RETRYING
     * job's long retry), if the record names one. A claim clears it.
     */
    public Optional<String> scheduleName(String id) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(JobItems.jobKey(id))
                .consistentRead(true).projectionExpression("#s")
                .expressionAttributeNames(Map.of("#s", JobItems.SCHEDULE_NAME))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.ofNullable(JobItems.str(item, JobItems.SCHEDULE_NAME));
    }

    /** The message body the job was enqueued with, if still stored (inline on the record, or its own item). */
    public Optional<String> envelope(String id) {
        Map<String, AttributeValue> inline = dynamo.getItem(r -> r.tableName(table).key(JobItems.jobKey(id))
                .projectionExpression("#e").expressionAttributeNames(Map.of("#e", JobItems.ENVELOPE))).item();
        if (inline != null && inline.containsKey(JobItems.ENVELOPE)) return Optional.of(JobItems.str(inline, JobItems.ENVELOPE));
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(JobItems.envelopeKey(id))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.ofNullable(JobItems.str(item, JobItems.ENVELOPE));
    }

    /**
     * Jobs in any of {@code statuses}, optionally of one type, newest first, strictly older than {@code afterKey}
     * (the {@link JobListing#lastKey()} of the previous page, or null for the first page).
     */
    public JobListing list(Set<JobStatus> statuses, String type, int limit, String afterKey) {
        return listing.list(statuses, type, limit, afterKey);
    }

    // ---- transitions used by the client --------------------------------------------------------------------

    /** QUEUED/SCHEDULED → FAILED: the message never left (send or schedule creation failed). */
    public TransitionResult markEnqueueFailed(String id, JobError error) {
        Update u = new Update();
        setError(u, error);
        return apply(id, JobTransition.ENQUEUE_FAILED, u, null);
    }

    /** SCHEDULED/QUEUED/RETRYING → CANCELLED. A RUNNING job is a {@link TransitionResult.Conflict}: see {@link #requestCancel}. */
    public TransitionResult cancel(String id) {
        Update u = new Update().remove(JobItems.NEXT_ATTEMPT_AT);
        return apply(id, JobTransition.CANCEL, u, null);
    }

    /** Flags a RUNNING job for cancellation; its worker sees the flag at its next lease extension. */
    public TransitionResult requestCancel(String id) {
        Update u = new Update().set(JobItems.CANCEL_REQUESTED, AttributeValue.fromBool(true))
                .set(JobItems.UPDATED_AT, JobItems.time(clock.instant()));
        u.condition(u.name(JobItems.STATUS) + " = " + u.value(JobItems.s(JobStatus.RUNNING.name())));
        return write(id, u);
    }

    /** FAILED → QUEUED as a fresh attempt cycle; the caller then sends the message again. */
    public TransitionResult retryManually(String id) {
        Update u = new Update().set(JobItems.ATTEMPT, JobItems.n(0)).increment(JobItems.CYCLE, 1, 1)
                .remove(JobItems.FINISHED_AT).remove(JobItems.EXPIRES_AT).remove(JobItems.RESULT)
                .remove(JobItems.CANCEL_REQUESTED);
        return apply(id, JobTransition.RETRY_MANUALLY, u, null);
    }

    // ---- transitions used by the worker runtimes ------------------------------------------------------------

    /**
     * Claims a job: from SCHEDULED or QUEUED; from RETRYING once its next attempt is due; from RUNNING when the lease
     * has expired (a stalled worker — the new attempt is counted); or creates the record when none exists. Conflict
     * otherwise, with the record, so the caller can tell a finished job from a live lease or an early message.
     */
    public TransitionResult claim(ClaimRequest c) {
        Instant now = clock.instant();
        Update u = new Update()
                .setIfAbsent(JobItems.ID, JobItems.s(c.id()))
                .setIfAbsent(JobItems.TYPE, JobItems.s(c.type()))
                .setIfAbsent(JobItems.QUEUE, JobItems.s(c.queue()))
                .setIfAbsent(JobItems.PRIORITY, JobItems.s(c.priority().name()))
                .setIfAbsent(JobItems.MAX_ATTEMPTS, JobItems.n(c.maxAttempts()))
                .setIfAbsent(JobItems.CREATED_AT, JobItems.time(now))
                .setIfAbsent(JobItems.CREATED_KEY, JobItems.s(JobItems.createdKey(now, c.id())))
                .setIfAbsent(JobItems.CYCLE, JobItems.n(1))
                .increment(JobItems.ATTEMPT, 0, 1)
                .set(JobItems.STARTED_AT, JobItems.time(now))
                .remove(JobItems.NEXT_ATTEMPT_AT)
                .remove(JobItems.SCHEDULE_NAME);
        if (c.tags() != null && !c.tags().isEmpty()) u.setIfAbsent(JobItems.TAGS, tags(c.tags()));
        if (level == TrackingLevel.LEAN) u.setIfAbsent(JobItems.TRACKING, JobItems.s(level.wireName()));
        lease(u, c.owner(), c.leaseUntil());
        String status = u.name(JobItems.STATUS);
        String nextAttempt = u.name(JobItems.NEXT_ATTEMPT_AT);
        String condition = "attribute_not_exists(" + u.name(JobTable.PARTITION_KEY) + ") OR "
                + statusIn(u, Set.of(JobStatus.SCHEDULED, JobStatus.QUEUED))
                + " OR (" + status + " = " + u.value(JobItems.s(JobStatus.RETRYING.name())) + " AND (attribute_not_exists("
                + nextAttempt + ") OR " + nextAttempt + " <= " + u.value(JobItems.time(now.plus(EARLY_TOLERANCE))) + "))"
                + " OR (" + status + " = " + u.value(JobItems.s(JobStatus.RUNNING.name())) + " AND "
                + u.name(JobItems.LEASE_EXPIRES_AT) + " < " + u.value(JobItems.time(now)) + ")";
        return apply(c.id(), JobTransition.CLAIM, u, condition);
    }

    /**
     * Claims a FAILED job whose message came back from its DLQ: a fresh attempt cycle (attempt 1). The message
     * must carry the cycle it was dead-lettered in, so a stale copy cannot start a second cycle.
     */
    public TransitionResult claimRedriven(String id, int deadLetteredCycle, String owner, Instant leaseUntil) {
        Instant now = clock.instant();
        Update u = new Update().set(JobItems.ATTEMPT, JobItems.n(1)).increment(JobItems.CYCLE, 1, 1)
                .set(JobItems.STARTED_AT, JobItems.time(now))
                .remove(JobItems.FINISHED_AT).remove(JobItems.EXPIRES_AT).remove(JobItems.RESULT)
                .remove(JobItems.CANCEL_REQUESTED);
        lease(u, owner, leaseUntil);
        String condition = statusIn(u, JobTransition.CLAIM_REDRIVEN.from()) + " AND " + u.name(JobItems.CYCLE) + " = "
                + u.value(JobItems.n(deadLetteredCycle));
        return apply(id, JobTransition.CLAIM_REDRIVEN, u, condition);
    }

    /**
     * The lease holder extends its lease and, in the same write, records progress and log lines (either may be
     * null). The result shows a pending cancel request.
     */
    public TransitionResult extendLease(String id, String owner, Instant leaseUntil, Integer progress,
                                        String progressMessage, List<String> logs) {
        Update u = new Update().set(JobItems.LEASE_EXPIRES_AT, JobItems.time(leaseUntil));
        if (progress != null) u.set(JobItems.PROGRESS, JobItems.n(progress));
        if (progressMessage != null) u.set(JobItems.PROGRESS_MESSAGE, JobItems.s(progressMessage));
        if (logs != null) u.set(JobItems.LOGS, logList(logs));
        return apply(id, JobTransition.EXTEND_LEASE, u, ownedBy(u, owner));
    }

    /** RUNNING → SUCCEEDED with the (size-checked) result JSON, or null. */
    public TransitionResult succeed(String id, String owner, String resultJson, Integer progress, List<String> logs) {
        Update u = new Update();
        if (resultJson != null) u.set(JobItems.RESULT, JobItems.s(resultJson));
        if (progress != null) u.set(JobItems.PROGRESS, JobItems.n(progress));
        if (logs != null) u.set(JobItems.LOGS, logList(logs));
        return apply(id, JobTransition.SUCCEED, u, ownedBy(u, owner));
    }

    /** RUNNING → RETRYING: the attempt failed; the next one is due at {@code nextAttemptAt}. */
    public TransitionResult retry(String id, String owner, JobError error, Instant nextAttemptAt, List<String> logs) {
        return retry(id, owner, error, nextAttemptAt, logs, null);
    }

    /**
     * RUNNING → RETRYING, recording the attempt history too.
     *
     * @param pastAttempts the record's whole attempt history after this write (the claimed record's, plus the attempt
     *                     that just failed), or null to leave it; kept at level {@code full} only, the last
     *                     {@value Job#MAX_PAST_ATTEMPTS}
     */
    public TransitionResult retry(String id, String owner, JobError error, Instant nextAttemptAt, List<String> logs,
                                  List<Job.PastAttempt> pastAttempts) {
        Update u = new Update().set(JobItems.NEXT_ATTEMPT_AT, JobItems.time(nextAttemptAt));
        setError(u, error);
        if (logs != null) u.set(JobItems.LOGS, logList(logs));
        setPastAttempts(u, pastAttempts);
        return apply(id, JobTransition.RETRY, u, ownedBy(u, owner));
    }

    private void setPastAttempts(Update u, List<Job.PastAttempt> pastAttempts) {
        if (pastAttempts == null || level != TrackingLevel.FULL) return;
        List<Job.PastAttempt> kept = pastAttempts.size() > Job.MAX_PAST_ATTEMPTS
                ? pastAttempts.subList(pastAttempts.size() - Job.MAX_PAST_ATTEMPTS, pastAttempts.size()) : pastAttempts;
        u.set(JobItems.PAST_ATTEMPTS, JobItems.pastAttempts(kept));
    }

    /**
     * RUNNING → RETRYING whose next attempt the one-time schedule {@code scheduleName} sends (a delay beyond SQS's
     * 12-hour visibility limit); a cancel finds and deletes the schedule by this name.
     */
    public TransitionResult retryViaSchedule(String id, String owner, JobError error, Instant nextAttemptAt,
                                             String scheduleName, List<String> logs) {
        return retryViaSchedule(id, owner, error, nextAttemptAt, scheduleName, logs, null);
    }

    /** {@link #retryViaSchedule}, recording the attempt history as {@link #retry(String, String, JobError, Instant, List, List)} does. */
    public TransitionResult retryViaSchedule(String id, String owner, JobError error, Instant nextAttemptAt,
                                             String scheduleName, List<String> logs, List<Job.PastAttempt> pastAttempts) {
        Update u = new Update().set(JobItems.NEXT_ATTEMPT_AT, JobItems.time(nextAttemptAt))
                .set(JobItems.SCHEDULE_NAME, JobItems.s(scheduleName));
        setError(u, error);
        if (logs != null) u.set(JobItems.LOGS, logList(logs));
        setPastAttempts(u, pastAttempts);
        return apply(id, JobTransition.RETRY, u, ownedBy(u, owner));
    }

    /**
     * RUNNING → RETRYING without counting the attempt: the worker is shutting down and hands the job back to run
     * again at once.
     */
    public TransitionResult release(String id, String owner, Instant nextAttemptAt, List<String> logs) {
        Update u = new Update().set(JobItems.NEXT_ATTEMPT_AT, JobItems.time(nextAttemptAt)).increment(JobItems.ATTEMPT, 1, -1);
        if (logs != null) u.set(JobItems.LOGS, logList(logs));
        return apply(id, JobTransition.RETRY, u, ownedBy(u, owner));
    }

    /** RUNNING → FAILED: attempts exhausted or a permanent error. */
    public TransitionResult fail(String id, String owner, JobError error, List<String> logs) {
        Update u = new Update();
        setError(u, error);
        if (logs != null) u.set(JobItems.LOGS, logList(logs));
        return apply(id, JobTransition.FAIL, u, ownedBy(u, owner));
    }

    /** RUNNING → CANCELLED by the worker holding the lease. */
    public TransitionResult cancelRunning(String id, String owner, List<String> logs) {
        Update u = new Update();
        if (logs != null) u.set(JobItems.LOGS, logList(logs));
        return apply(id, JobTransition.CANCEL_RUNNING, u, ownedBy(u, owner));
    }

    /**
     * A message that can never run (malformed, unknown type) → FAILED before any attempt. Creates the record when
     * none exists, so the reason is visible where an operator looks.
     */
    public TransitionResult reject(String id, String type, String queue, JobError error) {
        Instant now = clock.instant();
        Update u = new Update()
                .setIfAbsent(JobItems.ID, JobItems.s(id))
                .setIfAbsent(JobItems.TYPE, JobItems.s(type == null ? "unknown" : type))
                .setIfAbsent(JobItems.QUEUE, JobItems.s(queue))
                .setIfAbsent(JobItems.CREATED_AT, JobItems.time(now))
                .setIfAbsent(JobItems.CREATED_KEY, JobItems.s(JobItems.createdKey(now, id)))
                .setIfAbsent(JobItems.CYCLE, JobItems.n(1))
                .setIfAbsent(JobItems.ATTEMPT, JobItems.n(0));
        setError(u, error);
        String condition = "attribute_not_exists(" + u.name(JobTable.PARTITION_KEY) + ") OR "
                + statusIn(u, JobTransition.REJECT.from());
        return apply(id, JobTransition.REJECT, u, condition);
    }

    // ---- reconciliation -------------------------------------------------------------------------------------

    /**
     * Ids of jobs in {@code status} created before {@code createdBefore}, oldest first within each status-index
     * shard, at most {@code limit}. A record created after the cutoff cannot have been waiting longer than it, so
     * the key condition keeps the reconciler's reads proportional to the old records, not to the whole status.
     */
    public List<String> createdBefore(JobStatus status, Instant createdBefore, int limit) {
        return listing.idsCreatedBefore(status, JobItems.createdKey(createdBefore, ""), limit);
    }

    /**
     * The reconciler is about to re-send a stale job's message: bumps updatedAt (so the job counts as stale again only
     * one threshold later) on condition that the record is still exactly as the reconciler read it.
     */
    public TransitionResult touchForResend(Job seen) {
        Update u = new Update().set(JobItems.UPDATED_AT, JobItems.time(clock.instant())).increment(JobItems.VERSION, 0, 1);
        u.condition(unchanged(u, seen));
        return write(seen.id(), u);
    }

    /** Stale and nothing left to re-send: FAILED with the reason, if the record is still as the reconciler read it. */
    public TransitionResult abandon(Job seen, JobError error) {
        Update u = new Update();
        setError(u, error);
        String condition = statusIn(u, JobTransition.ABANDON.from()) + " AND " + unchanged(u, seen);
        return apply(seen.id(), JobTransition.ABANDON, u, condition);
    }

    private static String unchanged(Update u, Job seen) {
        return u.name(JobItems.STATUS) + " = " + u.value(JobItems.s(seen.status().name())) + " AND "
                + u.name(JobItems.UPDATED_AT) + " = " + u.value(JobItems.time(seen.updatedAt()));
    }

    // ---- the one write path ---------------------------------------------------------------------------------

    /**
     * Applies {@code transition}: sets the target status (and its index partition), bumps version and updatedAt,
     * stamps terminal states with finishedAt and their TTL, and conditions the write on {@code sourceCondition}
     * (default: status in the transition's source states).
     */
    private TransitionResult apply(String id, JobTransition transition, Update u, String sourceCondition) {
        Instant now = clock.instant();
        JobStatus to = transition.to();
        u.set(JobItems.STATUS, JobItems.s(to.name()));
        // the index key changes only when the phase does (see JobTable); a lean job is indexed only once FAILED.
        // The key is recomputed with this store's count on every transition, so a record written before the count
        // was raised moves to its new shard here (re-setting an unchanged key writes nothing to the index).
        if (level == TrackingLevel.FULL || to == JobStatus.FAILED) {
            u.set(JobItems.STATUS_SHARD, JobItems.s(JobItems.statusShard(to, id, shards)));
        } else {
            u.remove(JobItems.STATUS_SHARD);
        }
        u.set(JobItems.UPDATED_AT, JobItems.time(now))
                .increment(JobItems.VERSION, 0, 1);
        if (to.isTerminal()) {
            u.set(JobItems.FINISHED_AT, JobItems.time(now))
                    .set(JobItems.EXPIRES_AT, JobItems.n(expiresAt(to, now, retention).getEpochSecond()))
                    .remove(JobItems.LEASE_OWNER).remove(JobItems.LEASE_EXPIRES_AT);
        } else if (to == JobStatus.RETRYING || to == JobStatus.QUEUED) {
            u.remove(JobItems.LEASE_OWNER).remove(JobItems.LEASE_EXPIRES_AT);
        }
        u.condition(sourceCondition != null ? sourceCondition : statusIn(u, transition.from()));
        if (held != null && OUTCOMES.contains(transition) && held.id().equals(id)) {
            TransitionResult r = write(id, u, false);
            return r instanceof TransitionResult.Applied ? new TransitionResult.Applied(written(held, to, now)) : r;
        }
        return write(id, u);
    }

    /** The held record as an outcome write to {@code to} at {@code now} left it, as far as {@link #holding} promises. */
    private static Job written(Job held, JobStatus to, Instant now) {
        return new Job(held.id(), held.type(), to, held.queue(), held.priority(), held.attempt(), held.maxAttempts(),
                held.cycle(), held.progress(), held.progressMessage(), held.payload(), held.result(), held.lastError(),
                held.createdAt(), now, held.startedAt(), to.isTerminal() ? now : held.finishedAt(), held.nextAttemptAt(),
                held.runAt(), held.tags(), held.logs(), null, held.cancelRequested(), held.pastAttempts());
    }

    /** When DynamoDB TTL may remove a record that reached terminal status {@code to} at {@code now}. */
    static Instant expiresAt(JobStatus to, Instant now, Duration retention) {
        Duration keep = to == JobStatus.FAILED && retention.compareTo(FAILED_MIN_RETENTION) < 0
                ? FAILED_MIN_RETENTION : retention;
        return now.plus(keep);
    }

    private TransitionResult write(String id, Update u) {
        return write(id, u, true);
    }

    /** @param returnRecord false: ask for nothing back when the write applies; the Applied then holds no job */
    private TransitionResult write(String id, Update u, boolean returnRecord) {
        try {
            UpdateItemResponse response = dynamo.updateItem(r -> r.tableName(table).key(JobItems.jobKey(id))
                    .updateExpression(u.updateExpression())
                    .conditionExpression(u.conditionExpression())
                    .expressionAttributeNames(u.names())
                    .expressionAttributeValues(u.values())
                    .returnValues(returnRecord ? ReturnValue.ALL_NEW : ReturnValue.NONE)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return new TransitionResult.Applied(returnRecord ? JobItems.toJob(response.attributes(), null) : null);
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> old = e.hasItem() ? e.item() : null;
            if (old == null || old.isEmpty()) {
                return get(id).<TransitionResult>map(TransitionResult.Conflict::new)
                        .orElseGet(() -> new TransitionResult.NotFound(id));
            }
            return new TransitionResult.Conflict(JobItems.toJob(old, null));
        }
    }

    private static String statusIn(Update u, Set<JobStatus> states) {
        StringJoiner in = new StringJoiner(", ", u.name(JobItems.STATUS) + " IN (", ")");
        states.stream().sorted().forEach(s -> in.add(u.value(JobItems.s(s.name()))));
        return in.toString();
    }

    private static String ownedBy(Update u, String owner) {
        return u.name(JobItems.STATUS) + " = " + u.value(JobItems.s(JobStatus.RUNNING.name())) + " AND "
                + u.name(JobItems.LEASE_OWNER) + " = " + u.value(JobItems.s(owner));
    }

    private static void lease(Update u, String owner, Instant until) {
        u.set(JobItems.LEASE_OWNER, JobItems.s(owner)).set(JobItems.LEASE_EXPIRES_AT, JobItems.time(until));
    }

    private static void setError(Update u, JobError error) {
        u.set(JobItems.ERROR_TYPE, JobItems.s(error.type()))
                .set(JobItems.ERROR_MESSAGE, JobItems.s(error.message()))
                .set(JobItems.ERROR_ATTEMPT, JobItems.n(error.attempt()));
        if (error.stack() != null) u.set(JobItems.ERROR_STACK, JobItems.s(error.stack()));
        else u.remove(JobItems.ERROR_STACK);
    }

    static AttributeValue tags(Map<String, String> tags) {
        return AttributeValue.fromM(tags.entrySet().stream().collect(java.util.stream.Collectors.toMap(
                Map.Entry::getKey, e -> AttributeValue.fromS(e.getValue()))));
    }

    private static AttributeValue logList(List<String> logs) {
        List<String> last = logs.size() > MAX_LOG_LINES ? logs.subList(logs.size() - MAX_LOG_LINES, logs.size()) : logs;
        return AttributeValue.fromL(last.stream().map(AttributeValue::fromS).toList());
    }
}
