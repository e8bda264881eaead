package io.jobkit.handlers.processor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobkit.client.EnqueueRequest;
import io.jobkit.client.Job;
import io.jobkit.client.workflow.BatchCallback;
import io.jobkit.client.workflow.Workflows;
import io.jobkit.client.JobClient;
import io.jobkit.client.store.JobStore;
import io.jobkit.client.store.TransitionResult;
import io.jobkit.client.wire.Envelope;
import io.jobkit.handlers.JobContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.Level;
import io.jobkit.handlers.JobLog;
import java.util.Map;
import org.slf4j.helpers.MessageFormatter;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The {@link JobContext} of one attempt: holds progress and log lines until they are written (by a throttled
 * progress call, a heartbeat, or the outcome), and the reason the attempt was told to stop.
 */
final class RunningJob implements JobContext {
    private static final Logger JOB_LOG = LoggerFactory.getLogger("io.jobkit.job");
    private static final int MAX_LINE = 500;

    private final Job claimed;
    private final String owner;
    private final Instant deadline;
    private final JobStore store;
    private final JobClient client;
    private final Clock clock;
    private final ProcessorOptions options;
    private final AtomicReference<CancelSignal> signal = new AtomicReference<>();
    private final CompletableFuture<CancelSignal> signalled = new CompletableFuture<>();
    private final Deque<String> logs = new ArrayDeque<>();
    private Integer progress;
    private String progressMessage;
    private boolean dirty;
    private Instant lastWrite = Instant.EPOCH;
    private final Object threadLock = new Object();
    private Thread handlerThread;
    private volatile Instant runtimeDeadline;
    private final Envelope.Context origin; // chain, batch, callback, and trace headers from the enqueue
    private final ObjectMapper mapper;
    private final Workflows workflows;

    RunningJob(Job claimed, String owner, Instant deadline, JobStore store, JobClient client, Clock clock,
               ProcessorOptions options) {
        this(claimed, owner, deadline, store, client, clock, options, null, null);
    }

    /** @param origin the envelope's context (chain, batch, callback), or null; @param mapper for previous results */
    RunningJob(Job claimed, String owner, Instant deadline, JobStore store, JobClient client, Clock clock,
               ProcessorOptions options, Envelope.Context origin, ObjectMapper mapper) {
        this.origin = origin;
        this.mapper = mapper;
        this.workflows = client.workflows();
        this.claimed = claimed;
        this.owner = owner;
        this.deadline = deadline;
        this.store = store;
        this.clock = clock;
        this.options = options;
        this.client = client.withContext(new Envelope.Context(origin == null ? null : origin.traceId(), claimed.id(), null, null));
        this.logs.addAll(claimed.logs());
        this.progress = claimed.progress();
    }

    @Override
    public String jobId() {
        return claimed.id();
    }

    @Override
    public String type() {
        return claimed.type();
    }

    @Override
    public int attempt() {
        return claimed.attempt();
    }

    @Override
    public int maxAttempts() {
        return claimed.maxAttempts();
    }

    /** The attempt cycle (1, plus one per redrive or manual retry). */
    int cycle() {
        return claimed.cycle();
    }

    /**
     * The record's attempt history once this attempt has failed with {@code error} at {@code endedAt}: the history
     * the claim read (no one else writes it while we hold the lease), plus this attempt.
     */
    List<Job.PastAttempt> pastAttemptsEndingWith(io.jobkit.client.JobError error, Instant endedAt) {
        List<Job.PastAttempt> all = new ArrayList<>(claimed.pastAttempts());
        int slash = owner.lastIndexOf('/');
        String worker = slash > 0 ? owner.substring(0, slash) : owner;
        all.add(new Job.PastAttempt(claimed.attempt(), claimed.cycle(), claimed.startedAt(), endedAt, worker, error));
        return all;
    }

    @Override
    public String queue() {
        return claimed.queue();
    }

    /**
     * When the runtime itself stops (Lambda's remaining time less its margin), or null for a container worker. The
     * outcome write's retries end by then: a frozen or killed environment could not finish them anyway, and the
     * message reappears after its visibility either way.
     */
    void runtimeDeadline(Instant at) {
        this.runtimeDeadline = at;
    }

    Instant runtimeDeadline() {
        return runtimeDeadline;
    }

    @Override
    public Instant deadline() {
        return deadline;
    }

    @Override
    public Duration remaining() {
        Duration d = Duration.between(clock.instant(), deadline);
        return d.isNegative() ? Duration.ZERO : d;
    }

