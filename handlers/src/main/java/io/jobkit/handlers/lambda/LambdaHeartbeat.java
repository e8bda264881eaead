package io.jobkit.handlers.lambda;

import io.jobkit.client.WorkerInfo;
import io.jobkit.client.store.WorkerRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes a Lambda execution environment visible in {@code JobClient.workers()} (runtime {@code lambda}), like a
 * container worker's heartbeat but without a timer thread, which a frozen environment could not run anyway: at the
 * end of an invocation, one PutItem if the last beat is older than {@link #INTERVAL}. An environment that stops
 * being invoked drops out of the live list after {@code workers()}' 90 s. A failed beat is logged, never fatal.
 */
final class LambdaHeartbeat {
    static final Duration INTERVAL = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(LambdaHeartbeat.class);

    private final WorkerRegistry registry;
    private final String workerId;
    private final String host;
    private final int parallelism;
    private final Clock clock;
    private final Instant startedAt;
    private final Set<String> queues = new TreeSet<>();
    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong succeeded = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private Instant lastBeat;

    private final List<String> types;

    LambdaHeartbeat(WorkerRegistry registry, String workerId, String host, int parallelism, Clock clock,
                    List<String> types) {
        this.types = List.copyOf(types);
        this.registry = registry;
        this.workerId = workerId;
        this.host = host;
        this.parallelism = parallelism;
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    /** Counts a batch's outcomes and beats if one is due. */
    synchronized void afterBatch(List<String> batchQueues, List<RecordOutcome> outcomes) {
        queues.addAll(batchQueues);
        for (RecordOutcome o : outcomes) {
            var result = o instanceof RecordOutcome.Done d ? d.result() : o instanceof RecordOutcome.Retry r ? r.result() : null;
            if (result == null || !result.countsAsProcessed()) continue;
            processed.incrementAndGet();
            switch (result.kind()) {
                case SUCCEEDED -> succeeded.incrementAndGet();
                case FAILED, REJECTED -> failed.incrementAndGet();
                default -> { }
            }
        }
        Instant now = clock.instant();
        if (lastBeat != null && Duration.between(lastBeat, now).compareTo(INTERVAL) < 0) return;
        lastBeat = now;
        try {
            registry.beat(new WorkerInfo(workerId, "lambda", host, ProcessHandle.current().pid(), List.copyOf(queues),
                    parallelism, 0, processed.get(), succeeded.get(), failed.get(), startedAt, now, 0, types, List.of(),
                    null), INTERVAL.multipliedBy(3));
        } catch (RuntimeException e) {
            LOG.warn("Lambda heartbeat of {} failed: {}", workerId, e.toString());
        }
    }

    /** Removes the heartbeat (an embedded handler being closed); a Lambda environment's simply expires. */
    void remove() {
        try {
            registry.remove(workerId);
        } catch (RuntimeException e) {
            LOG.debug("could not remove the heartbeat of {}; it expires by itself", workerId);
        }
    }
}
