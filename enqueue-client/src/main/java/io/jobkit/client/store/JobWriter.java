package io.jobkit.client.store;

import io.jobkit.client.JobkitException;
import io.jobkit.client.topology.JobTable;
import io.jobkit.client.topology.StatusShards;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes new jobs. A small job is one item: its status item carries the envelope inline, so the whole job costs one
 * write unit per transition. A larger one is two items under one partition key — the small status item every
 * transition rewrites, and the envelope item written once — so a 200 KiB payload is paid for once, not on every
 * state change. Inline means the status item, envelope included, stays under 1 KB with room for what a run adds
 * (lease, times, a short result): DynamoDB bills a write by the larger of the item before and after it.
 *
 * <ul>
 *   <li>Without a dedup key: BatchWriteItem, 12 jobs (24 items) per request, unprocessed items retried with
 *       backoff.</li>
 *   <li>With a dedup key: one TransactWriteItems of the dedup item (conditional on no live key), the status item
 *       and the envelope item, so a duplicate writes nothing and concurrent duplicates produce one job.</li>
 *   <li>With a caller-chosen id: the same transaction (without the dedup item when there is no key), the status item
 *       conditional on no job with that id, so concurrent enqueues of one id produce one job and the others get
 *       its id. A job whose earlier enqueue failed before anything was sent (FAILED with {@code EnqueueFailed}, no
 *       attempt) may be written over, so a caller can simply try again after an {@code EnqueueException}.</li>
 * </ul>
 */
final class JobWriter {
    private static final int ITEMS_PER_BATCH = 24;
    private static final int MAX_BATCH_RETRIES = 8;
    private static final int MAX_TRANSACTION_RETRIES = 10;
    /** Bytes a status item with its envelope may have at enqueue to keep the envelope inline. */
    static final int INLINE_BUDGET = 1024 - 320;

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;
    private final Duration retention;
    private final StatusShards shards;

