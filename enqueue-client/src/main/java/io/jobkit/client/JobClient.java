package io.jobkit.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobkit.client.spi.AwsClients;
import io.jobkit.client.spi.ClientRuntime;
import io.jobkit.client.internal.Enqueuer;
import io.jobkit.client.internal.JobIds;
import io.jobkit.client.internal.JobPreparer;
import io.jobkit.client.internal.ManualRetry;
import io.jobkit.client.spi.MessageSender;
import io.jobkit.client.spi.OneTimeSchedules;
import io.jobkit.client.spi.QueueDirectory;
import io.jobkit.client.internal.QueueInspector;
import io.jobkit.client.internal.RecurringSchedules;
import io.jobkit.client.internal.Reconciler;
import io.jobkit.client.internal.Redriver;
import io.jobkit.client.queues.DeadLetter;
import io.jobkit.client.queues.QueueStats;
import io.jobkit.client.queues.RedriveOptions;
import io.jobkit.client.queues.RedriveResult;
import io.jobkit.client.store.JobListing;
import io.jobkit.client.store.JobStore;
import io.jobkit.client.store.ReconcilerLease;
import io.jobkit.client.store.TransitionResult;
import io.jobkit.client.store.WorkerRegistry;
import io.jobkit.client.topology.QueueDef;
import io.jobkit.client.topology.Topology;
import io.jobkit.client.wire.Envelope;
import io.jobkit.client.wire.EnvelopeCodec;
import io.jobkit.client.workflow.BatchOptions;
import io.jobkit.client.workflow.BatchStatus;
import io.jobkit.client.workflow.ChainStatus;
import io.jobkit.client.workflow.Flow;
import io.jobkit.client.workflow.MemberPage;
import io.jobkit.client.workflow.WorkflowCancelResult;
import io.jobkit.client.workflow.Workflows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The jobkit client: enqueue jobs (now, after a delay or at a time), inspect, cancel and retry them, manage
 * recurring schedules ({@link #schedules()}), and look after queues and their DLQs. Thread-safe; build one per
 * application and share it.
 *
 * <pre>{@code
 * JobClient jobs = JobClient.fromEnvironment();
 * String id = jobs.enqueue("email.send", new SendEmail("ada@example.com"), o -> o.priority(Priority.HIGH));
 * }</pre>
 */
public final class JobClient implements JobEnqueuer, AutoCloseable {
    /** The portable SQS message size limit. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 256 * 1024;
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
    /** The largest {@code maxMessageBytes}: the envelope item must fit DynamoDB's 400 KB item limit. */
    public static final int MAX_MESSAGE_BYTES_LIMIT = 384 * 1024;
    private static final Pattern CURSOR_KEY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T[0-9:.]{12}Z#.{1,128}");
    private static final Logger LOG = LoggerFactory.getLogger(JobClient.class);
    /** EventBridge Scheduler's pattern for a target's RoleArn. */
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws(-[a-z]+)?:iam::\\d{12}:role/[\\w+=,.@/-]+");

    private final ClientRuntime runtime;
    private final Enqueuer enqueuer;
    private final Envelope.Context context;
    private final List<AutoCloseable> owned;
    private final Schedules schedules;
    private final Workflows workflows;

    private JobClient(ClientRuntime runtime, Enqueuer enqueuer, Envelope.Context context, List<AutoCloseable> owned,
                      Schedules schedules, Workflows workflows) {
        this.runtime = runtime;
        this.enqueuer = enqueuer;
        this.context = context;
        this.owned = owned;
        this.schedules = schedules;
        if (context == null) schedules.enqueueThrough(this);
        this.workflows = workflows != null ? workflows : new Workflows(runtime, enqueuer, this::cancelJob);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A client configured from the process environment; see {@link #fromEnvironment(Map)}. */
    public static JobClient fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * A client configured the AWS way: region and credentials from the default chains (or {@code AWS_REGION},
     * {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY} in {@code env}), endpoints from
     * {@code AWS_ENDPOINT_URL[_SQS|_DYNAMODB|_SCHEDULER]}, and jobkit's settings from {@code JOBKIT_*}: prefix,
     * table, schedule group, queues and routes (see {@link Topology#fromEnvironment(Map)}), {@code JOBKIT_RETENTION}
     * (e.g. {@code 7d}), {@code JOBKIT_MAX_MESSAGE_BYTES}, {@code JOBKIT_SCHEDULER_ROLE_ARN}.
     */
    public static JobClient fromEnvironment(Map<String, String> env) {
        AwsClients aws = new AwsClients(env);
        Builder b = builder().topology(Topology.fromEnvironment(env));
        String retention = env.get("JOBKIT_RETENTION");
        if (retention != null && !retention.isBlank()) b.retention(Durations.parse(retention));
        String maxBytes = env.get("JOBKIT_MAX_MESSAGE_BYTES");
        if (maxBytes != null && !maxBytes.isBlank()) {
            try {
                b.maxMessageBytes(Integer.parseInt(maxBytes.trim()));
            } catch (NumberFormatException e) {
                throw new JobValidationException("JOBKIT_MAX_MESSAGE_BYTES '" + maxBytes + "' is not a number of bytes");
            }
        }
        String roleArn = env.get("JOBKIT_SCHEDULER_ROLE_ARN");
        if (roleArn != null && !roleArn.isBlank()) b.schedulerRoleArn(roleArn.trim());
        SqsClient sqs = aws.sqs();
        DynamoDbClient dynamo = aws.dynamoDb();
        SchedulerClient scheduler = aws.scheduler();
        b.sqsClient(sqs).dynamoDbClient(dynamo).schedulerClient(scheduler);
        b.owned.addAll(List.of(sqs, dynamo, scheduler));
        return b.build();
    }

    // ---- enqueue -------------------------------------------------------------------------------------------

    /** Enqueues with default options; returns the job id. */
    @Override
    public String enqueue(String type, Object payload) {
        return enqueue(type, payload, JobOptions.defaults());
    }

    /**
     * Enqueues one job and returns its id — or, when {@code options} carry a dedup key that is live, the id of the
     * job that holds it (nothing is sent then).
     *
     * @param payload any Jackson-serialisable object, a {@code JsonNode}, or a JSON string
     * @throws JobValidationException the input is invalid; nothing was written or sent
     * @throws EnqueueException       the message could not be sent; the record is FAILED and it is safe to retry
     * @throws EnqueueOutcomeUnknownException the send's answer was lost: the message may be in SQS. The record stays
     *                                QUEUED (the reconciler re-sends it if it was not); retry with the same dedup key
     */
    @Override
    public String enqueue(String type, Object payload, JobOptions options) {
        return enqueuer.enqueue(new EnqueueRequest(type, payload, options), context);
    }

    @Override
    public String enqueue(String type, Object payload, Consumer<JobOptions.Builder> options) {
        return enqueue(type, payload, JobOptions.of(options));
    }

    /**
     * Enqueues many jobs: records in DynamoDB batches, messages in SendMessageBatch calls of 10. Returns one result
     * per request, in order; an invalid or failed item is reported in its result and never affects the others.
     */
    @Override
    public List<EnqueueResult> enqueueAll(List<EnqueueRequest> requests) {
        return enqueuer.enqueueAll(requests, context);
    }

    /**
     * Enqueues {@code items} as jobs of {@code type} in chunks of {@code batchSize} (records in DynamoDB batches,
     * messages in SendMessageBatch calls of 10): {@code total}, {@code enqueued}, and every failed item with its
     * position and reason. An invalid item fails alone.
     *
     * @param batchSize items per chunk, 1 to 1000
     */
    public EnqueueAllResult enqueueAll(String type, List<?> items, int batchSize) {
        if (batchSize < 1 || batchSize > 1000) {
            throw new JobValidationException("batchSize " + batchSize + " is out of range; use 1 to 1000");
        }
        Objects.requireNonNull(items, "items");
        io.jobkit.client.internal.JobPreparer.validateType(type);
        List<EnqueueAllResult.ItemError> failed = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        int enqueued = 0;
        for (int from = 0; from < items.size(); from += batchSize) {
            List<EnqueueRequest> chunk = new ArrayList<>();
            for (Object item : items.subList(from, Math.min(items.size(), from + batchSize))) {
                chunk.add(EnqueueRequest.of(type, item));
            }
            List<EnqueueResult> results = enqueueAll(chunk);
            for (int i = 0; i < results.size(); i++) {
                EnqueueResult r = results.get(i);
                ids.add(r.jobId());
                if (r.succeeded()) enqueued++;
                else failed.add(new EnqueueAllResult.ItemError(from + i, r.error().getMessage()));
            }
        }
        return new EnqueueAllResult(items.size(), enqueued, failed, ids);
    }

    // ---- workflows -----------------------------------------------------------------------------------------

    /**
     * Starts a chain: step n+1 is enqueued when step n succeeds and reads its result
     * ({@code ctx.previousResult(Type.class)}); a step that fails for good cancels every later step with a reason
     * naming it. A step may be a batch (a chord). Returns the chain id.
     *
     * @throws JobValidationException a step is invalid (the message names it); nothing was started
     */
    public String chain(Flow... steps) {
        return chain(List.of(steps));
    }

    public String chain(List<Flow> steps) {
        return workflows.chain(steps, context);
    }

    /**
     * Starts a batch of jobs: members are enqueued in pages (SendMessageBatch of 10) and counted exactly once when
     * they end; the options' callbacks fire once each. Returns the batch id.
     *
     * @throws JobValidationException a member or callback is invalid (the message names it); nothing was started
     */
    public String batch(List<EnqueueRequest> requests, BatchOptions options) {
        return batchOf(Flow.jobs(requests), options);
    }

    public String batch(List<EnqueueRequest> requests, Consumer<BatchOptions.Builder> options) {
        return batch(requests, BatchOptions.of(options));
    }

    /** A batch whose members may be jobs, chains and batches. */
    public String batchOf(List<Flow> members, BatchOptions options) {
        return workflows.batch(members, options, context);
    }

    /**
     * Adds members to a running batch: call it from a running member (its {@code JobContext} has the batch id), so
     * the batch, which cannot complete while that member runs, counts the additions before they are sent.
     */
    public List<String> addToBatch(String batchId, List<EnqueueRequest> requests) {
        return workflows.addToBatch(batchId, Flow.jobs(requests), context);
    }

    public Optional<BatchStatus> batchStatus(String id) {
        return workflows.batchStatus(id);
    }

    /** A page of a batch's members with their states and results; {@code cursor} null for the first page. */
    public MemberPage batchMembers(String id, String cursor, int limit) {
        return workflows.members(id, cursor, limit);
    }

    public Optional<ChainStatus> chainStatus(String id) {
        return workflows.chainStatus(id);
    }

    /** Cancels a batch's waiting members (jobs, chains, nested batches) and asks running ones to stop. */
    public WorkflowCancelResult cancelBatch(String id) {
        return workflows.cancelBatch(id);
    }

    /** Cancels a chain: its current step (a waiting job is cancelled, a running one asked to stop) and all later ones. */
    public WorkflowCancelResult cancelChain(String id) {
        return workflows.cancelChain(id);
    }

    /** The batch, chain (and step) or batch callback job {@code id} belongs to, read from its stored envelope. */
    public io.jobkit.client.workflow.Membership membership(String id) {
        requireId(id);
        Envelope.Context c = runtime.store().envelope(id).map(EnvelopeCodec::decode).map(Envelope::context).orElse(null);
        return c == null ? new io.jobkit.client.workflow.Membership(id, null, null, null, null, null)
                : new io.jobkit.client.workflow.Membership(id, c.batchId(), c.chainId(), c.step(), c.callbackOf(), c.parentId());
    }

    /** For jobkit's runtimes: the workflow hook and lookups. */
    public Workflows workflows() {
        return workflows;
    }

    /**
     * A client that stamps {@code context} (trace, parent job, chain, batch) on every job it enqueues; handlers get
     * one from their {@code JobContext} so follow-up jobs point at their parent.
     */
    public JobClient withContext(Envelope.Context context) {
        return new JobClient(runtime, enqueuer, context, List.of(), schedules, workflows);
    }

    /** Recurring schedules (create/update, get, list, pause, resume, delete); needs the scheduler configured. */
    public Schedules schedules() {
        return schedules;
    }

    // ---- inspect and manage --------------------------------------------------------------------------------

    /**
     * The job with its payload, result, last error and log lines, or empty when no such job exists. Credentials in
     * built-in {@code webhook} payloads (Authorization-like headers, the URL's path) are shown redacted; the stored
     * payload is unchanged.
     *
     * @throws JobNotTrackedException for a {@code lean} job not yet claimed, or a {@code none} job: they exist, but
     *                                there is no record to show (jobkit tells them from their ids)
     */
    public Optional<Job> get(String id) {
        requireId(id);
        Optional<Job> job = runtime.store().getWithPayload(id).map(PayloadRedaction::redact);
        if (job.isEmpty()) {
            Optional<TrackingLevel> untracked = io.jobkit.client.internal.JobIds.trackingOf(id);
            if (untracked.isPresent()) throw new JobNotTrackedException(id, untracked.get());
        }
        return job;
    }

    /** Jobs by status and/or type, newest first, one page at a time. */
    public JobPage list(JobFilter filter) {
        JobListing page = runtime.store().list(filter.statuses(), filter.type(), filter.limit(), decodeCursor(filter.cursor()));
        return new JobPage(page.jobs(), page.hasMore() ? encodeCursor(page.lastKey()) : null);
    }

    /**
     * Cancels a job. A waiting job (scheduled, queued, retrying) becomes CANCELLED at once and its message, when a
     * worker receives it, is dropped without running. A running job is asked to stop: its worker notices within one
     * lease extension, interrupts the handler and records CANCELLED.
     */
    public CancelResult cancel(String id) {
        CancelResult result = cancelJob(id);
        if (result.outcome() == CancelResult.Outcome.CANCELLED) {
            // a cancelled batch member or chain step counts now: its message may never come back (a deleted schedule)
            try {
                runtime.store().envelope(id).map(EnvelopeCodec::decode).map(Envelope::context)
                        .ifPresent(c -> workflows.afterTerminal(id, c));
            } catch (RuntimeException e) {
                LOG.warn("job {} is cancelled; its batch or chain hears of it when a worker drops its message ({})",
                        id, e.toString());
            }
        }
        return result;
    }

    private CancelResult cancelJob(String id) {
        requireId(id);
        for (int attempt = 0; attempt < 5; attempt++) {
            TransitionResult result = runtime.store().cancel(id);
            if (result instanceof TransitionResult.Applied applied) {
                deleteOneTimeSchedule(id);
                return new CancelResult(CancelResult.Outcome.CANCELLED, applied.job().status());
            }
            if (result instanceof TransitionResult.NotFound) {
                return new CancelResult(CancelResult.Outcome.NOT_FOUND, null);
            }
            Job current = ((TransitionResult.Conflict) result).current();
            if (current.status().isTerminal()) {
                return new CancelResult(CancelResult.Outcome.ALREADY_FINISHED, current.status());
            }
            if (current.status() == JobStatus.RUNNING && runtime.store().requestCancel(id).applied()) {
                return new CancelResult(CancelResult.Outcome.CANCEL_REQUESTED, JobStatus.RUNNING);
            }
            // the job moved between our reads (e.g. RUNNING → RETRYING): look again
        }
        throw new JobkitException("job " + id + " kept changing state while being cancelled; try again");
    }

    /**
     * Waits until the job finishes (SUCCEEDED, FAILED or CANCELLED) or {@code timeout} passes, reading the record
     * with a backoff from 50 ms to 1 s. Never throws for a timeout: the result says what was seen last.
     */
    public AwaitResult await(String id, Duration timeout) {
        requireId(id);
        if (timeout.isNegative()) throw new JobValidationException("await timeout must not be negative");
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 50;
        Optional<Job> job = runtime.store().get(id);
        if (job.isEmpty()) return new AwaitResult(AwaitResult.Outcome.NOT_FOUND, null);
        while (true) {
            if (job.isPresent() && job.get().isTerminal()) {
                return new AwaitResult(AwaitResult.Outcome.FINISHED, runtime.store().getWithPayload(id)
                        .map(PayloadRedaction::redact).orElse(job.get()));
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return new AwaitResult(AwaitResult.Outcome.TIMED_OUT, job.orElse(null));
            }
            try {
                Thread.sleep(Math.min(pause, Math.max(1, left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new JobkitException("interrupted while waiting for job " + id, e);
            }
            pause = Math.min(1000, pause * 2);
            job = runtime.store().get(id);
        }
    }

    /**
     * Runs a FAILED job again as a fresh attempt cycle: FAILED → QUEUED (attempt 0 of the next cycle), then its stored
     * envelope is sent to its queue. Any other state, an unknown id, or an envelope that has expired with the job's
     * retention is reported in the result and changes nothing.
     *
     * @throws EnqueueException the message could not be sent; the record is FAILED again and it is safe to retry
     */
    public RetryResult retry(String id) {
        requireId(id);
        return new ManualRetry(runtime.store(), runtime.sqs(), runtime.queues()).retry(id);
    }

    /** Depths of every queue of the topology and of its DLQ; see {@link #queueStats(String, boolean)}. */
    public List<QueueStats> queueStats() {
        QueueInspector inspector = inspector();
        return runtime.topology().queues().stream().map(q -> inspector.stats(q, false)).toList();
    }

    /**
     * Depths of one queue and its DLQ ({@code GetQueueAttributes}, approximate as SQS counts are). The oldest dead
     * letter's age comes from a sample of up to 10 DLQ messages. SQS has no "oldest message age" attribute (CloudWatch
     * has {@code ApproximateAgeOfOldestMessage}); with {@code sampleQueueAge} the queue's oldest age is estimated the
     * same way, which counts as a receive of the sampled messages (towards the redrive policy's limit), so it is off
     * by default.
     *
     * @throws JobValidationException the queue is not in the topology
     */
    public QueueStats queueStats(String queue, boolean sampleQueueAge) {
        return inspector().stats(runtime.topology().queue(queue), sampleQueueAge);
    }

    /**
     * The ARN of {@code queue}'s SQS queue (one {@code GetQueueAttributes}, then cached): what a Lambda event source
     * mapping names as its {@code EventSourceArn}.
     *
     * @throws JobValidationException the queue is not in the topology
     */
    public String queueArn(String queue) {
        return runtime.queues().arn(runtime.topology().queue(queue));
    }

    /**
     * Up to {@code limit} (1–1000) messages of {@code queue}'s DLQ, left in the DLQ: they are received and made
     * visible again at once, so for a moment (at most 30 s should this process die) they are invisible.
     */
    public List<DeadLetter> peekDeadLetters(String queue, int limit) {
        return inspector().peekDeadLetters(runtime.topology().queue(queue), limit);
    }

    /**
     * Moves the messages of {@code queue}'s DLQ back to {@code queue}, where each starts a fresh attempt cycle of its
     * FAILED job. Uses SQS {@code StartMessageMoveTask} and watches it to the end (or the options' watch timeout);
     * where the endpoint does not implement it, and for FIFO queues, a move loop that sends before it deletes.
     */
    public RedriveResult redrive(String queue, RedriveOptions options) {
        QueueDef q = runtime.topology().queue(queue);
        return new Redriver(runtime.sqs(), runtime.queues(), inspector()).redrive(q, options);
    }

    public RedriveResult redrive(String queue, Consumer<RedriveOptions.Builder> options) {
        return redrive(queue, RedriveOptions.of(options));
    }

    /**
     * Deletes every message in {@code queue}'s DLQ ({@code PurgeQueue}; SQS allows one purge per queue per 60 s).
     * Returns how many messages it held just before.
     */
    public long purgeDeadLetters(String queue) {
        return inspector().purgeDeadLetters(runtime.topology().queue(queue));
    }

    /**
     * Finds records that wait in QUEUED, SCHEDULED, RUNNING or RETRYING with nothing left to move them (the process
     * died between writing and sending, a lease lapsed and its message is gone, a retry's message or schedule was
     * lost) and repairs them: re-sends the stored message (a worker's conditional claim makes a surviving duplicate
     * harmless) or, when no message is stored any more, fails the record with the reason. It also finishes workflows
     * whose creator stopped half-way: a batch still being created with no beat from its creator is sealed with the
     * members enqueued by then (it completes FAILED, {@code BatchStatus#notEnqueued} counting the rest), and a chain
     * whose first step was never enqueued gets it. One run per table at a
     * time (a lease item); a second concurrent run reports who holds it and does nothing. Safe to run periodically,
     * e.g. every few minutes from one worker or a scheduled function; {@code jobkit reconcile} runs it once.
     */
    public ReconcileReport reconcile(ReconcileOptions options) {
        return new Reconciler(runtime.store(), new ReconcilerLease(runtime.dynamoDb(), runtime.topology().tableName(),
                runtime.clock()), runtime.sqs(), runtime.queues(), runtime.clock(), workflows::repairOpen).run(options);
    }

    public ReconcileReport reconcile(Consumer<ReconcileOptions.Builder> options) {
        return reconcile(ReconcileOptions.of(options));
    }

    /**
     * Job metrics over the last {@code window} (1 minute to 24 hours, rounded up to whole minutes, the running minute
     * included): current counts and queue depths, outcomes per minute, and per type counts, success rate and
     * duration / wait percentiles. Per-minute figures come from the runtimes' {@code STATS#<minute>} items, which a
     * runtime writes once a minute has ended (and at shutdown), so the running minute shows only what was flushed.
     */
    public io.jobkit.client.metrics.JobMetrics metrics(Duration window) {
        return new io.jobkit.client.metrics.MetricsQuery(runtime.dynamoDb(), runtime.topology(), inspector(),
                runtime.clock()).metrics(window);
    }

    /**
     * Checks every queue against {@code thresholds}: backlog, oldest waiting job, DLQ depth, DLQ growing (dead letters
     * counted by the runtimes within the growth window), and a backlog with no live worker or Lambda environment
     * serving the queue. Healthy when no check fails; each failure names its queue and says why.
     */
    public io.jobkit.client.health.HealthReport health(io.jobkit.client.health.HealthThresholds thresholds) {
        java.util.Objects.requireNonNull(thresholds, "thresholds");
        io.jobkit.client.metrics.JobMetrics now = metrics(Duration.ofMinutes(1));
        var items = new io.jobkit.client.metrics.StatsItems(runtime.dynamoDb(), runtime.topology().tableName(), Duration.ZERO);
        return io.jobkit.client.health.HealthCheck.evaluate(thresholds, now.queues(),
                io.jobkit.client.health.HealthCheck.recent(items, thresholds, runtime.clock().instant()), workers());
    }

    /** Workers (container and Lambda) that sent a heartbeat in the last 90 seconds. */
    public List<WorkerInfo> workers() {
        return new WorkerRegistry(runtime.dynamoDb(), runtime.topology().tableName(), runtime.clock())
                .live(Duration.ofSeconds(90));
    }

    public Topology topology() {
        return runtime.topology();
    }

    /** For jobkit's runtimes (worker, Lambda, CLI); not a stable API for applications. */
    public ClientRuntime runtime() {
        return runtime;
    }

    /**
     * Throttled AWS attempts this process has seen, per {@code Service.Operation}, from jobkit-built SDK clients.
     * The SDK retries them; a rising count means a table or queue needs more capacity.
     */
    public Map<String, Long> throttles() {
        return Throttles.process().snapshot();
    }

    /**
     * Stops the client's listing threads and closes the SDK clients it created itself (not ones passed to the
     * builder). A client from {@link #withContext} shares its parent's resources: closing it closes nothing.
     */
    @Override
    public void close() {
        if (owned.isEmpty()) return;
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception e) {
                // closing an HTTP client cannot fail in a way the caller could act on
            }
        }
    }

    /**
     * After a cancel: deletes the one-time schedule that was to send the job, if it has one. The job is CANCELLED
     * already, so a schedule that fires anyway (it fired meanwhile, or the delete failed) only sends a message the
     * worker drops on claim.
     */
    private void deleteOneTimeSchedule(String id) {
        OneTimeSchedules oneTime = runtime.oneTimeSchedules();
        if (oneTime == null) return;
        try {
            runtime.store().scheduleName(id).ifPresent(oneTime::delete);
        } catch (RuntimeException e) {
            LOG.warn("job {} is cancelled, but its one-time schedule could not be deleted ({}); if it fires, the worker"
                    + " drops its message", id, e.toString());
        }
    }

    private QueueInspector inspector() {
        return new QueueInspector(runtime.sqs(), runtime.queues(), runtime.clock());
    }

    private static void requireId(String id) {
        if (id == null || id.isBlank()) throw new JobValidationException("job id is empty");
    }

    private static String encodeCursor(String lastKey) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("v1:" + lastKey).getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeCursor(String cursor) {
        if (cursor == null) return null;
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.startsWith("v1:") && CURSOR_KEY.matcher(text.substring(3)).matches()) return text.substring(3);
        } catch (IllegalArgumentException e) {
            // fall through to the error below
        }
        throw new JobValidationException("cursor '" + cursor + "' is not one jobkit issued; pass the nextCursor of the previous page");
    }

    /** Builds a {@link JobClient}; the SQS and DynamoDB clients are required, everything else has a default. */
    public static final class Builder {
        private SqsClient sqs;
        private DynamoDbClient dynamo;
        private SchedulerClient scheduler;
        private Topology topology = Topology.defaults();
        private Clock clock = Clock.systemUTC();
        private Duration retention = DEFAULT_RETENTION;
        private int maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;
        private String schedulerRoleArn;
        private ObjectMapper payloadMapper = EnvelopeCodec.mapper();
        private final List<AutoCloseable> owned = new ArrayList<>();

        private Builder() {
        }

        public Builder sqsClient(SqsClient sqs) {
            this.sqs = sqs;
            return this;
        }

        public Builder dynamoDbClient(DynamoDbClient dynamo) {
            this.dynamo = dynamo;
            return this;
        }

        /** Needed for run-at times, long delays and recurring schedules. Default: none. */
        public Builder schedulerClient(SchedulerClient scheduler) {
            this.scheduler = scheduler;
            return this;
        }

        /** Default {@link Topology#defaults()}: prefix {@code jobkit}, the four priority queues. */
        public Builder topology(Topology topology) {
            this.topology = Objects.requireNonNull(topology, "topology");
            return this;
        }

        /** Default the system UTC clock; tests pass their own. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How long finished jobs stay in the table before TTL removes them. Default 7 days. */
        public Builder retention(Duration retention) {
            if (retention.compareTo(Duration.ofMinutes(1)) < 0 || retention.compareTo(Duration.ofDays(3650)) > 0) {
                throw new JobValidationException("retention " + Durations.format(retention) + " is out of range; use 1m to 3650d");
            }
            this.retention = retention;
            return this;
        }

        /**
         * Largest message accepted at enqueue, attributes included. Default 256 KiB (262,144 bytes), at most 384 KiB:
         * the message is also kept in one DynamoDB item, and DynamoDB's item limit is 400 KB.
         */
        public Builder maxMessageBytes(int maxMessageBytes) {
            if (maxMessageBytes < 1024 || maxMessageBytes > MAX_MESSAGE_BYTES_LIMIT) {
                throw new JobValidationException("maxMessageBytes " + maxMessageBytes + " is out of range; use 1024 to "
                        + MAX_MESSAGE_BYTES_LIMIT + " (jobkit keeps each message in one DynamoDB item, whose limit is 400 KB)");
            }
            this.maxMessageBytes = maxMessageBytes;
            return this;
        }

        /**
         * The IAM role EventBridge Scheduler assumes to send scheduled jobs to SQS ({@code JOBKIT_SCHEDULER_ROLE_ARN};
         * the CDK stack outputs it). Needed, with {@link #schedulerClient}, for run-at times, long delays and
         * recurring schedules. Default: none.
         */
        public Builder schedulerRoleArn(String schedulerRoleArn) {
            if (schedulerRoleArn != null && !ROLE_ARN.matcher(schedulerRoleArn).matches()) {
                throw new JobValidationException("scheduler role ARN '" + schedulerRoleArn + "' is not an IAM role ARN;"
                        + " use arn:aws:iam::<account>:role/<name>, e.g. the JobKit stack's SchedulerRoleArn output");
            }
            this.schedulerRoleArn = schedulerRoleArn;
            return this;
        }

        /** The mapper that serialises payload objects. Default: Jackson with java.time support. */
        public Builder payloadMapper(ObjectMapper payloadMapper) {
            this.payloadMapper = Objects.requireNonNull(payloadMapper, "payloadMapper");
            return this;
        }

        public JobClient build() {
            if (sqs == null) throw new JobValidationException("JobClient needs an SqsClient; call sqsClient(...) or use fromEnvironment()");
            if (dynamo == null) throw new JobValidationException("JobClient needs a DynamoDbClient; call dynamoDbClient(...) or use fromEnvironment()");
            JobStore store = new JobStore(dynamo, topology.tableName(), clock, retention, topology.statusShards());
            List<AutoCloseable> closeOnClose = new ArrayList<>(owned);
            closeOnClose.add(0, store);
            QueueDirectory queues = new QueueDirectory(sqs, topology);
            MessageSender sender = new MessageSender(sqs, maxMessageBytes);
            boolean canSchedule = scheduler != null && schedulerRoleArn != null;
            OneTimeSchedules oneTime = canSchedule ? new OneTimeSchedules(scheduler, schedulerRoleArn, queues) : null;
            ClientRuntime runtime = new ClientRuntime(sqs, dynamo, scheduler, topology, store, queues, sender, clock, oneTime);
            JobPreparer preparer = new JobPreparer(queues, payloadMapper, new JobIds(clock), clock, maxMessageBytes, canSchedule);
            RecurringSchedules recurring = canSchedule
                    ? new RecurringSchedules(scheduler, schedulerRoleArn, queues, preparer, clock, maxMessageBytes) : null;
            return new JobClient(runtime, new Enqueuer(preparer, store, sender, oneTime), null, List.copyOf(closeOnClose),
                    new Schedules(recurring, clock), null);
        }

        String schedulerRoleArn() {
            return schedulerRoleArn;
        }
    }
}
