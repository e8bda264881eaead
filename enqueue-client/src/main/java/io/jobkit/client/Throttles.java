package io.jobkit.client;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many AWS calls this process saw throttled, per {@code Service.Operation} (e.g. {@code DynamoDB.UpdateItem}),
 * counted per attempt: a call the SDK retried twice after throttling counts 2, whether or not it then succeeded.
 * Only SDK clients built by jobkit ({@link JobClient#fromEnvironment()}, the worker, the CLI) report here; clients an
 * application passes to the builder can add {@code ThrottleWatch} themselves. One process-wide value, because SDK
 * clients are usually shared across jobkit clients; metrics exporters read {@link #snapshot()}.
 */
public final class Throttles {
    private static final Throttles PROCESS = new Throttles();

    private final Map<String, LongAdder> byOperation = new ConcurrentHashMap<>();

    /** A counter of its own; jobkit's SDK clients report to {@link #process()}. */
    public Throttles() {
    }

    /** The process-wide counter that jobkit-built SDK clients report to. */
    public static Throttles process() {
        return PROCESS;
    }

    /** Counts one throttled attempt of {@code operation} ({@code Service.Operation}). */
    public void record(String operation) {
        byOperation.computeIfAbsent(operation, k -> new LongAdder()).increment();
    }

    /** Throttled attempts so far, per operation, sorted by name. */
    public Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        byOperation.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }

    /** Throttled attempts so far, all operations. */
    public long total() {
        return byOperation.values().stream().mapToLong(LongAdder::sum).sum();
    }
}
