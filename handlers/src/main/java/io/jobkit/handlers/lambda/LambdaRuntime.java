package io.jobkit.handlers.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.jobkit.client.JobClient;
import io.jobkit.client.spi.ClientRuntime;
import io.jobkit.client.store.WorkerRegistry;
import io.jobkit.client.topology.JobTable;
import io.jobkit.handlers.JobHandlers;
import io.jobkit.handlers.metrics.JobMetricsRecorder;
import io.jobkit.handlers.metrics.MetricsSettings;
import io.jobkit.handlers.processor.JobProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Everything a warm Lambda environment keeps between invocations (client, processor, record threads), and the
 * handling of one batch.
 *
 * <ol>
 *   <li>Read the time left: jobs must stop {@code safetyMargin} before the function's timeout; no record starts in
 *       the last second before that; the invocation answers halfway through the rest of the margin at the latest.</li>
 *   <li>Resolve each record to its queue; a record from a queue outside the topology is a failure, logged.</li>
 *   <li>Run the records through the shared {@link JobProcessor} ({@link BatchRunner}: bounded parallelism, FIFO
 *       groups in order), deadline per job = min(job timeout, that runtime deadline).</li>
 *   <li>Give every failure that should come back sooner than the queue's visibility timeout its visibility (batched),
 *       then report the failures as {@code batchItemFailures}; the event source mapping deletes the rest.</li>
 * </ol>
 */
