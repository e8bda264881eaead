package io.jobkit.local.bench;

import io.jobkit.client.EnqueueRequest;
import io.jobkit.client.JobClient;
import io.jobkit.handlers.JobHandlers;
import io.jobkit.handlers.worker.Worker;
import io.jobkit.handlers.worker.WorkerOptions;
import io.jobkit.local.LocalCloud;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * No-op jobs through the container worker on the local cloud, next to a bare AWS SDK receive/delete loop on the
 * same emulators in the same run — absolute numbers here are bounded by the emulators (DynamoDB Local above all),
 * so compare ratios.
 *
 * <ol>
 *   <li>Warm-up: a round of jobs through the worker (the first round after start is ~2× slower: JIT).</li>
 *   <li>Baselines: N raw messages sent in batches of 10, then received (10 at a time) and batch-deleted by
 *       {@code concurrency} threads; and N records each moved through two conditional UpdateItems that change
 *       their status-index key (what any design pays to record a claim and an outcome) by {@code concurrency}
 *       threads — the ceiling DynamoDB Local allows.</li>
 *   <li>Throughput: N jobs enqueued with {@code enqueueAll}, then drained by a worker of {@code concurrency};
 *       requests per job counted by an SDK interceptor, DynamoDB write units from ReturnConsumedCapacity.</li>
 *   <li>Latency at light load: one job every {@code interval} with the worker idle-polling; enqueue call start to
 *       handler start, p50/p99.</li>
 * </ol>
 */
final class WorkerBenchmark {
    private final LocalCloud cloud;
    private final int jobs;
    private final int concurrency;
    private final int latencySamples;
    private final Duration interval;
    private final PrintStream out;
    private final RequestCounter counter = new RequestCounter();

    WorkerBenchmark(LocalCloud cloud, int jobs, int concurrency, int latencySamples, Duration interval, PrintStream out) {
        this.cloud = cloud;
        this.jobs = jobs;
        this.concurrency = concurrency;
        this.latencySamples = latencySamples;
        this.interval = interval;
        this.out = out;
    }

    void run() throws InterruptedException {
        try (SqsClient sqs = sqs(); DynamoDbClient dynamo = dynamo();
             JobClient client = JobClient.builder().sqsClient(sqs).dynamoDbClient(dynamo).topology(cloud.topology()).build()) {
            Map<String, Long> started = new ConcurrentHashMap<>();
            AtomicInteger done = new AtomicInteger();
            JobHandlers handlers = JobHandlers.builder().handler("bench.noop", Map.class, (p, ctx) -> {
                started.putIfAbsent(ctx.jobId(), System.nanoTime());
                done.incrementAndGet();
                return null;
            }).build();

            out.printf("# warm-up: %d jobs%n", jobs / 2);
            client.enqueueAll(requests(jobs / 2));
            drain(client, handlers, done, jobs / 2);
            counter.takeAndReset();

            double rawRate = bareSdkLoop(sqs);
            RequestCounter.Snapshot raw = counter.takeAndReset();
            double dynamoRate = bareDynamoLoop(dynamo);
            counter.takeAndReset();

            long t0 = System.nanoTime();
            client.enqueueAll(requests(jobs));
            double enqueueSeconds = seconds(t0);
            RequestCounter.Snapshot enqueue = counter.takeAndReset();
            double workerSeconds = drain(client, handlers, done, jobs);
            RequestCounter.Snapshot process = counter.takeAndReset();

            List<Long> latencies = latency(client, handlers, started);
            report(rawRate, raw, dynamoRate, enqueueSeconds, enqueue, workerSeconds, process, latencies);
        }
    }

    /** Starts a worker on the queued backlog and returns the seconds until {@code n} more jobs have run. */
    private double drain(JobClient client, JobHandlers handlers, AtomicInteger done, int n) throws InterruptedException {
        done.set(0);
        long t0 = System.nanoTime();
        try (Worker worker = Worker.create(client, handlers, WorkerOptions.builder().concurrency(concurrency)
                .pollWait(Duration.ofSeconds(1)).build()).start()) {
            while (done.get() < n) Thread.sleep(5);
            return seconds(t0);
        }
    }

