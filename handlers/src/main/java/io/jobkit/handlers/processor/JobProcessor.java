package io.jobkit.handlers.processor;

import io.jobkit.client.Job;
import io.jobkit.client.JobClient;
import io.jobkit.client.JobError;
import io.jobkit.client.JobOptions;
import io.jobkit.client.JobStatus;
import io.jobkit.client.spi.ClientRuntime;
import io.jobkit.client.spi.OutgoingMessage;
import io.jobkit.client.TrackingLevel;
import io.jobkit.client.store.ClaimRequest;
import io.jobkit.client.store.JobStore;
import io.jobkit.client.store.TransitionResult;
import io.jobkit.client.wire.Envelope;
import io.jobkit.client.wire.EnvelopeCodec;
import io.jobkit.client.wire.MalformedEnvelopeException;
import io.jobkit.handlers.JobHandlers;
import io.jobkit.handlers.workflow.WorkflowHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns one received message into one outcome; shared by the container worker and the Lambda runtime.
 *
 * <ol>
 *   <li>Decode the envelope, find the handler, decode the payload. Anything that can never run (malformed body,
 *       unknown type, payload of the wrong shape) is rejected: recorded FAILED with the reason and dead-lettered at
 *       once, without an attempt.</li>
 *   <li>A message early for its not-before time goes back for the remaining delay, no attempt counted.</li>
 *   <li>Claim the job with one conditional write. A lost claim never runs the handler: a finished or cancelled job's
 *       copy is deleted, a live lease elsewhere puts the copy back until the lease would expire, a FAILED job runs
 *       again only for a message redriven from its DLQ in the cycle it died in. A claim that returned so late
 *       that its lease has (nearly) run out is renewed first, and runs nothing if another worker took it meanwhile.</li>
 *   <li>Run the handler under its deadline with the lease kept alive, then record the outcome ({@link
 *       OutcomeRecorder}) and only then return what to do with the message.</li>
 * </ol>
 */
