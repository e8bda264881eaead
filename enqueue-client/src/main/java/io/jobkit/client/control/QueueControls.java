package io.jobkit.client.control;

import io.jobkit.client.topology.JobTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Queue pause and resume through one control item per queue in the jobs table ({@code pk=QUEUE#<name>},
 * {@code sk=CONTROL}, {@code paused}, {@code changedBy}, {@code changedAt}).
 *
 * <p>Workers ask {@link #isPaused(String)} before every receive; the answer is cached for at most {@link #maxAge}
 * (default 5 s), so a pause takes effect within that time and costs one strongly consistent read per queue per
 * interval, never one per message. A failed read keeps the last known answer (or "running" when there is none):
 * an unreachable table must not stop a worker that has work, and the receive itself will fail loudly if AWS is down.
 */
public final class QueueControls {
    public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(5);
    static final String PARTITION_PREFIX = "QUEUE#";
    static final String SORT_KEY = "CONTROL";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;
    private final Duration maxAge;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public QueueControls(DynamoDbClient dynamo, String table, Clock clock) {
        this(dynamo, table, clock, DEFAULT_MAX_AGE);
    }

    public QueueControls(DynamoDbClient dynamo, String table, Clock clock, Duration maxAge) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(table, "table");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxAge.isNegative()) throw new IllegalArgumentException("maxAge must not be negative");
        this.maxAge = maxAge;
    }

    /** Whether {@code queue} is paused, as read at most {@code maxAge} ago. */
    public boolean isPaused(String queue) {
        Instant now = clock.instant();
        Cached c = cache.get(queue);
        if (c != null && !now.isAfter(c.readAt.plus(maxAge))) return c.control.paused();
        try {
            QueueControl fresh = read(queue);
            cache.put(queue, new Cached(fresh, now));
            return fresh.paused();
        } catch (RuntimeException e) {
            // keep the last answer for another interval rather than asking DynamoDB on every poll
            QueueControl last = c == null ? QueueControl.running(queue) : c.control;
            cache.put(queue, new Cached(last, now));
            return last.paused();
        }
    }

    /** The control item as stored now (no cache). */
    public QueueControl read(String queue) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(key(queue)).consistentRead(true)).item();
        if (item == null || item.isEmpty()) return QueueControl.running(queue);
        AttributeValue paused = item.get("paused");
        AttributeValue by = item.get("changedBy");
        AttributeValue at = item.get("changedAt");
        return new QueueControl(queue, paused != null && Boolean.TRUE.equals(paused.bool()), by == null ? null : by.s(),
                at == null ? null : Instant.parse(at.s()));
    }

    /** Pauses {@code queue}; workers stop receiving from it within {@code maxAge}. */
    public QueueControl pause(String queue, String by) {
        return write(queue, true, by);
    }

    /** Resumes {@code queue}. */
    public QueueControl resume(String queue, String by) {
        return write(queue, false, by);
    }

    private QueueControl write(String queue, boolean paused, String by) {
        Instant now = clock.instant();
        Map<String, AttributeValue> item = new HashMap<>(key(queue));
        item.put("paused", AttributeValue.fromBool(paused));
        item.put("changedBy", AttributeValue.fromS(by == null || by.isBlank() ? "unknown" : by));
        item.put("changedAt", AttributeValue.fromS(now.toString()));
        dynamo.putItem(r -> r.tableName(table).item(item));
        QueueControl control = new QueueControl(queue, paused, item.get("changedBy").s(), now);
        cache.put(queue, new Cached(control, now));
        return control;
    }

    private static Map<String, AttributeValue> key(String queue) {
        return Map.of(JobTable.PARTITION_KEY, AttributeValue.fromS(PARTITION_PREFIX + queue),
                JobTable.SORT_KEY, AttributeValue.fromS(SORT_KEY));
    }

    private record Cached(QueueControl control, Instant readAt) {
    }
}
