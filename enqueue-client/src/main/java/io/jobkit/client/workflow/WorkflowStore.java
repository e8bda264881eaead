package io.jobkit.client.workflow;

import io.jobkit.client.topology.JobTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * The workflow items of the jobs table, and the only code that writes them. Every write asks for
 * {@code ReturnConsumedCapacity=TOTAL} and adds it to {@link #writeUnits()}, which the benchmark divides by the
 * member count to state what batch membership costs per member.
 *
 * <p>Layout: a batch is {@code pk=BATCH#<id>, sk=BATCH}; its counters are spread over shard partitions
 * {@code pk=BATCH#<id>#<n>, sk=SHARD} (attributes added, succeeded, failed, cancelled; summed on read) and each
 * member's membership item lives in its shard's partition, {@code sk=M#<memberId>}, so a 100,000-member batch writes
 * to many partitions, not one hot key. A chain is {@code pk=CHAIN#<id>, sk=CHAIN}.
 */
final class WorkflowStore {
    static final String BATCH_SK = "BATCH";
    static final String SHARD_SK = "SHARD";
    static final String CHAIN_SK = "CHAIN";
    static final String MEMBER_PREFIX = "M#";

    private final DynamoDbClient dynamo;
    private final String table;
    private final DoubleAdder writeUnits = new DoubleAdder();
    private final java.time.Duration retention;

    String table() {
        return table;
    }

    /** @param retention how long finished workflow items stay (the jobs' retention), then DynamoDB TTL removes them */
    WorkflowStore(DynamoDbClient dynamo, String table, java.time.Duration retention) {
        this.dynamo = dynamo;
        this.table = table;
        this.retention = retention;
    }

    /** The TTL value for an item that finished at {@code now}. */
    AttributeValue expiry(java.time.Instant now) {
        return n(now.plus(retention).getEpochSecond());
    }

    static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(JobTable.PARTITION_KEY, s(pk), JobTable.SORT_KEY, s(sk));
    }

    static Map<String, AttributeValue> batchKey(String id) {
        return key("BATCH#" + id, BATCH_SK);
    }

    static String shardPk(String batchId, int shard) {
        return "BATCH#" + batchId + "#" + shard;
    }

    static Map<String, AttributeValue> shardKey(String batchId, int shard) {
        return key(shardPk(batchId, shard), SHARD_SK);
    }

    static Map<String, AttributeValue> memberKey(String batchId, int shard, String memberId) {
        return key(shardPk(batchId, shard), MEMBER_PREFIX + memberId);
    }

    static Map<String, AttributeValue> chainKey(String id) {
        return key("CHAIN#" + id, CHAIN_SK);
    }

    /**
     * The status-index keys that list a workflow as being created: partition
     * {@code WORKFLOW_OPEN#<shard>} (see {@link JobTable#OPEN_WORKFLOWS_PHASE}), sort key creation time and id.
     */
    static Map<String, AttributeValue> openIndexKeys(java.time.Instant createdAt, String id) {
        return Map.of(JobTable.STATUS_INDEX_PARTITION_KEY, s(openPartition(Math.floorMod(id.hashCode(), JobTable.OPEN_WORKFLOWS_SHARDS))),
                JobTable.STATUS_INDEX_SORT_KEY, s(io.jobkit.client.internal.Timestamps.format(createdAt) + "#" + id));
    }

    static String openPartition(int shard) {
        return JobTable.OPEN_WORKFLOWS_PHASE + "#" + shard;
    }

    /** Names for an update that removes {@link #openIndexKeys}: {@code REMOVE #ps, #ck}. */
    static final Map<String, String> OPEN_INDEX_NAMES = Map.of("#ps", JobTable.STATUS_INDEX_PARTITION_KEY,
            "#ck", JobTable.STATUS_INDEX_SORT_KEY);

    static int shardOf(String memberId, int shards) {
        return Math.floorMod(memberId.hashCode(), shards);
    }

    static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    /** DynamoDB write capacity units consumed by workflow writes in this process. */
    double writeUnits() {
        return writeUnits.sum();
    }

    private void count(ConsumedCapacity c) {
        if (c != null && c.capacityUnits() != null) writeUnits.add(c.capacityUnits());
    }

    private void count(List<ConsumedCapacity> cs) {
        if (cs != null) cs.forEach(this::count);
    }

    /** A conditional PutItem; false when the condition failed. */
    boolean putIfAbsent(Map<String, AttributeValue> item) {
        try {
            count(dynamo.putItem(r -> r.tableName(table).item(item).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                    .conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", JobTable.PARTITION_KEY))).consumedCapacity());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** An UpdateItem; false when its condition failed. */
    boolean update(Map<String, AttributeValue> key, String update, String condition, Map<String, String> names,
                   Map<String, AttributeValue> values) {
        try {
            count(dynamo.updateItem(r -> {
                r.tableName(table).key(key).updateExpression(update).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL);
                if (condition != null) r.conditionExpression(condition);
                if (!names.isEmpty()) r.expressionAttributeNames(names);
                if (!values.isEmpty()) r.expressionAttributeValues(values);
            }).consumedCapacity());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * Puts items with BatchWriteItem (25 a request), re-sending what DynamoDB leaves unprocessed. Used for
     * membership items that do not exist yet, so the writes need no condition.
     */
    void putAll(List<Map<String, AttributeValue>> items) {
        for (int from = 0; from < items.size(); from += 25) {
            List<WriteRequest> requests = new ArrayList<>();
            for (Map<String, AttributeValue> item : items.subList(from, Math.min(items.size(), from + 25))) {
                requests.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
            }
            Map<String, List<WriteRequest>> pending = Map.of(table, requests);
            for (int attempt = 0; !pending.isEmpty() && !pending.getOrDefault(table, List.of()).isEmpty(); attempt++) {
                if (attempt > 0) pause(attempt);
                if (attempt > 10) throw new IllegalStateException("BatchWriteItem left items unprocessed 10 times");
                Map<String, List<WriteRequest>> send = pending;
                BatchWriteItemResponse response = dynamo.batchWriteItem(r -> r.requestItems(send)
                        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
                count(response.consumedCapacity());
                pending = response.unprocessedItems();
            }
        }
    }

    /**
     * Runs a transaction; returns -1 when it committed, else the index of the first item whose condition failed.
     */
    int transact(List<TransactWriteItem> items) {
        try {
            count(dynamo.transactWriteItems(r -> r.transactItems(items).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
                    .consumedCapacity());
            return -1;
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.cancellationReasons();
            for (int i = 0; i < reasons.size(); i++) {
                if ("ConditionalCheckFailed".equals(reasons.get(i).code())) return i;
            }
            throw e;
        }
    }

    Map<String, AttributeValue> get(Map<String, AttributeValue> key) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(key).consistentRead(true)).item();
        return item == null || item.isEmpty() ? null : item;
    }

    /** Strongly consistent reads of many items (100 per BatchGetItem); missing items are absent from the result. */
    List<Map<String, AttributeValue>> getAll(List<Map<String, AttributeValue>> keys) {
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += 100) {
            Map<String, KeysAndAttributes> pending = Map.of(table, KeysAndAttributes.builder()
                    .keys(keys.subList(from, Math.min(keys.size(), from + 100))).consistentRead(true).build());
            for (int attempt = 0; !pending.isEmpty(); attempt++) {
                if (attempt > 0) pause(attempt);
                Map<String, KeysAndAttributes> send = pending;
                var response = dynamo.batchGetItem(r -> r.requestItems(send));
                out.addAll(response.responses().getOrDefault(table, List.of()));
                pending = response.unprocessedKeys() == null ? Map.of() : response.unprocessedKeys();
            }
        }
        return out;
    }

    /** One page of the member items of one shard partition, after {@code afterSk} (exclusive) when given. */
    QueryResponse members(String batchId, int shard, String afterSk, int limit, String stateFilter) {
        Map<String, String> names = new HashMap<>(Map.of("#pk", JobTable.PARTITION_KEY, "#sk", JobTable.SORT_KEY));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":pk", s(shardPk(batchId, shard)), ":m", s(MEMBER_PREFIX)));
        if (stateFilter != null) {
            names.put("#state", "state");
            values.put(":state", s(stateFilter));
        }
        return dynamo.query(r -> {
            r.tableName(table).consistentRead(true).keyConditionExpression("#pk = :pk AND begins_with(#sk, :m)")
                    .expressionAttributeNames(names).expressionAttributeValues(values).limit(limit);
            if (stateFilter != null) r.filterExpression("#state = :state");
            if (afterSk != null) r.exclusiveStartKey(key(shardPk(batchId, shard), afterSk));
        });
    }

    /**
     * The keys ({@code pk}, {@code sk}) of workflows still listed as being created and created before {@code before},
     * oldest first within each shard, at most {@code limit} per shard: one query per open-workflows shard of the status
     * index, never a scan.
     */
    List<Map<String, AttributeValue>> openCreatedBefore(java.time.Instant before, int limit) {
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        for (int shard = 0; shard < JobTable.OPEN_WORKFLOWS_SHARDS; shard++) {
            String partition = openPartition(shard);
            int found = 0;
            Map<String, AttributeValue> start = null;
            do {
                Map<String, AttributeValue> from = start;
                int want = Math.min(limit - found, 500);
                QueryResponse page = dynamo.query(r -> {
                    r.tableName(table).indexName(JobTable.STATUS_INDEX)
                            .keyConditionExpression("#ps = :p AND #ck < :c")
                            .expressionAttributeNames(OPEN_INDEX_NAMES)
                            .expressionAttributeValues(Map.of(":p", s(partition),
                                    ":c", s(io.jobkit.client.internal.Timestamps.format(before))))
                            .limit(want);
                    if (from != null) r.exclusiveStartKey(from);
                });
                for (Map<String, AttributeValue> i : page.items()) {
                    out.add(key(i.get(JobTable.PARTITION_KEY).s(), i.get(JobTable.SORT_KEY).s()));
                    found++;
                }
                start = page.lastEvaluatedKey() == null || page.lastEvaluatedKey().isEmpty() ? null : page.lastEvaluatedKey();
            } while (start != null && found < limit);
        }
        return out;
    }

    /** A conditional DeleteItem; false when its condition failed. */
    boolean deleteIf(Map<String, AttributeValue> key, String condition, Map<String, String> names,
                     Map<String, AttributeValue> values) {
        try {
            count(dynamo.deleteItem(r -> r.tableName(table).key(key).conditionExpression(condition)
                    .expressionAttributeNames(names).expressionAttributeValues(values)
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** All member items of one shard partition that belong to creation page {@code page} (any state). */
    List<Map<String, AttributeValue>> membersOfPage(String batchId, int shard, long page) {
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse response = dynamo.query(r -> {
                r.tableName(table).consistentRead(true).keyConditionExpression("#pk = :pk AND begins_with(#sk, :m)")
                        .filterExpression("#pg = :pg")
                        .expressionAttributeNames(Map.of("#pk", JobTable.PARTITION_KEY, "#sk", JobTable.SORT_KEY, "#pg", "pg"))
                        .expressionAttributeValues(Map.of(":pk", s(shardPk(batchId, shard)), ":m", s(MEMBER_PREFIX),
                                ":pg", n(page)));
                if (from != null) r.exclusiveStartKey(from);
            });
            out.addAll(response.items());
            start = response.lastEvaluatedKey() == null || response.lastEvaluatedKey().isEmpty() ? null : response.lastEvaluatedKey();
        } while (start != null);
        return out;
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(Math.min(1000, 25L << Math.min(attempt, 5)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while DynamoDB had unprocessed items", e);
        }
    }
}