    private double bareSdkLoop(SqsClient sqs) throws InterruptedException {
        String url = sqs.createQueue(r -> r.queueName(cloud.topology().prefix() + "-bench-raw")).queueUrl();
        for (int i = 0; i < jobs; i += 10) {
            List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
            for (int k = i; k < Math.min(jobs, i + 10); k++) {
                batch.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(k)).messageBody("{\"n\":" + k + "}").build());
            }
            sqs.sendMessageBatch(r -> r.queueUrl(url).entries(batch));
        }
        counter.takeAndReset();
        AtomicInteger received = new AtomicInteger();
        return jobs / onThreads(() -> {
            while (received.get() < jobs) {
                List<Message> ms = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
                if (ms.isEmpty()) continue;
                received.addAndGet(ms.size());
                List<DeleteMessageBatchRequestEntry> del = new ArrayList<>();
                for (int i = 0; i < ms.size(); i++) {
                    del.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i)).receiptHandle(ms.get(i).receiptHandle()).build());
                }
                sqs.deleteMessageBatch(r -> r.queueUrl(url).entries(del));
            }
        });
    }

    private double bareDynamoLoop(DynamoDbClient dynamo) throws InterruptedException {
        String table = cloud.topology().tableName();
        List<WriteRequest> puts = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            Map<String, AttributeValue> item = Map.of("pk", av("BENCH#" + i), "sk", av("JOB"), "id", av(Integer.toString(i)),
                    "type", av("bench.noop"), "status", av("QUEUED"), "statusShard", av("QUEUED#" + (i % 8)),
                    "createdKey", av("2026-01-01T00:00:00.000Z#" + i));
            puts.add(WriteRequest.builder().putRequest(p -> p.item(item)).build());
        }
        for (int from = 0; from < puts.size(); from += 25) {
            List<WriteRequest> chunk = puts.subList(from, Math.min(puts.size(), from + 25));
            dynamo.batchWriteItem(r -> r.requestItems(Map.of(table, chunk)));
        }
        AtomicInteger next = new AtomicInteger();
        return jobs / onThreads(() -> {
            for (int i = next.getAndIncrement(); i < jobs; i = next.getAndIncrement()) {
                move(dynamo, table, i, "QUEUED", "RUNNING");
                move(dynamo, table, i, "RUNNING", "SUCCEEDED");
            }
        });
    }

    /** Runs {@code body} on {@code concurrency} threads at once and returns the seconds until all are done. */
    private double onThreads(Runnable body) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        CountDownLatch finished = new CountDownLatch(concurrency);
        long t0 = System.nanoTime();
        for (int t = 0; t < concurrency; t++) {
            pool.execute(() -> {
                try {
                    body.run();
                } finally {
                    finished.countDown();
                }
            });
        }
        finished.await();
        double elapsed = seconds(t0);
        pool.shutdown();
        return elapsed;
    }

    private static void move(DynamoDbClient dynamo, String table, int i, String from, String to) {
        dynamo.updateItem(r -> r.tableName(table).key(Map.of("pk", av("BENCH#" + i), "sk", av("JOB")))
                .updateExpression("SET #s = :to, statusShard = :shard")
                .conditionExpression("#s = :from")
                .expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":to", av(to), ":from", av(from), ":shard", av(to + "#" + (i % 8))))
                .returnValues(ReturnValue.ALL_NEW));
    }

    private static AttributeValue av(String s) {
        return AttributeValue.fromS(s);
    }

    private List<Long> latency(JobClient client, JobHandlers handlers, Map<String, Long> started) throws InterruptedException {
        Map<String, Long> enqueued = new ConcurrentHashMap<>();
        try (Worker worker = Worker.create(client, handlers, WorkerOptions.builder().concurrency(concurrency).build()).start()) {
            Thread.sleep(2000); // pollers settle into idle long polls
            for (int i = 0; i < latencySamples; i++) {
                long t = System.nanoTime();
                enqueued.put(client.enqueue("bench.noop", Map.of("i", i)), t);
                Thread.sleep(interval.toMillis());
            }
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!started.keySet().containsAll(enqueued.keySet()) && System.nanoTime() < until) Thread.sleep(10);
        }
        List<Long> micros = new ArrayList<>();
        enqueued.forEach((id, t) -> {
            Long s = started.get(id);
            if (s != null) micros.add((s - t) / 1000);
        });
        micros.sort(Long::compare);
        return micros;
    }

    private void report(double rawRate, RequestCounter.Snapshot raw, double dynamoRate, double enqueueSeconds,
                        RequestCounter.Snapshot enqueue,
                        double workerSeconds, RequestCounter.Snapshot process, List<Long> latencies) {
        double jobRate = jobs / workerSeconds;
        out.println();
        out.printf(Locale.ROOT, "| measure (%d no-op jobs, concurrency %d) | value |%n", jobs, concurrency);
        out.println("|---|---|");
        out.printf(Locale.ROOT, "| bare SDK receive + batch delete | %.0f msgs/s, %.2f SQS requests/msg |%n", rawRate,
                raw.total("Sqs") / (double) jobs);
        out.printf(Locale.ROOT, "| bare SDK: 2 conditional UpdateItems per record, moving its index key | %.0f records/s |%n", dynamoRate);
        out.printf(Locale.ROOT, "| jobkit worker drain | %.0f jobs/s (%.0f %% of the SQS loop, %.0f %% of the DynamoDB ceiling) |%n",
                jobRate, 100 * jobRate / rawRate, 100 * jobRate / dynamoRate);
        out.printf(Locale.ROOT, "| enqueueAll | %.0f jobs/s |%n", jobs / enqueueSeconds);
        out.printf(Locale.ROOT, "| SQS requests per job | %.2f enqueue + %.2f processing |%n",
                enqueue.total("Sqs") / (double) jobs, process.total("Sqs") / (double) jobs);
        out.printf(Locale.ROOT, "| DynamoDB requests per job | %.2f enqueue + %.2f processing |%n",
                enqueue.total("DynamoDb") / (double) jobs, process.total("DynamoDb") / (double) jobs);
        out.printf(Locale.ROOT, "| DynamoDB write units per job | %.2f enqueue + %.2f processing |%n",
                enqueue.writeUnits() / jobs, process.writeUnits() / jobs);
        if (!latencies.isEmpty()) {
            out.printf(Locale.ROOT, "| enqueue → handler start, light load (%d jobs, one per %d ms) | p50 %.1f ms, p99 %.1f ms |%n",
                    latencies.size(), interval.toMillis(), pct(latencies, 50) / 1000.0, pct(latencies, 99) / 1000.0);
        }
        out.println();
        out.println("# requests during processing: " + process.requests());
        out.println("# requests during enqueue: " + enqueue.requests());
    }

    private static long pct(List<Long> sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    private static List<EnqueueRequest> requests(int n) {
        List<EnqueueRequest> r = new ArrayList<>(n);
        for (int i = 0; i < n; i++) r.add(EnqueueRequest.of("bench.noop", Map.of("i", i)));
        return r;
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }

    private SqsClient sqs() {
        return SqsClient.builder().endpointOverride(cloud.sqsEndpoint()).region(cloud.region())
                .credentialsProvider(cloud.credentialsProvider()).httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(c -> c.addExecutionInterceptor(counter)).build();
    }

    private DynamoDbClient dynamo() {
        return DynamoDbClient.builder().endpointOverride(cloud.dynamoDbEndpoint()).region(cloud.region())
                .credentialsProvider(cloud.credentialsProvider()).httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(c -> c.addExecutionInterceptor(counter)).build();
    }
}
