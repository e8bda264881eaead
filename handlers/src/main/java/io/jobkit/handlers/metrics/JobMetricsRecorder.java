package io.jobkit.handlers.metrics;

import io.jobkit.client.metrics.MinuteStats;
import io.jobkit.client.metrics.StatsItems;
import io.jobkit.handlers.processor.JobObserver;
import io.jobkit.handlers.processor.ObservedOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Per-runtime job metrics: counts and histograms per (minute, queue, type) in memory, flushed as one atomic
 * {@code STATS#<minute>} increment per key.
 *
 * <ol>
 *   <li>{@link #onOutcome} (the processor's observer) adds an outcome to its minute's key: a map update under a lock,
 *       no I/O.</li>
 *   <li>{@link #flushCompleted()} writes every minute that has ended and forgets it. Called often (the worker's timer,
 *       every Lambda invocation), it writes only when a minute has rolled over, so a runtime writes at most once a
 *       minute: one {@code UpdateItem} per (queue, type) it saw in that minute, never one per job.</li>
 *   <li>{@link #flushAll()} also writes the running minute (shutdown). A key whose write fails is merged back and tried
 *       at the next flush.</li>
 * </ol>
 * Each flushed key is also handed to the optional sink (EMF lines), so CloudWatch gets the same aggregates.
 */
public final class JobMetricsRecorder implements JobObserver {
    private static final Logger LOG = LoggerFactory.getLogger(JobMetricsRecorder.class);

    private final StatsItems items;
    private final Clock clock;
    private final Consumer<MinuteStats> flushed;
    private final Map<Key, MinuteStats> pending = new LinkedHashMap<>();

    /**
     * A pending aggregate's key. A record, not a joined string: building that string rendered the minute as ISO text
     * on every outcome, which showed in a worker's CPU profile (docs/readme/workercpu.md).
     */
    private record Key(Instant minute, String queue, String type) {
    }
    private final Object flushing = new Object();

    /** @param flushed told of each key after it was written (e.g. an EMF emitter); may be null */
    public JobMetricsRecorder(StatsItems items, Clock clock, Consumer<MinuteStats> flushed) {
        this.items = Objects.requireNonNull(items, "items");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.flushed = flushed;
    }

    /**
     * The recorder a runtime uses under {@code settings}: STATS items, plus EMF lines when {@link
     * MetricsSettings#emf()}; null when metrics are off.
     */
    public static JobMetricsRecorder forRuntime(io.jobkit.client.spi.ClientRuntime runtime, MetricsSettings settings) {
        if (!settings.enabled()) return null;
        return new JobMetricsRecorder(new StatsItems(runtime.dynamoDb(), runtime.topology().tableName(),
                settings.statsTtl()), runtime.clock(), settings.emf() ? new EmfLines(settings.emfOut()) : null);
    }

    @Override
    public void onOutcome(ObservedOutcome o) {
        Instant minute = o.at().truncatedTo(ChronoUnit.MINUTES);
        synchronized (pending) {
            MinuteStats s = pending.computeIfAbsent(new Key(minute, o.queue(), o.type()),
                    k -> new MinuteStats(minute, o.queue(), o.type()));
            switch (o.kind()) {
                case SUCCEEDED -> s.countSucceeded();
                case RETRYING -> s.countRetried();
                case FAILED, REJECTED -> {
                    s.countFailed();
                    s.countDeadLettered();
                }
                case CANCELLED -> s.countCancelled();
                default -> {
                    return; // not an outcome that is counted
                }
            }
            if (o.duration() != null) s.duration().record(o.duration().toMillis());
            if (o.queueWait() != null) s.waitTime().record(o.queueWait().toMillis());
        }
    }

    /** Writes every minute that has ended; returns how many items were written. */
    public int flushCompleted() {
        return flush(clock.instant().truncatedTo(ChronoUnit.MINUTES));
    }

    /** Writes everything, the running minute too (shutdown); returns how many items were written. */
    public int flushAll() {
        return flush(Instant.MAX);
    }

    /** True when an ended minute waits to be written (a Lambda runtime flushes then). */
    public boolean hasCompletedMinute() {
        Instant current = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        synchronized (pending) {
            return pending.values().stream().anyMatch(s -> s.minute().isBefore(current));
        }
    }

    private int flush(Instant before) {
        synchronized (flushing) {
            List<MinuteStats> due = new ArrayList<>();
            synchronized (pending) {
                pending.values().removeIf(s -> {
                    if (!s.minute().isBefore(before)) return false;
                    due.add(s);
                    return true;
                });
            }
            int written = 0;
            for (MinuteStats s : due) {
                try {
                    items.add(s);
                    written++;
                } catch (RuntimeException e) {
                    LOG.warn("could not write job metrics of {} {}/{} ({}); keeping them for the next flush", s.minute(),
                            s.queue(), s.type(), e.toString());
                    restore(s);
                    continue;
                }
                if (flushed != null) {
                    try {
                        flushed.accept(s);
                    } catch (RuntimeException e) {
                        LOG.warn("metrics sink failed: {}", e.toString());
                    }
                }
            }
            return written;
        }
    }

    private void restore(MinuteStats s) {
        synchronized (pending) {
            pending.merge(new Key(s.minute(), s.queue(), s.type()), s, (mine, back) -> {
                mine.addAll(back);
                return mine;
            });
        }
    }
}
