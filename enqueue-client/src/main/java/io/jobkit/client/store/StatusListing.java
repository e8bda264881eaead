package io.jobkit.client.store;

import io.jobkit.client.Job;
import io.jobkit.client.JobStatus;
import io.jobkit.client.topology.JobTable;
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
 * A type filter is a FilterExpression, so a partition may need several pages to yield a match; the stream keeps
 * fetching until it has one or is exhausted.
 */
final class StatusListing {
    private final DynamoDbClient dynamo;
    private final String table;
    private final Executor executor;

    StatusListing(DynamoDbClient dynamo, String table, Executor executor) {
        this.dynamo = dynamo;
        this.table = table;
        this.executor = executor;
    }

    JobListing list(Set<JobStatus> statuses, String type, int limit, String beforeKey) {
        List<PartitionStream> streams = new ArrayList<>();
        for (JobStatus status : statuses) {
            for (int shard = 0; shard < JobTable.STATUS_SHARDS; shard++) {
                streams.add(new PartitionStream(JobItems.statusShard(status, shard), type, beforeKey, limit + 1));
            }
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
        for (int shard = 0; shard < JobTable.STATUS_SHARDS && ids.size() < limit; shard++) {
            Map<String, AttributeValue> start = null;
            do {
                QueryResponse page = dynamo.query(QueryRequest.builder().tableName(table).indexName(JobTable.STATUS_INDEX)
                        .keyConditionExpression("#p = :p AND #k < :before")
                        .expressionAttributeNames(Map.of("#p", JobTable.STATUS_INDEX_PARTITION_KEY,
                                "#k", JobTable.STATUS_INDEX_SORT_KEY, "#id", JobItems.ID))
                        .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(JobItems.statusShard(status, shard)),
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
        private final Deque<Map<String, AttributeValue>> buffer = new ArrayDeque<>();
        private Map<String, AttributeValue> nextStartKey;
        private boolean exhausted;

        PartitionStream(String partition, String type, String beforeKey, int pageSize) {
            this.partition = partition;
            this.type = type;
            this.beforeKey = beforeKey;
            this.pageSize = pageSize;
        }

        void fillIfEmpty() {
            while (buffer.isEmpty() && !exhausted) {
                QueryResponse page = dynamo.query(request());
                buffer.addAll(page.items());
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

        String peekKey() {
            return buffer.peekFirst().get(JobItems.CREATED_KEY).s();
        }

        Map<String, AttributeValue> take() {
            return buffer.pollFirst();
        }
    }
}
