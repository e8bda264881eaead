package io.jobkit.local.scheduler;

import io.jobkit.client.JobValidationException;
import io.jobkit.local.scheduler.SqsDelivery.Firing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Fires schedules from a {@link ScheduleSource} into SQS.
 *
 * <ol>
 *   <li>Each pass reads the source and reconciles: a new or changed schedule is planned afresh from its last
 *       modification (never before the engine started, so firings missed while nothing ran are not replayed for
 *       rate and cron; a missed one-time {@code at} firing fires late instead of being lost); a removed one is
 *       dropped.</li>
 *   <li>It then fires every occurrence and retry due up to the pass's instant, earliest first, each with a fresh
 *       execution id. A failed send is retried (RetryPolicy, at most {@value #LOCAL_MAX_RETRIES} times locally, 1 s,
 *       2 s, 4 s apart), then goes to the DeadLetterConfig queue or is dropped with an error logged.</li>
 *   <li>A schedule with no firings left and ActionAfterCompletion DELETE is removed from its source.</li>
 *   <li>In real time a daemon thread runs a pass at the next due time, waking at least every second (so at most ~1 s
 *       late) and at once when the source changes; {@link #runDue} lets a test clock drive the same passes.</li>
 * </ol>
 */
final class FiringEngine implements AutoCloseable {
    static final int LOCAL_MAX_RETRIES = 3;
    private static final Logger log = LoggerFactory.getLogger(FiringEngine.class);
    private static final long MAX_SLEEP_MILLIS = 1000;

    private final ScheduleSource source;
    private final SqsDelivery delivery;
    private final Clock clock;
    private final String name;
    private final Instant startedAt;
    private final Object lock = new Object();
    private final Map<String, Tracked> tracked = new HashMap<>();
    private final PriorityQueue<Retry> retries = new PriorityQueue<>(Comparator.comparing(Retry::due));
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean closed;
    private Thread thread;

    FiringEngine(ScheduleSource source, SqsDelivery delivery, Clock clock, String name) {
        this.source = source;
        this.delivery = delivery;
        this.clock = clock;
        this.name = name;
        this.startedAt = clock.instant();
    }

    private static final class Tracked {
        final ScheduleDefinition definition;
        Timing timing;
        Instant due;
        Instant lastFired;

        Tracked(ScheduleDefinition definition) {
            this.definition = definition;
        }
    }

    private record Retry(Instant due, Firing firing) {
    }

    void start() {
        thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Asks the thread for a pass now (the source changed). */
    void wake() {
        wake.release();
    }

    /** Reconciles with the source, then fires everything due up to {@code upTo}, in order. */
    void runDue(Instant upTo) {
        synchronized (lock) {
            reconcile(upTo);
            while (!closed) {
                Tracked next = null;
                for (Tracked t : tracked.values()) {
                    if (t.due != null && (next == null || t.due.isBefore(next.due))) next = t;
                }
                Retry retry = retries.peek();
                boolean retryFirst = retry != null && (next == null || !retry.due().isAfter(next.due));
                if (retryFirst && !retry.due().isAfter(upTo)) {
                    retries.poll();
                    attempt(retry.firing(), retry.due());
                } else if (next != null && !next.due.isAfter(upTo)) {
                    fire(next);
                } else {
                    return;
                }
            }
        }
    }

    private void reconcile(Instant now) {
        Set<String> seen = new HashSet<>();
        for (ScheduleDefinition d : source.schedules()) {
            seen.add(d.key());
            Tracked previous = tracked.get(d.key());
            if (previous != null && previous.definition.equals(d)) continue;
            if (previous != null && d.lastModified() != null) {
                // fire what the old definition owed before it changed, so lazily driven passes lose nothing
                Instant changed = d.lastModified().isAfter(now) ? now : d.lastModified();
                while (previous.due != null && !previous.due.isAfter(changed)) fire(previous);
            }
            Tracked t = new Tracked(d);
            t.lastFired = previous == null ? null : previous.lastFired;
            tracked.put(d.key(), t);
            try {
                t.timing = Timing.of(d);
            } catch (JobValidationException e) {
                log.warn("schedule {} cannot fire: {}", d.key(), e.getMessage());
                continue;
            }
            if (!d.enabled()) continue;
            t.due = t.timing.first(anchor(d, previous, now), t.lastFired).orElse(null);
            if (t.due == null && d.deleteAfterCompletion()) complete(t);
        }
        tracked.keySet().retainAll(seen);
    }

    /** Where a fresh plan starts: the modification time, but never before the engine started nor after now. */
    private Instant anchor(ScheduleDefinition d, Tracked previous, Instant now) {
        Instant base = d.lastModified();
        if (base == null || (previous != null && Objects.equals(previous.definition.lastModified(), base))) {
            base = now; // changed without a new modification time: plan from now
        }
        if (base.isBefore(startedAt)) base = startedAt;
        return base.isAfter(now) ? now : base;
    }

    private void fire(Tracked t) {
        Instant at = t.due;
        t.lastFired = at;
        t.due = t.timing.after(at).orElse(null);
        Firing firing = new Firing(t.definition, at, UUID.randomUUID().toString(), 1);
        log.info("firing schedule {} for {} (execution {})", t.definition.key(), at, firing.executionId());
        attempt(firing, at);
        if (t.due == null && t.definition.deleteAfterCompletion()) complete(t);
    }

    private void complete(Tracked t) {
        try {
            source.completed(t.definition);
            log.info("schedule {} completed and was deleted (ActionAfterCompletion DELETE)", t.definition.key());
        } catch (RuntimeException e) {
            log.warn("schedule {} completed but could not be deleted: {}", t.definition.key(), e.toString());
        }
    }

    private void attempt(Firing firing, Instant attemptAt) {
        try {
            delivery.send(firing);
        } catch (SqsDelivery.UnsupportedTarget e) {
            log.warn("schedule {} not fired: {}", firing.schedule().key(), e.getMessage());
        } catch (RuntimeException e) {
            ScheduleDefinition.Target target = firing.schedule().target();
            int maxRetries = Math.min(LOCAL_MAX_RETRIES,
                    target.maxRetryAttempts() == null ? Integer.MAX_VALUE : target.maxRetryAttempts());
            Duration maxAge = Duration.ofSeconds(target.maxEventAgeSeconds() == null ? 86_400 : target.maxEventAgeSeconds());
            Instant retryAt = attemptAt.plusSeconds(1L << Math.min(firing.attempt() - 1, 10));
            if (firing.attempt() > maxRetries) {
                exhausted(firing, "MaximumRetryAttempts", e);
            } else if (Duration.between(firing.scheduledTime(), retryAt).compareTo(maxAge) > 0) {
                exhausted(firing, "MaximumEventAgeInSeconds", e);
            } else {
                log.warn("schedule {} attempt {} failed, retrying at {}: {}", firing.schedule().key(), firing.attempt(),
                        retryAt, e.toString());
                retries.add(new Retry(retryAt, firing.retry()));
            }
        }
    }

    private void exhausted(Firing firing, String condition, RuntimeException error) {
        String dlq = firing.schedule().target().deadLetterArn();
        if (dlq != null) {
            try {
                delivery.deadLetter(firing, dlq, condition, error);
                log.error("schedule {} execution {} failed after {} attempt(s); sent to dead-letter queue {}: {}",
                        firing.schedule().key(), firing.executionId(), firing.attempt(), dlq, error.toString());
                return;
            } catch (RuntimeException dlqError) {
                error.addSuppressed(dlqError);
            }
        }
        log.error("schedule {} execution {} for {} DROPPED after {} attempt(s) ({}): {}", firing.schedule().key(),
                firing.executionId(), firing.scheduledTime(), firing.attempt(), condition, error.toString(), error);
    }

    private void loop() {
        while (!closed) {
            try {
                runDue(clock.instant());
            } catch (RuntimeException e) {
                log.error("scheduler pass failed; retrying in a second", e);
            }
            try {
                wake.tryAcquire(sleepMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private long sleepMillis() {
        synchronized (lock) {
            Instant next = null;
            for (Tracked t : tracked.values()) {
                if (t.due != null && (next == null || t.due.isBefore(next))) next = t.due;
            }
            Retry retry = retries.peek();
            if (retry != null && (next == null || retry.due().isBefore(next))) next = retry.due();
            if (next == null) return MAX_SLEEP_MILLIS;
            long millis = Duration.between(clock.instant(), next).toMillis();
            return Math.max(1, Math.min(MAX_SLEEP_MILLIS, millis));
        }
    }

    /** Stops the thread, waiting at most {@code timeout}. */
    void close(Duration timeout) {
        closed = true;
        wake.release();
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(timeout.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(2));
    }
}