public final class JobProcessor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobProcessor.class);

    private final JobClient client;
    private final ClientRuntime runtime;
    private final JobStore store;
    private final JobHandlers handlers;
    private final ProcessorOptions options;
    private final Clock clock;
    private final ExecutorService handlerThreads;
    private final ScheduledExecutorService timer;
    private final ExecutorService beatThreads;
    private final HandlerRun handlerRun;
    private final DeadLetters deadLetters;
    private final OutcomeRecorder recorder;
    private final UntrackedOutcomes untracked;
    private final PutBacks putBacks;
    private final JobObserver observer;
    private final WorkflowHook workflowHook;
    private final Set<RunningJob> running = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, Boolean> declinedTypes = new ConcurrentHashMap<>();
    private final AbandonedHandlers abandoned;
    private final ClockSkew skew;
    private volatile boolean halted;
    /** Set once by {@link #releaseAll()}: a job claimed after it is released as soon as it registers. */
    private volatile boolean releasing;

    public JobProcessor(JobClient client, JobHandlers handlers, ProcessorOptions options) {
        this(client, handlers, options, JobObserver.NONE);
    }

    /** @param observer told of every recorded outcome (metrics); see {@link JobObserver} */
    public JobProcessor(JobClient client, JobHandlers handlers, ProcessorOptions options, JobObserver observer) {
        this.observer = Objects.requireNonNull(observer, "observer");
        this.client = Objects.requireNonNull(client, "client");
        this.workflowHook = new WorkflowHook(client.workflows());
        this.runtime = client.runtime();
        this.store = runtime.store();
        this.handlers = Objects.requireNonNull(handlers, "handlers");
        this.options = Objects.requireNonNull(options, "options");
        this.clock = runtime.clock();
        this.handlerThreads = Executors.newCachedThreadPool(threads("jobkit-handler"));
        // the timer only schedules; beats run on their own threads so one slow call never delays another job's
        this.timer = Executors.newScheduledThreadPool(1, threads("jobkit-lease-timer"));
        this.beatThreads = Executors.newCachedThreadPool(threads("jobkit-lease"));
        this.abandoned = new AbandonedHandlers(options.maxAbandonedHandlers());
        this.handlerRun = new HandlerRun(handlerThreads, clock, options, abandoned);
        this.skew = new ClockSkew(clock);
        ClockSkew.checkOptions(options);
        this.deadLetters = new DeadLetters(runtime.sqs(), runtime.queues(), clock);
        this.putBacks = new PutBacks(runtime.sqs(), runtime.queues());
        // Backoff jitter from a generator seeded here, not ThreadLocalRandom's JVM-wide seeder: a Lambda SnapStart
        // snapshot would capture that seeder, and every restored environment would then jitter in lockstep.
        Random jitter = new Random();
        this.recorder = new OutcomeRecorder(store, deadLetters, runtime.oneTimeSchedules(), clock, jitter::nextDouble,
                options.leaseDuration(), d -> Thread.sleep(d.toMillis()));
        this.untracked = new UntrackedOutcomes(deadLetters, jitter::nextDouble);
    }

    public ProcessorOptions options() {
        return options;
    }

    public JobHandlers handlers() {
        return handlers;
    }

    /** Jobs whose handler is running now. */
    public int inFlight() {
        return running.size();
    }

    /**
     * Handler threads that ignored their stop signal and still run after their attempt was recorded. At
     * {@link ProcessorOptions#maxAbandonedHandlers()} the processor starts no new handlers until some end.
     */
    public int abandonedHandlers() {
        return abandoned.alive();
    }

    /** Handler threads abandoned since this processor started. */
    public long abandonedHandlersTotal() {
        return abandoned.total();
    }

    /**
     * Processes one message. Never throws for a bad message or a failing handler; if the outcome cannot be recorded
     * (DynamoDB unreachable) the message is left to reappear.
     *
     * @param runtimeDeadline when the runtime itself must stop (Lambda's remaining time less a margin), or null
     */
    public ProcessResult process(ReceivedMessage message, Instant runtimeDeadline) {
        try {
            ProcessResult result = processOrThrow(message, runtimeDeadline);
            if (result.disposition() instanceof Disposition.ReturnAfter after) {
                return new ProcessResult(result.jobId(), result.type(), result.kind(), putBacks.putBack(message, after.delay()));
            }
            return result;
        } catch (RuntimeException e) {
            return storeError(message, e);
        }
    }

    /**
     * The store (or another AWS call) failed for this message. Leaving it at the receive visibility would bring it
     * back every lease and march the backlog to the DLQ in {@code maxReceiveCount} receives with the records still
     * QUEUED; instead it goes back for a delay that grows with its receive count ({@link StoreBackoff}), and a worn
     * copy is re-sent fresh ({@link PutBacks}), so an outage only delays jobs.
     */
    private ProcessResult storeError(ReceivedMessage message, RuntimeException e) {
        Duration backoff = StoreBackoff.after(message.receiveCount());
        String id = message.attribute(OutgoingMessage.ID_ATTRIBUTE);
        if (message.queue().fifo() && message.receiveCount() >= StoreBackoff.FIFO_LAST_CHANCE) {
            LOG.error("message {} (job {}) from FIFO queue {} has been received {} times during store errors; SQS"
                    + " will dead-letter it at {} receives (FIFO copies cannot be refreshed without reordering"
                    + " their group): redrive it once the store is back", message.messageId(), id,
                    message.queue().name(), message.receiveCount(), io.jobkit.client.topology.Topology.MAX_RECEIVE_COUNT);
        }
        LOG.error("message {} (job {}) from queue {} could not be processed (receive {}); putting it back for {}",
                message.messageId(), id, message.queue().name(), message.receiveCount(), backoff, e);
        Disposition back;
        try {
            back = putBacks.putBack(message, backoff);
        } catch (RuntimeException again) {
            back = new Disposition.ReturnAfter(PutBacks.clamp(message, backoff));
        }
        return new ProcessResult(id, null, ProcessResult.Kind.ABANDONED, back);
    }

    private ProcessResult processOrThrow(ReceivedMessage m, Instant runtimeDeadline) {
        skew.observe(m);
        Envelope envelope;
        JobOptions options;
        try {
            envelope = EnvelopeCodec.decode(m.body());
            options = EnvelopeCodec.toOptions(envelope.options());
        } catch (MalformedEnvelopeException e) {
            return reject(m, m.attribute(OutgoingMessage.ID_ATTRIBUTE), m.attribute(OutgoingMessage.TYPE_ATTRIBUTE),
                    "MalformedMessage", e.getMessage(), m.queue().tracking());
        }
        envelope = XRayTrace.adopt(envelope, m.attribute(XRayTrace.ATTRIBUTE));
        // the job's own level (the enqueuer writes it into the envelope), else its queue's
        TrackingLevel level = options.tracking() != null ? options.tracking() : m.queue().tracking();
        String id = envelope.id() != null ? envelope.id() : m.messageId();
        if (!this.options.serves(envelope.type())) return notServed(m, id, envelope.type());
        JobHandlers.Registration<?, ?> registration = handlers.find(envelope.type()).orElse(null);
        if (registration == null) {
            return advanced(envelope, id, reject(m, id, envelope.type(), "UnknownJobType", "no handler for job type '"
                    + envelope.type() + "' in this worker; it handles " + handlers.types(), level));
        }
        Object payload;
        try {
            payload = registration.decode(handlers.mapper(), envelope.payload());
        } catch (IllegalArgumentException e) {
            // Registration.decode words the reason without the offending value: it is logged and dead-lettered
            return advanced(envelope, id, reject(m, id, envelope.type(), "InvalidPayload", "payload does not match "
                    + registration.payloadType().toCanonical() + ": " + e.getMessage(), level));
        }
        Instant now = clock.instant();
        if (envelope.notBefore() != null && envelope.notBefore().isAfter(now.plus(JobStore.EARLY_TOLERANCE))) {
            return early(id, envelope.type(), Duration.between(now, envelope.notBefore()));
        }
        if (level == TrackingLevel.NONE) {
            return advanced(envelope, id, runUntracked(m, envelope, id, options, registration, payload, runtimeDeadline));
        }
        return advanced(envelope, id, claimAndRun(m, envelope, id, options, registration, payload, runtimeDeadline,
                store.atLevel(level)));
    }

    /**
     * After an outcome that may be terminal (or a copy of a finished job), tells the job's chain or batch; should that
     * fail, the message comes back to try again instead of being acknowledged (see {@link WorkflowHook}).
     */
    private ProcessResult advanced(Envelope envelope, String id, ProcessResult result) {
        Envelope.Context ctx = envelope.context();
        if (ctx == null || !ctx.inWorkflow()) return result;
        ProcessResult.Kind k = result.kind();
        boolean mayBeTerminal = k == ProcessResult.Kind.SUCCEEDED || k == ProcessResult.Kind.FAILED
                || k == ProcessResult.Kind.CANCELLED || k == ProcessResult.Kind.REJECTED || k == ProcessResult.Kind.DUPLICATE;
        if (!mayBeTerminal || result.disposition() instanceof Disposition.Leave) return result;
        if (workflowHook.advance(id, ctx)) return result;
        return new ProcessResult(result.jobId(), result.type(), result.kind(), new Disposition.ReturnAfter(WorkflowHook.RETRY_AFTER));
    }

    /**
     * A type outside this worker's {@code servedTypes}: another worker on the same queue serves it. The message goes
     * back without a claim or an attempt, for {@link NotServedBackoff} (1 s, doubling with the receive count, at most
     * a minute), so a type nobody serves costs about one receive a minute per message instead of spinning. The
     * receive counts it piles up are reset by {@link PutBacks}' fresh copy, so it never reaches the DLQ this way. The
     * type is kept for the heartbeat, where {@code jobkit health} reports a type that no live worker serves.
     */
    private ProcessResult notServed(ReceivedMessage m, String id, String type) {
        if (declinedTypes.put(type, Boolean.TRUE) == null) {
            LOG.warn("job type {} arrived on queue {} but this worker serves only {}; putting such messages back for"
                    + " another worker (jobkit health reports the type if no live worker serves it)", type,
                    m.queue().name(), new java.util.TreeSet<>(options.servedTypes()));
        }
        return new ProcessResult(id, type, ProcessResult.Kind.NOT_SERVED,
                new Disposition.ReturnAfter(NotServedBackoff.after(m.receiveCount())));
    }

    /** Types this processor put back because it does not serve them, since it started. */
    public java.util.SortedSet<String> declinedTypes() {
        return new java.util.TreeSet<>(declinedTypes.keySet());
    }

    private ProcessResult claimAndRun(ReceivedMessage m, Envelope envelope, String id, JobOptions options,
                                      JobHandlers.Registration<?, ?> registration, Object payload, Instant runtimeDeadline,
                                      JobStore store) {
        if (abandoned.atLimit()) {
            // bounded: do not start another handler that might never end; the message comes back later
            LOG.error("job {}: not started, {} abandoned handler thread(s) are still running (limit {}); putting its"
                    + " message back", id, abandoned.alive(), abandoned.limit());
            return new ProcessResult(id, envelope.type(), ProcessResult.Kind.ABANDONED,
                    new Disposition.ReturnAfter(this.options.leaseDuration()));
        }
        String owner = options().workerId() + "/" + UUID.randomUUID();
        Instant leaseUntil = clock.instant().plus(this.options.leaseDuration());
        TransitionResult claim = store.claim(new ClaimRequest(id, envelope.type(), m.queue().name(), options.priority(),
                options.maxAttempts(), options.tags(), owner, leaseUntil));
        claim = OwnWrites.claimed(claim, owner);
        if (claim instanceof TransitionResult.Conflict conflict) {
            return lostClaim(m, conflict.current(), owner, leaseUntil, envelope, options, registration, payload,
                    runtimeDeadline, store);
        }
        if (!(claim instanceof TransitionResult.Applied applied)) {
            throw new IllegalStateException("claim of job " + id + " found no record, but claims create one");
        }
        TransitionResult held = leaseConfirmed(applied, owner, leaseUntil, store);
        if (held instanceof TransitionResult.Conflict taken) {
            return lostClaim(m, taken.current(), owner, leaseUntil, envelope, options, registration, payload,
                    runtimeDeadline, store);
        }
        if (!(held instanceof TransitionResult.Applied confirmed)) return unconfirmed(id, envelope.type());
        return run(m, confirmed.job(), owner, options, registration, payload, runtimeDeadline, envelope.context(), store);
    }

    /** How many times a slow claim's lease is renewed before the handler may start, before giving up. */
    static final int LEASE_CONFIRMATIONS = 3;

    /**
     * A lease runs from when this worker computed it, not from when DynamoDB applied the claim. A claim call that
     * took longer than a heartbeat — an attempt that hung until its attempt timeout, then the SDK's retry — may have
     * written a lease that had already run out, or nearly: another worker then sees it expired, claims the job, and
     * both would run the handler. So before the handler starts, a lease with less than
     * {@code lease − heartbeat} left is renewed by a write conditioned on our owner token (the first heartbeat comes
     * one interval after the start). Applied, the job is ours for a full lease; refused (a {@link TransitionResult.Conflict}),
     * another worker has it and this copy runs nothing. A renewal that is itself too slow is tried again, up to
     * {@value #LEASE_CONFIRMATIONS} times; after that the result is null and the job is not started.
     */
    private TransitionResult leaseConfirmed(TransitionResult.Applied claim, String owner, Instant leaseUntil,
                                            JobStore store) {
        Duration needed = this.options.leaseDuration().minus(this.options.heartbeatInterval());
        TransitionResult current = claim;
        Instant until = leaseUntil;
        for (int i = 0; i <= LEASE_CONFIRMATIONS; i++) {
            Duration left = Duration.between(clock.instant(), until);
            if (left.compareTo(needed) >= 0) return current;
            if (i == LEASE_CONFIRMATIONS) break;
            LOG.warn("job {}: the claim's lease has only {} left when its write returned (the call was slow);"
                    + " renewing it before the handler starts", claim.job().id(), left);
            until = clock.instant().plus(this.options.leaseDuration());
            current = OwnWrites.claimed(store.extendLease(claim.job().id(), owner, until, null, null, null), owner);
            if (!(current instanceof TransitionResult.Applied)) {
                LOG.warn("job {}: another worker took the job while our claim was slow; not running it here",
                        claim.job().id());
                return current;
            }
        }
        return null;
    }

    /** Every renewal of a slow claim was slow too: the job is not started; its lease runs out and it is claimed again. */
    private ProcessResult unconfirmed(String id, String type) {
        LOG.error("job {}: could not hold its lease for a whole heartbeat after {} renewals (the store answers too"
                + " slowly); not starting it, the message comes back once the lease has run out", id, LEASE_CONFIRMATIONS);
        return new ProcessResult(id, type, ProcessResult.Kind.ABANDONED,
                new Disposition.ReturnAfter(this.options.leaseDuration()));
    }

    private ProcessResult lostClaim(ReceivedMessage m, Job current, String owner, Instant leaseUntil, Envelope envelope,
                                    JobOptions options, JobHandlers.Registration<?, ?> registration, Object payload,
                                    Instant runtimeDeadline, JobStore store) {
        Instant now = clock.instant();
        switch (current.status()) {
            case SUCCEEDED, CANCELLED:
                return new ProcessResult(current.id(), current.type(), ProcessResult.Kind.DUPLICATE, new Disposition.Delete());
            case RUNNING: {
                Duration untilExpiry = current.lease() == null ? Duration.ZERO : Duration.between(now, current.lease().expiresAt());
                return new ProcessResult(current.id(), current.type(), ProcessResult.Kind.DUPLICATE,
                        new Disposition.ReturnAfter(atLeastOneSecond(untilExpiry.plusSeconds(1))));
            }
            case RETRYING:
                return early(current.id(), current.type(), current.nextAttemptAt() == null ? Duration.ZERO
                        : Duration.between(now, current.nextAttemptAt()));
            case FAILED:
                return failedJobMessage(m, current, owner, leaseUntil, options, registration, payload, runtimeDeadline,
                        envelope.context(), store);
            default:
                // SCHEDULED/QUEUED cannot refuse a claim; the record changed under us: try again shortly.
                return new ProcessResult(current.id(), current.type(), ProcessResult.Kind.DUPLICATE,
                        new Disposition.ReturnAfter(Duration.ofSeconds(1)));
        }
    }

    /**
     * A message for a FAILED job. Redriven from the DLQ in the cycle the job died in: a fresh attempt cycle, once —
     * a second copy of that redrive finds the job past that cycle. Any other copy (no dead-letter marker, or one from
     * another cycle) may be the only one left: a worker can stop between recording FAILED and dead-lettering, a
     * redriven message keeps its old marker, an enqueue or manual retry can fail after the record moved on. So it
     * goes (back) to the DLQ marked with the job's current cycle — a duplicate in the DLQ is harmless, a lost message
     * is not.
     */
    private ProcessResult failedJobMessage(ReceivedMessage m, Job current, String owner, Instant leaseUntil,
                                           JobOptions options, JobHandlers.Registration<?, ?> registration,
                                           Object payload, Instant runtimeDeadline, Envelope.Context origin,
                                           JobStore store) {
        int cycle = deadLetterCycle(m.attribute(DeadLetters.CYCLE_ATTRIBUTE));
        if (cycle != current.cycle()) {
            String reason = current.lastError() != null ? current.lastError().message() : "job is FAILED";
            deadLetters.move(m, current.cycle(), reason);
            return new ProcessResult(current.id(), current.type(), ProcessResult.Kind.REJECTED, new Disposition.Delete());
        }
        TransitionResult redriven = OwnWrites.claimed(store.claimRedriven(current.id(), cycle, owner, leaseUntil), owner);
        if (redriven instanceof TransitionResult.Applied applied) {
            TransitionResult held = leaseConfirmed(applied, owner, leaseUntil, store);
            if (held == null) return unconfirmed(current.id(), current.type());
            if (!(held instanceof TransitionResult.Applied confirmed)) {
                // the new cycle's lease ran out while the claim was slow and another worker holds it now
                return new ProcessResult(current.id(), current.type(), ProcessResult.Kind.DUPLICATE,
                        new Disposition.ReturnAfter(this.options.leaseDuration()));
            }
            LOG.info("job {} redriven from its DLQ: starting attempt cycle {}", current.id(), confirmed.job().cycle());
            return run(m, confirmed.job(), owner, options, registration, payload, runtimeDeadline, origin, store);
        }
        // another copy won the redrive
        return new ProcessResult(current.id(), current.type(), ProcessResult.Kind.DUPLICATE, new Disposition.Delete());
    }

    /** The cycle a dead-lettered copy died in, or -1 for a message that never went through a DLQ. */
    private static int deadLetterCycle(String marker) {
        if (marker == null) return -1;
        try {
            return Integer.parseInt(marker.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private ProcessResult run(ReceivedMessage m, Job job, String owner, JobOptions options,
                              JobHandlers.Registration registration, Object payload, Instant runtimeDeadline,
                              Envelope.Context origin, JobStore store) {
        Instant deadline = clock.instant().plus(options.timeout());
        boolean runtimeBound = runtimeDeadline != null && runtimeDeadline.isBefore(deadline);
        if (runtimeBound) deadline = runtimeDeadline;
        // the outcome write asks for nothing back: we hold the lease and the claimed record (JobStore#holding)
        RunningJob context = new RunningJob(job, owner, deadline, store.holding(job), client, clock, this.options, origin,
                handlers.mapper());
        context.runtimeDeadline(runtimeDeadline);
        if (job.cancelRequested()) {
            return observed(recorder.record(new AttemptOutcome.Cancelled("cancel requested"), context, m, options),
                    m, job, null, null);
        }
        if (job.attempt() > job.maxAttempts()) {
            // the worker running the last attempt stopped without recording an outcome
            return observed(recorder.record(new AttemptOutcome.PermanentFailure(new JobError("LeaseExpired", "attempts exhausted ("
                    + job.maxAttempts() + "): the worker running attempt " + job.maxAttempts()
                    + " stopped without recording an outcome", null, job.maxAttempts())), context, m, options),
                    m, job, null, null);
        }
        running.add(context);
        // claimed while releaseAll() ran: it missed the signal, so it takes it now and is released unrun
        if (releasing) context.signal(CancelSignal.SHUTDOWN);
        String url = runtime.queues().url(m.queue());
        try (LeaseKeeper ignored = new LeaseKeeper(context, m, url, runtime.sqs(), clock, this.options, timer, beatThreads)) {
            Instant started = clock.instant();
            AttemptOutcome outcome = handlerRun.run(handlers, registration, payload, context);
            Duration ran = Duration.between(started, clock.instant());
            if (runtimeBound) outcome = explainRuntimeTimeout(outcome, options);
            if (halted) return new ProcessResult(job.id(), job.type(), ProcessResult.Kind.ABANDONED, new Disposition.Leave());
            return observed(recorder.record(outcome, context, m, options), m, job, started, ran);
        } finally {
            running.remove(context);
        }
    }

    /**
     * A job tracked {@code none}: no claim and no record. The attempt is the message's receive count; the lease is
     * the message's visibility, extended while the handler runs; the outcome becomes a disposition through
     * {@link UntrackedOutcomes}. SQS's at-least-once delivery is all there is: a copy received twice may run twice.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private ProcessResult runUntracked(ReceivedMessage m, Envelope envelope, String id, JobOptions options,
                                       JobHandlers.Registration registration, Object payload, Instant runtimeDeadline) {
        Instant now = clock.instant();
        int attempt = Math.max(1, m.receiveCount());
        Job job = new Job(id, envelope.type(), JobStatus.RUNNING, m.queue().name(), options.priority(), attempt,
                options.maxAttempts(), 1, null, null, null, null, null, envelope.enqueuedAt(), now, now, null, null,
                envelope.notBefore(), options.tags(), null, null, false);
        Instant deadline = now.plus(options.timeout());
        boolean runtimeBound = runtimeDeadline != null && runtimeDeadline.isBefore(deadline);
        if (runtimeBound) deadline = runtimeDeadline;
        RunningJob context = new RunningJob(job, options().workerId() + "/" + UUID.randomUUID(), deadline, null, client,
                clock, this.options, envelope.context(), handlers.mapper());
        context.runtimeDeadline(runtimeDeadline);
        if (attempt > options.maxAttempts()) return observed(untracked.exhausted(context, m), m, job, null, null);
        running.add(context);
        if (releasing) context.signal(CancelSignal.SHUTDOWN);
        String url = runtime.queues().url(m.queue());
        try (LeaseKeeper ignored = new LeaseKeeper(context, m, url, runtime.sqs(), clock, this.options, timer, beatThreads)) {
            Instant started = clock.instant();
            AttemptOutcome outcome = handlerRun.run(handlers, registration, payload, context);
            Duration ran = Duration.between(started, clock.instant());
            if (runtimeBound) outcome = explainRuntimeTimeout(outcome, options);
            if (halted) return new ProcessResult(id, envelope.type(), ProcessResult.Kind.ABANDONED, new Disposition.Leave());
            return observed(untracked.record(outcome, context, m, options), m, job, started, ran);
        } finally {
            running.remove(context);
        }
    }

    /**
     * A timeout at the runtime's deadline (Lambda's remaining time less its margin) rather than the job's own: still a
     * counted, retryable failure — so a job that can never fit in the function's timeout ends in the DLQ instead of
     * looping — but the error says which limit it hit.
     */
    private static AttemptOutcome explainRuntimeTimeout(AttemptOutcome outcome, JobOptions options) {
        if (outcome instanceof AttemptOutcome.Retry r && "Timeout".equals(r.error().type())) {
            JobError e = r.error();
            return new AttemptOutcome.Retry(new JobError(e.type(), e.message() + ": the runtime's remaining time (less its"
                    + " safety margin) ran out before the job's own " + options.timeout() + " timeout; raise the"
                    + " function timeout or lower the job's", e.stack(), e.attempt()), r.delay());
        }
        return outcome;
    }

    /**
     * How a runtime puts back a message it will not start now (e.g. its job type is at its concurrency limit):
     * clamped to SQS's visibility limit, and as a fresh copy when the message is near the redrive policy's receive
     * limit. Execute the returned disposition as for {@link #process}.
     */
    public Disposition putBack(ReceivedMessage message, Duration delay) {
        return putBacks.putBack(message, delay);
    }

    /** Tells every running handler to stop because the runtime is shutting down; their jobs are released. */
    public void releaseAll() {
        releasing = true;
        running.forEach(j -> j.signal(CancelSignal.SHUTDOWN));
    }

    private ProcessResult reject(ReceivedMessage m, String id, String type, String reasonType, String reason,
                                 TrackingLevel level) {
        LOG.warn("rejecting message {} from queue {} to its DLQ: {}", m.messageId(), m.queue().name(), reason);
        int cycle = 0;
        if (id != null && level != TrackingLevel.NONE) {
            TransitionResult r = store.reject(id, type, m.queue().name(), new JobError(reasonType, reason, null, 0));
            if (r instanceof TransitionResult.Applied applied) {
                cycle = applied.job().cycle();
            } else if (r instanceof TransitionResult.Conflict c) {
                JobStatus s = c.current().status();
                if (s == JobStatus.SUCCEEDED || s == JobStatus.CANCELLED) {
                    return new ProcessResult(id, type, ProcessResult.Kind.DUPLICATE, new Disposition.Delete());
                }
                cycle = c.current().cycle();
            }
        }
        deadLetters.move(m, cycle, reason);
        return observed(new ProcessResult(id, type, ProcessResult.Kind.REJECTED, new Disposition.Delete()), m, null,
                null, null);
    }

    /** Tells the observer of a recorded outcome; returns the result unchanged whatever the observer does. */
    private ProcessResult observed(ProcessResult result, ReceivedMessage m, Job job, Instant started, Duration ran) {
        if (!result.countsAsProcessed()) return result;
        try {
            Duration wait = null;
            if (job != null && started != null && job.attempt() == 1 && job.createdAt() != null) {
                Instant ready = job.runAt() != null && job.runAt().isAfter(job.createdAt()) ? job.runAt() : job.createdAt();
                wait = ready.isAfter(started) ? Duration.ZERO : Duration.between(ready, started);
            }
            observer.onOutcome(new ObservedOutcome(m.queue().name(), result.type(), result.kind(),
                    job == null ? 0 : job.attempt(), ran, wait, clock.instant()));
        } catch (RuntimeException e) {
            LOG.warn("job observer failed for job {}; the outcome stands: {}", result.jobId(), e.toString());
        }
        return result;
    }

    private static ProcessResult early(String id, String type, Duration remaining) {
        return new ProcessResult(id, type, ProcessResult.Kind.EARLY, new Disposition.ReturnAfter(atLeastOneSecond(remaining)));
    }

    private static Duration atLeastOneSecond(Duration d) {
        long seconds = (Math.max(0, d.toMillis()) + 999) / 1000;
        return Duration.ofSeconds(Math.max(1, seconds));
    }

    @Override
    public void close() {
        releaseAll();
        timer.shutdownNow();
        beatThreads.shutdownNow();
        handlerThreads.shutdownNow();
    }

    /**
     * Stops at once without recording anything: lease extensions end, handlers are interrupted, and outcomes that
     * arrive afterwards are not written (a simulated crash, for {@code Worker.halt()}).
     */
    public void halt() {
        halted = true;
        timer.shutdownNow();
        beatThreads.shutdownNow();
        handlerThreads.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory threads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