final class LambdaRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LambdaRuntime.class);
    /** Without a Lambda context (a direct call), a batch gets Lambda's longest timeout. */
    private static final Duration NO_CONTEXT_TIME = Duration.ofMinutes(15);
    private static final Duration LEAST_TO_START = Duration.ofSeconds(1);

    private final JobClient client;
    private final boolean ownsClient;
    private final ClientRuntime runtime;
    private final JobProcessor processor;
    private final LambdaOptions options;
    private final Clock clock;
    private final ExecutorService recordThreads;
    private final BatchRunner runner;
    private final SqsRecords records;
    private final VisibilityReturns returns;
    private final LambdaHeartbeat heartbeat;
    private final JobMetricsRecorder metrics; // null when JOBKIT_METRICS=off

    LambdaRuntime(JobClient client, boolean ownsClient, JobHandlers handlers, LambdaOptions options, String host) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.runtime = client.runtime();
        this.options = options;
        this.clock = runtime.clock();
        MetricsSettings metricsSettings = MetricsSettings.fromEnvironment(System.getenv());
        this.metrics = JobMetricsRecorder.forRuntime(runtime, metricsSettings);
        this.processor = new JobProcessor(client, handlers, options.processor(),
                metrics == null ? io.jobkit.handlers.processor.JobObserver.NONE : metrics);
        AtomicInteger n = new AtomicInteger();
        this.recordThreads = Executors.newFixedThreadPool(options.parallelism(), r -> {
            Thread t = new Thread(r, "jobkit-lambda-record-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.runner = new BatchRunner(recordThreads, clock);
        this.records = new SqsRecords(runtime.topology());
        this.returns = new VisibilityReturns(runtime.sqs());
        this.heartbeat = new LambdaHeartbeat(new WorkerRegistry(runtime.dynamoDb(), runtime.topology().tableName(), clock),
                options.processor().workerId(), host, options.parallelism(), clock,
                List.copyOf(new java.util.TreeSet<>(handlers.types())));
    }

    SQSBatchResponse handle(SQSEvent event, Context context) {
        // An environment is frozen between invocations, so an ended minute is written by the next one (or at the end
        // of this one, below); see JobMetricsRecorder and docs for what a never-thawed environment loses.
        flushEndedMinutes();
        List<SQSEvent.SQSMessage> batch = event == null || event.getRecords() == null ? List.of() : event.getRecords();
        if (batch.isEmpty()) return new SQSBatchResponse(new ArrayList<>());
        Instant now = clock.instant();
        Instant end = now.plus(context == null ? NO_CONTEXT_TIME : Duration.ofMillis(context.getRemainingTimeInMillis()));
        Instant jobDeadline = end.minus(options.safetyMargin());
        Duration recording = options.safetyMargin().minus(options.processor().cancelGrace());
        Instant answerBy = end.minus(recording.dividedBy(2));
        if (jobDeadline.minus(LEAST_TO_START).isBefore(now)) {
            LOG.error("the invocation has {} ms left, less than the safety margin ({}) plus 1 s, so no record can start;"
                    + " every record goes back to the queue. Raise the function timeout, or lower {}",
                    Duration.between(now, end).toMillis(), options.safetyMargin(), LambdaOptions.SAFETY_MARGIN_ENV);
        }

        List<SqsRecords.Resolved> resolved = batch.stream().map(records::resolve).toList();
        List<RecordOutcome> outcomes = runner.run(resolved, SqsRecords.Resolved::orderingKey,
                r -> process(r, jobDeadline), jobDeadline.minus(LEAST_TO_START), answerBy);

        List<VisibilityReturns.Return> toReturn = new ArrayList<>();
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<String> queues = new ArrayList<>();
        for (int i = 0; i < resolved.size(); i++) {
            SqsRecords.Resolved r = resolved.get(i);
            RecordOutcome outcome = outcomes.get(i);
            if (r.ok()) queues.add(r.message().queue().name());
            if (!outcome.failed()) continue;
            failures.add(new SQSBatchResponse.BatchItemFailure(r.record().getMessageId()));
            if (r.ok() && outcome.returnAfter() != null) returnLater(r, outcome.returnAfter(), toReturn);
        }
        returns.apply(toReturn);
        heartbeat.afterBatch(queues, outcomes);
        flushEndedMinutes();
        return new SQSBatchResponse(failures);
    }

    private RecordOutcome process(SqsRecords.Resolved r, Instant jobDeadline) {
        if (!r.ok()) {
            LOG.error("record {} cannot be processed and is reported as a failure: {}", r.record().getMessageId(), r.problem());
            return new RecordOutcome.Leave(r.problem());
        }
        return RecordOutcome.of(processor.process(r.message(), jobDeadline));
    }

    private void returnLater(SqsRecords.Resolved r, Duration after, List<VisibilityReturns.Return> toReturn) {
        try {
            toReturn.add(new VisibilityReturns.Return(runtime.queues().url(r.message().queue()), r.message().messageId(),
                    r.message().receiptHandle(), after));
        } catch (RuntimeException e) {
            LOG.warn("record {}: the URL of queue {} is unknown ({}); it returns after its current visibility timeout",
                    r.message().messageId(), r.message().queue().name(), e.toString());
        }
    }

    private void flushEndedMinutes() {
        if (metrics == null || !metrics.hasCompletedMinute()) return;
        try {
            metrics.flushCompleted();
        } catch (RuntimeException e) {
            LOG.warn("job metrics flush failed: {}", e.toString());
        }
    }

    /**
     * Makes the SDK clients' first requests before the first batch arrives, each of the kinds a batch makes, so their
     * signer, endpoint rules, protocol marshallers, exception unmarshalling and HTTP connection are ready: a GetItem
     * and a conditional UpdateItem (which fails: 1 write unit per cold start) of a key no item has, and the
     * environment's first heartbeat (a PutItem, which the first batch then need not write). A failure here is not the
     * function's: the first invocation makes the same calls for real.
     */
    void prime() {
        Map<String, AttributeValue> key = Map.of(JobTable.PARTITION_KEY, AttributeValue.fromS("PRIME#lambda"),
                JobTable.SORT_KEY, AttributeValue.fromS("PRIME"));
        try {
            runtime.dynamoDb().getItem(r -> r.tableName(runtime.topology().tableName()).key(key));
            runtime.dynamoDb().updateItem(r -> r.tableName(runtime.topology().tableName()).key(key)
                    .updateExpression("SET #p = :p").conditionExpression("attribute_exists(#k)")
                    .expressionAttributeNames(Map.of("#p", "primed", "#k", JobTable.PARTITION_KEY))
                    .expressionAttributeValues(Map.of(":p", AttributeValue.fromBool(true)))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
        } catch (ConditionalCheckFailedException expected) {
            // the key never exists: this is the answer that primes the failure path
        } catch (RuntimeException e) {
            LOG.info("jobkit Lambda: priming requests failed ({}); the first invocation connects instead", e.toString());
        }
        heartbeat.afterBatch(List.of(), List.of());
    }

    String workerId() {
        return options.processor().workerId();
    }

    @Override
    public void close() {
        if (metrics != null) {
            try {
                metrics.flushAll();
            } catch (RuntimeException e) {
                LOG.warn("final job metrics flush failed: {}", e.toString());
            }
        }
        processor.close();
        recordThreads.shutdownNow();
        heartbeat.remove();
        if (ownsClient) client.close();
    }
}
