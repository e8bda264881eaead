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
 *   <li>The bare consumer: N raw messages, each received (10 at a time), moved through the same two conditional
 *       UpdateItems and batch-deleted by {@code concurrency} threads — what any tracked design must at least do.</li>
 *   <li>Throughput per tracking level ({@code full}, {@code lean}, {@code none}): N jobs enqueued with
 *       {@code enqueueAll}, then drained by a worker of {@code concurrency}; requests per job counted by an SDK
 *       interceptor, DynamoDB write units from ReturnConsumedCapacity, consumer CPU as the CPU time of the worker's
 *       own threads ({@link #WORKER_THREADS}; the bare consumer's are {@code bench-bare-*}), the emulators' CPU beside
 *       it, list-price dollars per million jobs from both.</li>
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
    /** On-demand list prices (us-east-1, read 2026-12-03): per million write request units and SQS requests. */
    static final double DOLLARS_PER_MILLION_WCU = 0.625;
    static final double DOLLARS_PER_MILLION_SQS = 0.40;
    private final java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    private volatile long lastDrainCpuNanos;
    private volatile long lastDrainServerNanos;

    /** One measured row: rate, consumer CPU per job, requests and write units per job (enqueue plus processing). */
    record Row(String name, double jobsPerSecond, double cpuMillisPerJob, double serverCpuMillisPerJob, double sqsPerJob,
               double wcuPerJob) {
        double dollarsPerMillion() {
            return sqsPerJob * DOLLARS_PER_MILLION_SQS + wcuPerJob * DOLLARS_PER_MILLION_WCU;
        }
    }

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

            Row bare = bareConsumer(sqs, dynamo);
            counter.takeAndReset();

            double enqueueSeconds = 0;
            RequestCounter.Snapshot enqueue = null;
            double workerSeconds = 0;
            RequestCounter.Snapshot process = null;
            List<Row> rows = new ArrayList<>();
            for (io.jobkit.client.TrackingLevel level : io.jobkit.client.TrackingLevel.values()) {
                long t0 = System.nanoTime();
                client.enqueueAll(requests(jobs, level));
                double enqueued = seconds(t0);
                RequestCounter.Snapshot e = counter.takeAndReset();
                double drained = drain(client, handlers, done, jobs);
                RequestCounter.Snapshot p = counter.takeAndReset();
                rows.add(new Row(level.wireName(), jobs / drained, lastDrainCpuNanos / 1e6 / jobs, lastDrainServerNanos / 1e6 / jobs,
                        (e.total("Sqs") + p.total("Sqs")) / (double) jobs, (e.writeUnits() + p.writeUnits()) / jobs));
                if (level == io.jobkit.client.TrackingLevel.FULL) {
                    enqueueSeconds = enqueued;
                    enqueue = e;
                    workerSeconds = drained;
                    process = p;
                }
            }

            List<Long> latencies = latency(client, handlers, started);
            report(rawRate, raw, dynamoRate, enqueueSeconds, enqueue, workerSeconds, process, latencies);
            levels(bare, rows);
        }
    }

    /** The per-level table: each level next to the bare consumer, with list-price dollars per million jobs. */
    private void levels(Row bare, List<Row> rows) {
        out.println();
        out.printf(Locale.ROOT, "| tracking (%d no-op jobs, concurrency %d) | jobs/s | × bare | consumer CPU ms/job | × bare"
                + " | emulators' CPU ms/job | SQS requests/job | DynamoDB WCU/job | $ per million jobs (SQS + DynamoDB writes) |%n",
                jobs, concurrency);
        out.println("|---|---|---|---|---|---|---|---|---|");
        for (Row r : java.util.stream.Stream.concat(java.util.stream.Stream.of(bare), rows.stream()).toList()) {
            out.printf(Locale.ROOT, "| %s | %.0f | %.2f | %.3f | %.2f | %.3f | %.2f | %.2f | %.2f |%n", r.name(), r.jobsPerSecond(),
                    r.jobsPerSecond() / bare.jobsPerSecond(), r.cpuMillisPerJob(), r.cpuMillisPerJob() / bare.cpuMillisPerJob(),
                    r.serverCpuMillisPerJob(), r.sqsPerJob(), r.wcuPerJob(), r.dollarsPerMillion());
        }
        out.printf(Locale.ROOT, "# prices: $%.3f per million write request units (on-demand), $%.2f per million SQS requests"
                + " (standard, after the free tier); read 2026-12-03%n", DOLLARS_PER_MILLION_WCU, DOLLARS_PER_MILLION_SQS);
    }

    /**
     * The bare consumer: raw messages received 10 at a time, each record moved QUEUED → RUNNING → SUCCEEDED by two
     * conditional UpdateItems that re-key the index, messages batch-deleted; sent and pre-written outside the timing.
     */
    private Row bareConsumer(SqsClient sqs, DynamoDbClient dynamo) throws InterruptedException {
        String url = sqs.createQueue(r -> r.queueName(cloud.topology().prefix() + "-bench-bare")).queueUrl();
        String table = cloud.topology().tableName();
        List<WriteRequest> puts = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            Map<String, AttributeValue> item = Map.of("pk", av("BARE#" + i), "sk", av("JOB"), "id", av(Integer.toString(i)),
                    "type", av("bench.noop"), "status", av("QUEUED"), "statusShard", av("QUEUED#" + (i % 8)),
                    "createdKey", av("2026-01-01T00:00:00.000Z#" + i));
            puts.add(WriteRequest.builder().putRequest(p -> p.item(item)).build());
        }
        for (int from = 0; from < puts.size(); from += 25) {
            List<WriteRequest> chunk = puts.subList(from, Math.min(puts.size(), from + 25));
            dynamo.batchWriteItem(r -> r.requestItems(Map.of(table, chunk)));
        }
        for (int i = 0; i < jobs; i += 10) {
            List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
            for (int k = i; k < Math.min(jobs, i + 10); k++) {
                batch.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(k)).messageBody(Integer.toString(k)).build());
            }
            sqs.sendMessageBatch(r -> r.queueUrl(url).entries(batch));
        }
        counter.takeAndReset();
        AtomicInteger handled = new AtomicInteger();
        long[] cpu = new long[1];
        long serversBefore = cpuNanos(EMULATOR_THREADS);
        double seconds = onThreads(() -> {
            while (handled.get() < jobs) {
                List<Message> ms = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
                if (ms.isEmpty()) continue;
                List<DeleteMessageBatchRequestEntry> del = new ArrayList<>();
                for (int i = 0; i < ms.size(); i++) {
                    String pk = "BARE#" + ms.get(i).body();
                    moveKey(dynamo, table, pk, "QUEUED", "RUNNING", Integer.parseInt(ms.get(i).body()));
                    moveKey(dynamo, table, pk, "RUNNING", "SUCCEEDED", Integer.parseInt(ms.get(i).body()));
                    del.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i)).receiptHandle(ms.get(i).receiptHandle()).build());
                }
                sqs.deleteMessageBatch(r -> r.queueUrl(url).entries(del));
                handled.addAndGet(ms.size());
            }
            synchronized (cpu) {
                cpu[0] += threads.getCurrentThreadCpuTime();
            }
        });
        long servers = Math.max(0, cpuNanos(EMULATOR_THREADS) - serversBefore);
        RequestCounter.Snapshot s = counter.takeAndReset();
        return new Row("bare SDK consumer (receive, 2 conditional writes, batch delete)", jobs / seconds, cpu[0] / 1e6 / jobs,
                servers / 1e6 / jobs,
                s.total("Sqs") / (double) jobs, s.writeUnits() / jobs);
    }

    private static void moveKey(DynamoDbClient dynamo, String table, String pk, String from, String to, int i) {
        dynamo.updateItem(r -> r.tableName(table).key(Map.of("pk", av(pk), "sk", av("JOB")))
                .updateExpression("SET #s = :to, statusShard = :shard")
                .conditionExpression("#s = :from")
                .expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":to", av(to), ":from", av(from), ":shard", av(to + "#" + (i % 8))))
                .returnValues(ReturnValue.ALL_NEW));
    }

    /**
     * The worker's own threads, by the names {@code Worker} and {@code JobProcessor} give them (they make the
     * worker's SDK calls too). Not every {@code jobkit-} thread: the emulators in this JVM are named
     * {@code jobkit-dynamodb-*} and {@code jobkit-sqs-*}, and counting them charged the servers' CPU to the worker
     * while the bare consumer's column held its own threads only.
     */
    static final List<String> WORKER_THREADS = List.of("jobkit-job-", "jobkit-handler-", "jobkit-lease", "jobkit-poll-",
            "jobkit-ack", "jobkit-heartbeat", "jobkit-fifo-hold", "jobkit-reconciler");
    /** The emulators' request threads: DynamoDB Local's Jetty pool and SQLite queue, ElasticMQ's Pekko dispatchers. */
    static final List<String> EMULATOR_THREADS = List.of("jobkit-dynamodb", "SQLiteQueue", "jobkit-sqs-");

    static boolean named(String thread, List<String> prefixes) {
        for (String p : prefixes) if (thread.startsWith(p)) return true;
        return false;
    }

    /** CPU time so far of the live threads whose names start with one of {@code prefixes}. */
    private long cpuNanos(List<String> prefixes) {
        long total = 0;
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null || !named(info.getThreadName(), prefixes)) continue;
            long t = threads.getThreadCpuTime(info.getThreadId());
            if (t > 0) total += t;
        }
        return total;
    }

    /** Starts a worker on the queued backlog and returns the seconds until {@code n} more jobs have run. */
    private double drain(JobClient client, JobHandlers handlers, AtomicInteger done, int n) throws InterruptedException {
        done.set(0);
        long t0 = System.nanoTime();
        long cpuBefore = cpuNanos(WORKER_THREADS); // threads of earlier workers still alive are not this drain's
        long serversBefore = cpuNanos(EMULATOR_THREADS);
        // only the queue the jobs are on: idle queues' long polls (one per 20 s each in production) are not load, and
        // with the 1 s poll a round needs to end promptly they would add a receive per second each
        try (Worker worker = Worker.create(client, handlers, WorkerOptions.builder().concurrency(concurrency)
                .queues(List.of("normal")).pollWait(Duration.ofSeconds(1)).build()).start()) {
            while (done.get() < n) Thread.sleep(5);
            double elapsed = seconds(t0);
            Thread.sleep(200); // let the last outcomes and deletes land, inside the CPU sample
            lastDrainCpuNanos = Math.max(0, cpuNanos(WORKER_THREADS) - cpuBefore);
            lastDrainServerNanos = Math.max(0, cpuNanos(EMULATOR_THREADS) - serversBefore);
            return elapsed;
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
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency, r -> new Thread(r, "bench-bare-" + n.incrementAndGet()));
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
        return requests(n, io.jobkit.client.TrackingLevel.FULL);
    }

    private static List<EnqueueRequest> requests(int n, io.jobkit.client.TrackingLevel level) {
        io.jobkit.client.JobOptions options = io.jobkit.client.JobOptions.builder().tracking(level).build();
        List<EnqueueRequest> r = new ArrayList<>(n);
        for (int i = 0; i < n; i++) r.add(EnqueueRequest.of("bench.noop", Map.of("i", i), options));
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
