package io.jobkit.local.bench;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts AWS requests per service and operation, and DynamoDB write capacity units: it asks every write for
 * {@code ReturnConsumedCapacity=TOTAL} (table plus indexes) and sums what comes back, in total and per kind of
 * item written — the partition key's prefix ({@code JOB}, {@code DEDUP}, {@code WORKER}, {@code STATS}, ...), so a
 * test can count what jobs cost apart from worker heartbeats and metrics flushes. Add it to every SDK client whose
 * calls should count ({@code overrideConfiguration(c -> c.addExecutionInterceptor(counter))}).
 */
public final class RequestCounter implements ExecutionInterceptor {
    private static final ExecutionAttribute<String> ITEM_KIND = new ExecutionAttribute<>("jobkit.itemKind");
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final DoubleAdder writeUnits = new DoubleAdder();
    private final Map<String, DoubleAdder> unitsByKind = new ConcurrentHashMap<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String key = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + "."
                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        requests.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        SdkRequest r = context.request();
        attributes.putAttribute(ITEM_KIND, kindOf(r));
        ReturnConsumedCapacity total = ReturnConsumedCapacity.TOTAL;
        if (r instanceof PutItemRequest p) return p.toBuilder().returnConsumedCapacity(total).build();
        if (r instanceof UpdateItemRequest u) return u.toBuilder().returnConsumedCapacity(total).build();
        if (r instanceof DeleteItemRequest d) return d.toBuilder().returnConsumedCapacity(total).build();
        if (r instanceof BatchWriteItemRequest b) return b.toBuilder().returnConsumedCapacity(total).build();
        if (r instanceof TransactWriteItemsRequest t) return t.toBuilder().returnConsumedCapacity(total).build();
        return r;
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        Object r = context.response();
        String kind = attributes.getAttribute(ITEM_KIND);
        if (r instanceof PutItemResponse p) add(kind, p.consumedCapacity());
        else if (r instanceof UpdateItemResponse u) add(kind, u.consumedCapacity());
        else if (r instanceof DeleteItemResponse d) add(kind, d.consumedCapacity());
        else if (r instanceof BatchWriteItemResponse b && b.hasConsumedCapacity()) add(kind, b.consumedCapacity());
        else if (r instanceof TransactWriteItemsResponse t && t.hasConsumedCapacity()) add(kind, t.consumedCapacity());
    }

    private void add(String kind, ConsumedCapacity c) {
        if (c != null && c.capacityUnits() != null) {
            writeUnits.add(c.capacityUnits());
            unitsByKind.computeIfAbsent(kind == null ? "OTHER" : kind, k -> new DoubleAdder()).add(c.capacityUnits());
        }
    }

    private void add(String kind, List<ConsumedCapacity> cs) {
        cs.forEach(c -> add(kind, c));
    }

    /** The partition-key prefix of the items a write touches; {@code MIXED} when a batch touches several kinds. */
    private static String kindOf(SdkRequest r) {
        java.util.Set<String> kinds = new java.util.TreeSet<>();
        if (r instanceof PutItemRequest p) kinds.add(kind(p.item()));
        else if (r instanceof UpdateItemRequest u) kinds.add(kind(u.key()));
        else if (r instanceof DeleteItemRequest d) kinds.add(kind(d.key()));
        else if (r instanceof BatchWriteItemRequest b) {
            b.requestItems().values().forEach(ws -> ws.forEach(w -> kinds.add(w.putRequest() != null
                    ? kind(w.putRequest().item()) : kind(w.deleteRequest().key()))));
        } else if (r instanceof TransactWriteItemsRequest t) {
            t.transactItems().forEach(i -> kinds.add(i.put() != null ? kind(i.put().item())
                    : i.update() != null ? kind(i.update().key()) : i.delete() != null ? kind(i.delete().key())
                    : kind(i.conditionCheck().key())));
        }
        if (kinds.isEmpty()) return null;
        return kinds.size() == 1 ? kinds.iterator().next() : "MIXED";
    }

    private static String kind(Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item) {
        var pk = item == null ? null : item.get("pk");
        if (pk == null || pk.s() == null) return "OTHER";
        int hash = pk.s().indexOf('#');
        return hash < 0 ? pk.s() : pk.s().substring(0, hash);
    }

    /** Counts since the last reset, and resets. */
    public Snapshot takeAndReset() {
        Map<String, Long> counts = new TreeMap<>();
        requests.forEach((k, v) -> counts.put(k, v.sumThenReset()));
        counts.values().removeIf(v -> v == 0);
        Map<String, Double> byKind = new TreeMap<>();
        unitsByKind.forEach((k, v) -> byKind.put(k, v.sumThenReset()));
        byKind.values().removeIf(v -> v == 0);
        return new Snapshot(counts, writeUnits.sumThenReset(), byKind);
    }

    /**
     * @param requests        requests per {@code Service.Operation}
     * @param writeUnits      DynamoDB write units of all writes
     * @param writeUnitsByKind the same per kind of item (partition key prefix: {@code JOB}, {@code DEDUP}, ...)
     */
    public record Snapshot(Map<String, Long> requests, double writeUnits, Map<String, Double> writeUnitsByKind) {

        /** Write units spent on items of {@code kind} (e.g. {@code JOB}), 0 if none. */
        public double writeUnits(String kind) {
            return writeUnitsByKind.getOrDefault(kind, 0.0);
        }

        public long total(String servicePrefix) {
            return requests.entrySet().stream().filter(e -> e.getKey().startsWith(servicePrefix))
                    .mapToLong(Map.Entry::getValue).sum();
        }
    }
}
