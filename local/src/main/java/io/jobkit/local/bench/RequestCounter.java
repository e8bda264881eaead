package io.jobkit.local.bench;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
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
 * {@code ReturnConsumedCapacity=TOTAL} (table plus indexes) and sums what comes back.
 */
final class RequestCounter implements ExecutionInterceptor {
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final DoubleAdder writeUnits = new DoubleAdder();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String key = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + "."
                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        requests.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        SdkRequest r = context.request();
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
        if (r instanceof PutItemResponse p) add(p.consumedCapacity());
        else if (r instanceof UpdateItemResponse u) add(u.consumedCapacity());
        else if (r instanceof DeleteItemResponse d) add(d.consumedCapacity());
        else if (r instanceof BatchWriteItemResponse b && b.hasConsumedCapacity()) add(b.consumedCapacity());
        else if (r instanceof TransactWriteItemsResponse t && t.hasConsumedCapacity()) add(t.consumedCapacity());
    }

    private void add(ConsumedCapacity c) {
        if (c != null && c.capacityUnits() != null) writeUnits.add(c.capacityUnits());
    }

    private void add(List<ConsumedCapacity> cs) {
        cs.forEach(this::add);
    }

    /** Counts since the last reset, and resets. */
    Snapshot takeAndReset() {
        Map<String, Long> counts = new TreeMap<>();
        requests.forEach((k, v) -> counts.put(k, v.sumThenReset()));
        counts.values().removeIf(v -> v == 0);
        return new Snapshot(counts, writeUnits.sumThenReset());
    }

    record Snapshot(Map<String, Long> requests, double writeUnits) {

        long total(String servicePrefix) {
            return requests.entrySet().stream().filter(e -> e.getKey().startsWith(servicePrefix))
                    .mapToLong(Map.Entry::getValue).sum();
        }
    }
}