    @Override
    public void progress(int percent, String message) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("progress " + percent + " is out of range; use 0 to 100");
        }
        boolean writeNow;
        synchronized (this) {
            progress = percent;
            progressMessage = message;
            dirty = true;
            writeNow = percent == 100 || !clock.instant().isBefore(lastWrite.plus(options.progressInterval()));
        }
        if (writeNow) {
            try {
                flush(clock.instant().plus(options.leaseDuration()));
            } catch (RuntimeException e) {
                // a progress write is best effort: the next heartbeat or the outcome write carries it
                synchronized (this) {
                    dirty = true;
                }
                LoggerFactory.getLogger(RunningJob.class).warn("job {}: progress not saved yet ({})", claimed.id(), e.toString());
            }
        }
    }

    @Override
    public void log(String format, Object... args) {
        log(Level.INFO, MessageFormatter.arrayFormat(format, args).getMessage(), Map.of());
    }

    @Override
    public JobLog log() {
        return this::log;
    }

    @Override
    public String traceparent() {
        return origin == null ? null : origin.traceparent();
    }

    Envelope.Context origin() {
        return origin;
    }

    /**
     * One levelled line: to SLF4J with the job's MDC (put here too, since a handler may log from a thread of its own;
     * the keys it replaces are restored, so the handler thread's own MDC survives) and to the record.
     */
    private void log(Level level, String text, Map<String, ?> fields) {
        Map<String, String> before = MDC.getCopyOfContextMap();
        JobMdc.put(this);
        try {
            var event = JOB_LOG.atLevel(level);
            if (fields != null) for (Map.Entry<String, ?> f : fields.entrySet()) event = event.addKeyValue(f.getKey(), f.getValue());
            event.log(text);
        } finally {
            if (before == null) MDC.clear(); else MDC.setContextMap(before);
        }
        addLine(level, text + JobLog.render(fields));
    }

    /** Adds a line to the record's log without logging it (for the runtime's own remarks). */
    void note(String text) {
        addLine(Level.WARN, text);
    }

    /** Stored as {@code <instant> <LEVEL> <text>}: {@code jobkit logs} and the console show the level as written. */
    private synchronized void addLine(Level level, String text) {
        String line = clock.instant() + " " + level + " " + (text.length() > MAX_LINE ? text.substring(0, MAX_LINE) + "…" : text);
        logs.addLast(line);
        while (logs.size() > JobStore.MAX_LOG_LINES) logs.removeFirst();
        dirty = true;
    }

    @Override
    public boolean isCancelled() {
        return signal.get() != null;
    }

    @Override
    public String cancelReason() {
        CancelSignal s = signal.get();
        return s == null ? null : s.description();
    }

    @Override
    public JobClient client() {
        return client;
    }

    @Override
    public <T> T previousResult(Class<T> type) {
        JsonNode result = workflows.previousResult(origin);
        if (result == null || result.isNull()) return null;
        try {
            return (mapper != null ? mapper : io.jobkit.client.wire.EnvelopeCodec.mapper()).treeToValue(result, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the previous step's result does not convert to " + type.getName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    @Override
    public Optional<String> batchId() {
        return Optional.ofNullable(origin == null ? null : origin.batchId());
    }

    @Override
    public Optional<String> chainId() {
        return Optional.ofNullable(origin == null ? null : origin.chainId());
    }

    @Override
    public Optional<BatchCallback> batchCallback() {
        if (origin == null || origin.callbackOf() == null) return Optional.empty();
        String batch = origin.callbackOf();
        String id = claimed.id();
        String kind = id.startsWith(batch + ".") ? id.substring(batch.length() + 1) : "callback";
        return Optional.of(new BatchCallback(batch, kind, workflows));
    }

    @Override
    public List<String> addToBatch(List<EnqueueRequest> requests) {
        String batch = origin == null ? null : origin.batchId();
        if (batch == null) return JobContext.super.addToBatch(requests);
        return client.addToBatch(batch, requests);
    }

    /** Records the first reason to stop and interrupts the handler; later signals do not override it. */
    void signal(CancelSignal reason) {
        if (signal.compareAndSet(null, reason)) {
            synchronized (threadLock) {
                if (handlerThread != null) handlerThread.interrupt();
            }
            signalled.complete(reason);
        }
    }

    /** Completes with the first stop signal. */
    CompletableFuture<CancelSignal> signalled() {
        return signalled;
    }

    CancelSignal signal() {
        return signal.get();
    }

    void attachHandlerThread(Thread thread) {
        synchronized (threadLock) {
            this.handlerThread = thread;
        }
    }

    /** Attach and detach share a lock with the interrupt, so a signal never hits the thread's next task. */
    void detachHandlerThread() {
        synchronized (threadLock) {
            this.handlerThread = null;
        }
    }

    String owner() {
        return owner;
    }

    /** The store writing this job's transitions, at its tracking level; null for a job tracked 'none'. */
    JobStore store() {
        return store;
    }

    Job claimed() {
        return claimed;
    }

    /**
     * Extends the lease to {@code leaseUntil}, writing progress and log lines if they changed. Signals
     * {@link CancelSignal#LEASE_LOST} when another worker owns the job and {@link CancelSignal#CANCEL_REQUESTED}
     * when someone asked to cancel it.
     */
    void flush(Instant leaseUntil) {
        Integer p;
        String m;
        List<String> lines;
        synchronized (this) {
            p = dirty ? progress : null;
            m = dirty ? progressMessage : null;
            lines = dirty ? new ArrayList<>(logs) : null;
            dirty = false;
            lastWrite = clock.instant();
        }
        if (store == null) return; // tracked 'none': no record to extend; the message's visibility is the lease
        TransitionResult r = store.extendLease(claimed.id(), owner, leaseUntil, p, m, lines);
        if (r instanceof TransitionResult.Applied applied) {
            if (applied.job().cancelRequested()) signal(CancelSignal.CANCEL_REQUESTED);
        } else {
            signal(CancelSignal.LEASE_LOST);
        }
    }

    /** Progress and lines for the outcome write. */
    synchronized Integer progressForOutcome() {
        return progress;
    }

    /**
     * The lines for the outcome write, or null to leave the record's {@code logs} alone: with no line there is
     * nothing to write, since the lines start as the claimed record's and only this attempt adds to them. Skipping
     * the empty list keeps it out of every outcome request of a job that logs nothing.
     */
    synchronized List<String> logsForOutcome() {
        return logs.isEmpty() ? null : new ArrayList<>(logs);
    }
}
