package io.jobkit.client.store;

import io.jobkit.client.WorkerInfo;
import io.jobkit.client.internal.Timestamps;
import io.jobkit.client.topology.JobTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Worker heartbeats in the jobs table: one item per worker under the partition {@code WORKERS}, so listing them is
 * one Query. Items carry a TTL, but TTL deletion can lag by hours, so {@link #live} also filters by beat age.
 */
public final class WorkerRegistry {
    private static final String PARTITION = "WORKERS";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public WorkerRegistry(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    /** Records a beat; the item expires after {@code ttl} without another. */
    public void beat(WorkerInfo w, Duration ttl) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(JobTable.PARTITION_KEY, AttributeValue.fromS(PARTITION));
        item.put(JobTable.SORT_KEY, AttributeValue.fromS(w.id()));
        item.put("workerId", AttributeValue.fromS(w.id()));
        item.put("runtime", AttributeValue.fromS(w.runtime()));
        item.put("host", AttributeValue.fromS(w.host()));
        item.put("pid", JobItems.n(w.pid()));
        item.put("queues", AttributeValue.fromL(w.queues().stream().map(AttributeValue::fromS).toList()));
        item.put("concurrency", JobItems.n(w.concurrency()));
        item.put("inFlight", JobItems.n(w.inFlight()));
        item.put("processed", JobItems.n(w.processed()));
        item.put("succeeded", JobItems.n(w.succeeded()));
        item.put("failed", JobItems.n(w.failed()));
        item.put("startedAt", JobItems.time(w.startedAt()));
        item.put("lastBeatAt", JobItems.time(w.lastBeatAt()));
        item.put("abandonedHandlers", JobItems.n(w.abandonedHandlers()));
        if (!w.types().isEmpty()) item.put("types", AttributeValue.fromSs(w.types()));
        if (!w.declinedTypes().isEmpty()) item.put("declinedTypes", AttributeValue.fromSs(w.declinedTypes()));
        if (w.averageProcessingMs() != null) item.put("averageProcessingMs", JobItems.n(w.averageProcessingMs()));
        item.put(JobTable.TTL_ATTRIBUTE, JobItems.n(w.lastBeatAt().plus(ttl).getEpochSecond()));
        dynamo.putItem(r -> r.tableName(table).item(item));
    }

    /** Removes a worker's item (on clean shutdown). */
    public void remove(String workerId) {
        dynamo.deleteItem(r -> r.tableName(table).key(Map.of(JobTable.PARTITION_KEY, AttributeValue.fromS(PARTITION),
                JobTable.SORT_KEY, AttributeValue.fromS(workerId))));
    }

    /**
     * Deletes the items of workers whose last beat is older than {@code maxAge} (they died without a clean
     * shutdown; TTL would remove them only hours later) and returns their ids.
     */
    public List<String> removeStale(Duration maxAge) {
        Instant oldest = clock.instant().minus(maxAge);
        List<String> removed = new ArrayList<>();
        for (Map<String, AttributeValue> item : dynamo.queryPaginator(r -> r.tableName(table)
                .keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", JobTable.PARTITION_KEY))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(PARTITION)))).items()) {
            Instant beat = Timestamps.parse(JobItems.str(item, "lastBeatAt"));
            if (beat != null && !beat.isBefore(oldest)) continue;
            String id = item.get(JobTable.SORT_KEY).s();
            remove(id);
            removed.add(id);
        }
        return removed;
    }

    /** Workers whose last beat is more recent than {@code maxAge}. */
    public List<WorkerInfo> live(Duration maxAge) {
        Instant oldest = clock.instant().minus(maxAge);
        List<WorkerInfo> workers = new ArrayList<>();
        for (Map<String, AttributeValue> item : dynamo.queryPaginator(r -> r.tableName(table)
                .keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", JobTable.PARTITION_KEY))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(PARTITION)))).items()) {
            Instant beat = Timestamps.parse(JobItems.str(item, "lastBeatAt"));
            if (beat == null || beat.isBefore(oldest)) continue;
            workers.add(new WorkerInfo(JobItems.str(item, "workerId"), JobItems.str(item, "runtime"),
                    JobItems.str(item, "host"), Long.parseLong(item.get("pid").n()),
                    item.get("queues").l().stream().map(AttributeValue::s).toList(),
                    JobItems.num(item, "concurrency", 0), JobItems.num(item, "inFlight", 0),
                    Long.parseLong(item.get("processed").n()), Long.parseLong(item.get("succeeded").n()),
                    Long.parseLong(item.get("failed").n()), Timestamps.parse(JobItems.str(item, "startedAt")), beat,
                    JobItems.num(item, "abandonedHandlers", 0), strings(item, "types"), strings(item, "declinedTypes"),
                    item.containsKey("averageProcessingMs") ? Long.valueOf(item.get("averageProcessingMs").n()) : null));
        }
        return workers;
    }

    private static List<String> strings(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || !v.hasSs() ? List.of() : v.ss().stream().sorted().toList();
    }
}