    JobWriter(DynamoDbClient dynamo, String table, Clock clock, Duration retention, StatusShards shards) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
        this.retention = retention;
        this.shards = shards;
    }

    /**
     * One result per job, in order. A job whose items could not be written is a failed result, never an exception,
     * so one bad item (or one throttled transaction) cannot fail its batch-mates.
     */
    List<CreateResult> createAll(List<NewJob> jobs) {
        List<NewJob> plain = new ArrayList<>();
        for (NewJob job : jobs) {
            if (job.dedupKey() == null && !job.callerId()) plain.add(job);
        }
        Map<String, String> unwritten = batchPut(plain);
        List<CreateResult> results = new ArrayList<>();
        for (NewJob job : jobs) {
            if (job.dedupKey() != null || job.callerId()) {
                try {
                    results.add(createDeduplicated(job));
                } catch (RuntimeException e) {
                    results.add(CreateResult.failed(job.id(), e.getMessage())); // a transaction: nothing was written
                }
            } else {
                String failure = unwritten.get(job.id());
                results.add(failure == null ? CreateResult.created(job.id()) : CreateResult.failed(job.id(), failure));
            }
        }
        return results;
    }

    /** Puts the items of {@code jobs}; returns the jobs with an item that could not be written, with the reason. */
    private Map<String, String> batchPut(List<NewJob> jobs) {
        Instant now = clock.instant();
        List<WriteRequest> pending = new ArrayList<>();
        for (NewJob job : jobs) {
            Map<String, AttributeValue> status = statusItem(job, now);
            pending.add(put(status));
            if (!status.containsKey(JobItems.ENVELOPE)) pending.add(put(envelopeItem(job, now)));
        }
        Map<String, String> failed = new HashMap<>();
        for (int from = 0; from < pending.size(); from += ITEMS_PER_BATCH) {
            List<WriteRequest> chunk = pending.subList(from, Math.min(pending.size(), from + ITEMS_PER_BATCH));
            try {
                for (WriteRequest unprocessed : writeWithRetries(chunk)) {
                    failed.put(idOf(unprocessed), "DynamoDB kept returning its items unprocessed (throttling)");
                }
            } catch (RuntimeException e) {
                for (WriteRequest request : chunk) failed.putIfAbsent(idOf(request), "BatchWriteItem failed: " + e.getMessage());
            }
        }
        return failed;
    }

    private static String idOf(WriteRequest request) {
        return request.putRequest().item().get(JobItems.ID).s();
    }

    private List<WriteRequest> writeWithRetries(List<WriteRequest> chunk) {
        List<WriteRequest> todo = chunk;
        for (int attempt = 0; !todo.isEmpty() && attempt <= MAX_BATCH_RETRIES; attempt++) {
            if (attempt > 0) pause(attempt);
            List<WriteRequest> batch = todo;
            BatchWriteItemResponse response = dynamo.batchWriteItem(r -> r.requestItems(Map.of(table, batch)));
            todo = response.hasUnprocessedItems() ? response.unprocessedItems().getOrDefault(table, List.of()) : List.of();
        }
        return todo;
    }

    CreateResult createDeduplicated(NewJob job) {
        for (int attempt = 0; ; attempt++) {
            Instant now = clock.instant();
            if (job.dedupKey() == null) {
                Optional<CreateResult> written = createWithCallerId(job, now);
                if (written.isPresent()) return written.get();
                if (attempt >= MAX_TRANSACTION_RETRIES) {
                    throw new JobkitException("writing job " + job.id() + " kept conflicting with concurrent enqueues"
                            + " of the same id; try again");
                }
                pause(attempt + 1);
                continue;
            }
            Map<String, AttributeValue> dedup = dedupItem(job, now);
            TransactWriteItem dedupPut = TransactWriteItem.builder().put(Put.builder().tableName(table).item(dedup)
                    .conditionExpression("attribute_not_exists(#pk) OR #windowEndsAt <= :now")
                    .expressionAttributeNames(Map.of("#pk", JobTable.PARTITION_KEY, "#windowEndsAt", JobItems.WINDOW_ENDS_AT))
                    .expressionAttributeValues(Map.of(":now", JobItems.time(now)))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build()).build();
            TransactWriteItem statusPut = statusPut(job, now);
            List<TransactWriteItem> items = new ArrayList<>(List.of(dedupPut, statusPut));
            if (!statusPut.put().item().containsKey(JobItems.ENVELOPE)) {
                items.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(envelopeItem(job, now)).build()).build());
            }
            try {
                dynamo.transactWriteItems(r -> r.transactItems(items));
                return CreateResult.created(job.id());
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
                CancellationReason dedupReason = reasons.isEmpty() ? null : reasons.get(0);
                if (job.callerId() && reasons.size() > 1 && "ConditionalCheckFailed".equals(reasons.get(1).code())) {
                    return CreateResult.duplicateOf(job.id()); // a job with the caller's id exists
                }
                if (dedupReason != null && "ConditionalCheckFailed".equals(dedupReason.code())) {
                    Optional<String> holder = holderOf(dedupReason, job);
                    if (holder.isPresent()) return CreateResult.duplicateOf(holder.get());
                    // the key expired or was released between our write and our read: try again
                } else if (reasons.stream().noneMatch(r -> "TransactionConflict".equals(r.code()))) {
                    throw new JobkitException("writing job " + job.id() + " failed: " + e.getMessage(), e);
                }
                if (attempt >= MAX_TRANSACTION_RETRIES) {
                    throw new JobkitException("writing job " + job.id() + " kept conflicting with concurrent enqueues of"
                            + " dedup key '" + job.dedupKey() + "'; try again", e);
                }
                pause(attempt + 1);
            }
        }
    }

    /**
     * The status item's put: new jobs only. With a caller-chosen id it may also replace a job of that id whose
     * enqueue failed before anything was sent, which is what "safe to try again" promises.
     */
    private TransactWriteItem statusPut(NewJob job, Instant now) {
        Put.Builder put = Put.builder().tableName(table).item(statusItem(job, now));
        if (job.callerId()) {
            put.conditionExpression("attribute_not_exists(#pk) OR (#status = :failed AND #errorType = :enqueueFailed"
                            + " AND #attempt = :zero)")
                    .expressionAttributeNames(Map.of("#pk", JobTable.PARTITION_KEY, "#status", JobItems.STATUS,
                            "#errorType", JobItems.ERROR_TYPE, "#attempt", JobItems.ATTEMPT))
                    .expressionAttributeValues(Map.of(":failed", JobItems.s("FAILED"),
                            ":enqueueFailed", JobItems.s("EnqueueFailed"), ":zero", JobItems.n(0)));
        } else {
            put.conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", JobTable.PARTITION_KEY));
        }
        return TransactWriteItem.builder().put(put.build()).build();
    }

    /** The caller-id write without a dedup key; empty when it conflicted with a concurrent transaction. */
    private Optional<CreateResult> createWithCallerId(NewJob job, Instant now) {
        TransactWriteItem statusPut = statusPut(job, now);
        List<TransactWriteItem> items = new ArrayList<>(List.of(statusPut));
        if (!statusPut.put().item().containsKey(JobItems.ENVELOPE)) {
            items.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(envelopeItem(job, now)).build()).build());
        }
        try {
            dynamo.transactWriteItems(r -> r.transactItems(items));
            return Optional.of(CreateResult.created(job.id()));
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
            if (!reasons.isEmpty() && "ConditionalCheckFailed".equals(reasons.get(0).code())) {
                return Optional.of(CreateResult.duplicateOf(job.id()));
            }
            if (reasons.stream().anyMatch(r -> "TransactionConflict".equals(r.code()))) return Optional.empty();
            throw new JobkitException("writing job " + job.id() + " failed: " + e.getMessage(), e);
        }
    }

    private static Map<String, AttributeValue> dedupItem(NewJob job, Instant now) {
        Map<String, AttributeValue> dedup = new HashMap<>(JobItems.dedupKey(job.type(), job.dedupKey()));
        Instant windowEnd = now.plus(job.dedupWindow());
        dedup.put(JobItems.JOB_ID, JobItems.s(job.id()));
        dedup.put(JobItems.CREATED_AT, JobItems.time(now));
        dedup.put(JobItems.WINDOW_ENDS_AT, JobItems.time(windowEnd));
        dedup.put(JobItems.EXPIRES_AT, JobItems.n(windowEnd.getEpochSecond()));
        return dedup;
    }

    /**
     * A lean job's dedup key, and nothing else: one conditional put, so of concurrent duplicates exactly one holds
     * the key and the others get its job id. The job's record is written by its first claim.
     */
    CreateResult holdDedup(NewJob job) {
        for (int attempt = 0; ; attempt++) {
            Instant now = clock.instant();
            try {
                dynamo.putItem(r -> r.tableName(table).item(dedupItem(job, now))
                        .conditionExpression("attribute_not_exists(#pk) OR #windowEndsAt <= :now")
                        .expressionAttributeNames(Map.of("#pk", JobTable.PARTITION_KEY, "#windowEndsAt", JobItems.WINDOW_ENDS_AT))
                        .expressionAttributeValues(Map.of(":now", JobItems.time(now)))
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
                return CreateResult.created(job.id());
            } catch (ConditionalCheckFailedException e) {
                Map<String, AttributeValue> old = e.hasItem() ? e.item() : null;
                Optional<String> holder = holderOf(old, job);
                if (holder.isPresent()) return CreateResult.duplicateOf(holder.get());
                if (attempt >= MAX_TRANSACTION_RETRIES) {
                    throw new JobkitException("holding dedup key '" + job.dedupKey() + "' for job " + job.id()
                            + " kept conflicting with concurrent enqueues; try again", e);
                }
            }
        }
    }

    private Optional<String> holderOf(CancellationReason reason, NewJob job) {
        return holderOf(reason.hasItem() ? reason.item() : null, job);
    }

    private Optional<String> holderOf(Map<String, AttributeValue> found, NewJob job) {
        Map<String, AttributeValue> item = found;
        if (item == null || item.isEmpty()) {
            item = dynamo.getItem(r -> r.tableName(table).key(JobItems.dedupKey(job.type(), job.dedupKey()))
                    .consistentRead(true)).item();
        }
        if (item == null || item.isEmpty()) return Optional.empty();
        String windowEnd = JobItems.str(item, JobItems.WINDOW_ENDS_AT);
        if (windowEnd != null && !JobItems.instant(item, JobItems.WINDOW_ENDS_AT).isAfter(clock.instant())) {
            return Optional.empty();
        }
        return Optional.ofNullable(JobItems.str(item, JobItems.JOB_ID));
    }

    void releaseDedup(String type, String dedupKey, String jobId) {
        try {
            dynamo.deleteItem(r -> r.tableName(table).key(JobItems.dedupKey(type, dedupKey))
                    .conditionExpression("#jobId = :jobId")
                    .expressionAttributeNames(Map.of("#jobId", JobItems.JOB_ID))
                    .expressionAttributeValues(Map.of(":jobId", JobItems.s(jobId))));
        } catch (ConditionalCheckFailedException e) {
            // the key belongs to another job by now: leave it
        }
    }

    private Map<String, AttributeValue> statusItem(NewJob job, Instant now) {
        Map<String, AttributeValue> item = new HashMap<>(JobItems.jobKey(job.id()));
        item.put(JobItems.ID, JobItems.s(job.id()));
        item.put(JobItems.TYPE, JobItems.s(job.type()));
        item.put(JobItems.STATUS, JobItems.s(job.status().name()));
        item.put(JobItems.STATUS_SHARD, JobItems.s(JobItems.statusShard(job.status(), job.id(), shards)));
        item.put(JobItems.QUEUE, JobItems.s(job.queue()));
        item.put(JobItems.PRIORITY, JobItems.s(job.priority().name()));
        item.put(JobItems.ATTEMPT, JobItems.n(0));
        item.put(JobItems.MAX_ATTEMPTS, JobItems.n(job.maxAttempts()));
        item.put(JobItems.CYCLE, JobItems.n(1));
        item.put(JobItems.CREATED_AT, JobItems.time(now));
        item.put(JobItems.CREATED_KEY, JobItems.s(JobItems.createdKey(now, job.id())));
        item.put(JobItems.UPDATED_AT, JobItems.time(now));
        item.put(JobItems.VERSION, JobItems.n(1));
        if (job.tags() != null && !job.tags().isEmpty()) item.put(JobItems.TAGS, JobStore.tags(job.tags()));
        if (job.runAt() != null) item.put(JobItems.RUN_AT, JobItems.time(job.runAt()));
        if (job.dedupKey() != null) item.put(JobItems.DEDUP_KEY, JobItems.s(job.dedupKey()));
        if (job.scheduleName() != null) item.put(JobItems.SCHEDULE_NAME, JobItems.s(job.scheduleName()));
        item.put(JobItems.ENVELOPE, JobItems.s(job.envelopeJson()));
        if (JobItems.size(item) > INLINE_BUDGET) item.remove(JobItems.ENVELOPE);
        return item;
    }

    private Map<String, AttributeValue> envelopeItem(NewJob job, Instant now) {
        Map<String, AttributeValue> item = new HashMap<>(JobItems.envelopeKey(job.id()));
        item.put(JobItems.ID, JobItems.s(job.id()));
        item.put(JobItems.ENVELOPE, JobItems.s(job.envelopeJson()));
        Instant due = job.runAt() != null && job.runAt().isAfter(now) ? job.runAt() : now;
        item.put(JobItems.EXPIRES_AT, JobItems.n(due.plus(JobStore.ENVELOPE_GRACE).plus(retention).getEpochSecond()));
        return item;
    }

    private static WriteRequest put(Map<String, AttributeValue> item) {
        return WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build();
    }

    private static void pause(int attempt) {
        long millis = Math.min(1000, 25L << Math.min(attempt, 6));
        try {
            Thread.sleep(millis / 2 + ThreadLocalRandom.current().nextLong(millis / 2 + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobkitException("interrupted while writing jobs", e);
        }
    }
}
