package io.jobkit.client.metrics;

import io.jobkit.client.JobStatus;
import io.jobkit.client.internal.QueueInspector;
import io.jobkit.client.queues.QueueStats;
import io.jobkit.client.topology.JobTable;
import io.jobkit.client.topology.QueueDef;
import io.jobkit.client.topology.Topology;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds a {@link JobMetrics}:
 * <ol>
 *   <li>the window's {@code STATS#<minute>} items, summed per minute and per type;</li>
 *   <li>status counts with {@code Select=COUNT} queries over the sharded status index (8 per status);</li>
 *   <li>queue depths from {@code GetQueueAttributes}, and each queue's oldest waiting job from the QUEUED shards.</li>
 * </ol>
 */
public final class MetricsQuery {
    private static final int OLDEST_PAGES = 3;

    private final DynamoDbClient dynamo;
    private final Topology topology;
    private final QueueInspector inspector;
    private final Clock clock;
    private final StatsItems items;

    public MetricsQuery(DynamoDbClient dynamo, Topology topology, QueueInspector inspector, Clock clock) {
        this.dynamo = dynamo;
        this.topology = topology;
        this.inspector = inspector;
        this.clock = clock;
        this.items = new StatsItems(dynamo, topology.tableName(), Duration.ZERO);
    }

    public JobMetrics metrics(Duration window) {
        if (window == null || window.isNegative() || window.isZero() || window.compareTo(StatsItems.MAX_WINDOW) > 0) {
            throw new io.jobkit.client.JobValidationException("metrics window " + window + " is out of range; use 1m to 24h");
        }
        Instant now = clock.instant();
        Instant to = now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        long minutes = Math.max(1, (window.toSeconds() + 59) / 60);
        Instant from = to.minus(Duration.ofMinutes(minutes));

        TreeMap<Instant, MinuteStats> perMinute = new TreeMap<>();
        for (Instant m = from; m.isBefore(to); m = m.plus(Duration.ofMinutes(1))) {
            perMinute.put(m, new MinuteStats(m, "*", "*"));
        }
        TreeMap<String, MinuteStats> perType = new TreeMap<>();
        for (MinuteStats row : items.read(from, to)) {
            perMinute.get(row.minute()).addAll(row);
            perType.computeIfAbsent(row.type(), t -> new MinuteStats(from, "*", t)).addAll(row);
        }
        List<JobMetrics.MinutePoint> points = perMinute.values().stream().map(s -> new JobMetrics.MinutePoint(
                s.minute().toString(), s.succeeded(), s.failed(), s.retried(), s.cancelled())).toList();
        List<JobMetrics.TypeMetrics> types = perType.values().stream().map(MetricsQuery::typeMetrics).toList();

        long waiting = 0, active = 0, delayed = 0, dead = 0;
        List<JobMetrics.QueueMetrics> queues = new ArrayList<>();
        for (QueueDef q : topology.queues()) {
            QueueStats s = inspector.stats(q, false);
            waiting += s.visible();
            active += s.inFlight();
            delayed += s.delayed();
            dead += s.dlqDepth();
            Instant oldest = oldestQueued(q.name());
            queues.add(new JobMetrics.QueueMetrics(q.name(), s.visible(), s.inFlight(), s.delayed(), s.dlqDepth(),
                    oldest == null ? null : Math.max(0, Duration.between(oldest, now).toMillis())));
        }
        // The status index keeps RUNNING and QUEUED jobs in one phase (a claim must not re-key it), so RUNNING is
        // counted as SQS counts it: messages received and not yet deleted. Records of the old layout still in
        // RUNNING#n partitions are covered by the same figure.
        JobMetrics.Counts counts = new JobMetrics.Counts(waiting, active, delayed, active,
                count(JobStatus.SCHEDULED), count(JobStatus.RETRYING), count(JobStatus.FAILED), dead);
        return new JobMetrics(minutes, from.toString(), to.toString(), counts, points, types, queues);
    }

    private static JobMetrics.TypeMetrics typeMetrics(MinuteStats s) {
        long decided = s.succeeded() + s.failed();
        LogHistogram d = s.duration();
        LogHistogram w = s.waitTime();
        return new JobMetrics.TypeMetrics(s.type(), s.outcomes(), s.succeeded(), s.failed(), s.retried(),
                s.deadLettered(), s.cancelled(), decided == 0 ? null : (double) s.succeeded() / decided,
                d.percentile(0.50), d.percentile(0.95), d.percentile(0.99), d.mean(), d.max(),
                w.percentile(0.50), w.percentile(0.95));
    }

    private long count(JobStatus status) {
        long total = 0;
        // these statuses are their own phase: the same partitions in both layouts; the old one had only 8 shards
        int shards = Math.max(topology.statusShards().listing(), JobTable.LEGACY_STATUS_SHARDS);
        for (int shard = 0; shard < shards; shard++) {
            String partition = status.name() + "#" + shard;
            Map<String, AttributeValue> start = null;
            do {
                Map<String, AttributeValue> from = start;
                QueryResponse r = dynamo.query(q -> q.tableName(topology.tableName()).indexName(JobTable.STATUS_INDEX)
                        .keyConditionExpression("#p = :p").select(Select.COUNT).exclusiveStartKey(from)
                        .expressionAttributeNames(Map.of("#p", JobTable.STATUS_INDEX_PARTITION_KEY))
                        .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(partition))));
                total += r.count();
                start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
            } while (start != null);
        }
        return total;
    }

    /** Creation time of the oldest QUEUED job of the queue, reading at most a few pages per shard. */
    private Instant oldestQueued(String queue) {
        Instant oldest = null;
        // QUEUED jobs share the index's active phase with RUNNING ones (and tables of the old layout have QUEUED#n
        // partitions too): the oldest there is the oldest job waiting or running.
        List<String> partitions = new java.util.ArrayList<>();
        for (int shard = 0; shard < topology.statusShards().listing(); shard++) {
            partitions.add(JobTable.ACTIVE_PHASE + "#" + shard);
        }
        for (int shard = 0; shard < JobTable.LEGACY_STATUS_SHARDS; shard++) {
            partitions.add(JobStatus.QUEUED.name() + "#" + shard);
        }
        for (String partition : partitions) {
            Map<String, AttributeValue> start = null;
            for (int page = 0; page < OLDEST_PAGES; page++) {
                Map<String, AttributeValue> from = start;
                QueryResponse r = dynamo.query(q -> q.tableName(topology.tableName()).indexName(JobTable.STATUS_INDEX)
                        .keyConditionExpression("#p = :p").filterExpression("#q = :q").scanIndexForward(true).limit(100)
                        .exclusiveStartKey(from)
                        .expressionAttributeNames(Map.of("#p", JobTable.STATUS_INDEX_PARTITION_KEY, "#q", "queue"))
                        .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(partition), ":q", AttributeValue.fromS(queue))));
                if (!r.items().isEmpty()) {
                    AttributeValue created = r.items().get(0).get("createdAt");
                    if (created != null && created.s() != null) {
                        Instant t = io.jobkit.client.internal.Timestamps.parse(created.s());
                        if (t != null && (oldest == null || t.isBefore(oldest))) oldest = t;
                    }
                    break;
                }
                start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
                if (start == null) break;
            }
        }
        return oldest;
    }
}
