package io.jobkit.client.store;

import io.jobkit.client.Job;
import io.jobkit.client.JobStatus;
import io.jobkit.client.topology.JobTable;
import io.jobkit.client.topology.StatusShards;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Lists jobs newest first across the sharded status index.
 *
 * <ol>
 *   <li>One stream per (status, shard) partition, each already sorted newest first by its creation key.</li>
 *   <li>All streams fetch their first page in parallel; a k-way merge then takes the newest head until the page is
 *       full, fetching further pages only from the streams it drains.</li>
 *   <li>The cursor is the last creation key returned: the next page asks every partition for keys below it.</li>
 * </ol>
 * The index projects only what never changes (see {@link JobTable}), so each page of keys is followed by one
 * BatchGetItem for the records themselves, and a stream of the active phase keeps only the wanted statuses. A type
 * filter is a FilterExpression on the index; either filter may need several pages to yield a match, and the stream
 * keeps fetching until it has one or is exhausted.
 */
final class StatusListing {
    private final DynamoDbClient dynamo;
    private final String table;
    private final Executor executor;
    private final StatusShards shards;

    StatusListing(DynamoDbClient dynamo, String table, Executor executor, StatusShards shards) {
        this.dynamo = dynamo;
        this.table = table;
        this.executor = executor;
        this.shards = shards;
    }

    /**
     * The index partitions that can hold a job in {@code status}: its phase's, shards {@code 0..listing-1} (every
     * shard of any count up to that, so records written before the count was raised are read too), and the old
     * layout's, which was only ever written with {@value JobTable#LEGACY_STATUS_SHARDS} shards.
     */
    static Set<String> partitions(JobStatus status, StatusShards shards) {
        Set<String> partitions = new java.util.LinkedHashSet<>();
        for (int shard = 0; shard < shards.listing(); shard++) {
            partitions.add(JobItems.phaseShard(JobItems.phase(status), shard));
        }
        for (int shard = 0; shard < JobTable.LEGACY_STATUS_SHARDS; shard++) {
            partitions.add(JobItems.legacyStatusShard(status, shard));
        }
        return partitions;
    }

    JobListing list(Set<JobStatus> statuses, String type, int limit, String beforeKey) {
        Set<String> partitions = new java.util.LinkedHashSet<>();
        statuses.forEach(s -> partitions.addAll(partitions(s, shards)));
        Set<String> wanted = new java.util.HashSet<>();
        statuses.forEach(s -> wanted.add(s.name()));
        List<PartitionStream> streams = new ArrayList<>();
        for (String partition : partitions) {
            streams.add(new PartitionStream(partition, type, beforeKey, limit + 1, wanted));
        }
        CompletableFuture.allOf(streams.stream()
                .map(s -> CompletableFuture.runAsync(s::fillIfEmpty, executor))
                .toArray(CompletableFuture[]::new)).join();

        PriorityQueue<PartitionStream> heads = new PriorityQueue<>(
                Comparator.comparing((PartitionStream s) -> s.peekKey()).reversed());
        streams.stream().filter(s -> !s.isEmpty()).forEach(heads::add);
        List<Job> jobs = new ArrayList<>();
        String lastKey = null;
        while (!heads.isEmpty() && jobs.size() < limit) {
            PartitionStream newest = heads.poll();
            Map<String, AttributeValue> item = newest.take();
            jobs.add(JobItems.toJob(item, null));
            lastKey = JobItems.str(item, JobItems.CREATED_KEY);
            newest.fillIfEmpty();
            if (!newest.isEmpty()) heads.add(newest);
        }
        return new JobListing(jobs, heads.isEmpty() ? null : lastKey);
    }

    /** Ids in {@code status} whose created key sorts before {@code beforeKey}, oldest first per shard. */
    List<String> idsCreatedBefore(JobStatus status, String beforeKey, int limit) {
        List<String> ids = new ArrayList<>();
        for (String partition : partitions(status, shards)) {
            if (ids.size() >= limit) break;
            Map<String, AttributeValue> start = null;
            do {
                QueryResponse page = dynamo.query(QueryRequest.builder().tableName(table).indexName(JobTable.STATUS_INDEX)
                        .keyConditionExpression("#p = :p AND #k < :before")
                        .expressionAttributeNames(Map.of("#p", JobTable.STATUS_INDEX_PARTITION_KEY,
                                "#k", JobTable.STATUS_INDEX_SORT_KEY, "#id", JobItems.ID))
                        .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(partition),
                                ":before", AttributeValue.fromS(beforeKey)))
                        .projectionExpression("#id").scanIndexForward(true)
                        .limit(Math.min(1000, limit - ids.size())).exclusiveStartKey(start).build());
                page.items().forEach(item -> ids.add(JobItems.str(item, JobItems.ID)));
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null && ids.size() < limit);
        }
        return ids;
    }

    private final class PartitionStream {
        private final String partition;
        private final String type;
        private final String beforeKey;
        private final int pageSize;
        private final Set<String> wanted;
        private final Deque<Map<String, AttributeValue>> buffer = new ArrayDeque<>();
        private Map<String, AttributeValue> nextStartKey;
        private boolean exhausted;

        PartitionStream(String partition, String type, String beforeKey, int pageSize, Set<String> wanted) {
            this.partition = partition;
            this.type = type;
            this.beforeKey = beforeKey;
            this.pageSize = pageSize;
            this.wanted = wanted;
        }

        void fillIfEmpty() {
            while (buffer.isEmpty() && !exhausted) {
                QueryResponse page = dynamo.query(request());
                for (Map<String, AttributeValue> item : records(page.items())) {
                    // a record read after the index page may have moved on: keep it only if still wanted
                    if (item != null && wanted.contains(JobItems.str(item, JobItems.STATUS))) buffer.add(item);
                }
                nextStartKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
                exhausted = nextStartKey == null;
            }
        }

        private QueryRequest request() {
            Map<String, String> names = new HashMap<>();
            Map<String, AttributeValue> values = new HashMap<>();
            names.put("#p", JobTable.STATUS_INDEX_PARTITION_KEY);
            values.put(":p", AttributeValue.fromS(partition));
            String keyCondition = "#p = :p";
            if (beforeKey != null) {
                names.put("#k", JobTable.STATUS_INDEX_SORT_KEY);
                values.put(":before", AttributeValue.fromS(beforeKey));
                keyCondition += " AND #k < :before";
            }
            QueryRequest.Builder q = QueryRequest.builder().tableName(table).indexName(JobTable.STATUS_INDEX)
                    .keyConditionExpression(keyCondition).scanIndexForward(false).limit(pageSize)
                    .exclusiveStartKey(nextStartKey);
            if (type != null) {
                names.put("#type", JobItems.TYPE);
                values.put(":type", AttributeValue.fromS(type));
                q.filterExpression("#type = :type");
            }
            return q.expressionAttributeNames(names).expressionAttributeValues(values).build();
        }

        boolean isEmpty() {
            return buffer.isEmpty();
        }

        /** The records behind a page of index entries, in the page's order (null where one has gone). */
        private List<Map<String, AttributeValue>> records(List<Map<String, AttributeValue>> entries) {
            Map<String, Map<String, AttributeValue>> byPk = new HashMap<>();
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            for (Map<String, AttributeValue> e : entries) {
                keys.add(Map.of(JobTable.PARTITION_KEY, e.get(JobTable.PARTITION_KEY), JobTable.SORT_KEY, e.get(JobTable.SORT_KEY)));
            }
            for (int from = 0; from < keys.size(); from += 100) {
                List<Map<String, AttributeValue>> todo = keys.subList(from, Math.min(keys.size(), from + 100));
                for (int attempt = 0; !todo.isEmpty() && attempt < 10; attempt++) {
                    List<Map<String, AttributeValue>> batch = todo;
                    software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse r = dynamo.batchGetItem(b -> b
                            .requestItems(Map.of(table, software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes
                                    .builder().keys(batch).build())));
                    r.responses().getOrDefault(table, List.of())
                            .forEach(item -> byPk.put(item.get(JobTable.PARTITION_KEY).s(), item));
                    var unprocessed = r.hasUnprocessedKeys() ? r.unprocessedKeys().get(table) : null;
                    todo = unprocessed == null ? List.of() : unprocessed.keys();
                }
            }
            List<Map<String, AttributeValue>> out = new ArrayList<>();
            for (Map<String, AttributeValue> e : entries) out.add(byPk.get(e.get(JobTable.PARTITION_KEY).s()));
            return out;
        }

        String peekKey() {
            return buffer.peekFirst().get(JobItems.CREATED_KEY).s();
        }

        Map<String, AttributeValue> take() {
            return buffer.pollFirst();
        }
    }
}
