package io.jobkit.local.bench;

import io.jobkit.client.EnqueueRequest;
import io.jobkit.client.JobClient;
import io.jobkit.handlers.JobHandlers;
import io.jobkit.handlers.metrics.MetricsSettings;
import io.jobkit.handlers.worker.Worker;
import io.jobkit.handlers.worker.WorkerOptions;
import io.jobkit.local.LocalCloud;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Job metrics on and off in one run, on one local cloud: what aggregation, the STATS flush and the EMF lines cost.
 *
 * <ol>
 *   <li>Warm-up round (metrics off; JIT).</li>
 *   <li>{@code rounds} pairs of rounds, alternating off / emf so drift (JIT, emulator state) falls on both: each
 *       enqueues N no-op jobs (not timed), then a fresh worker drains them; the metrics-on worker runs with
 *       {@code JOBKIT_METRICS=emf} settings and prints its EMF lines to {@code /dev/null} (serialising and writing
 *       them is counted, the terminal is not), and flushes at shutdown, inside the timed window.</li>
 *   <li>Per round: jobs/s, CPU ms per job of the worker's threads ({@link WorkerBenchmark#WORKER_THREADS}: pollers,
 *       jobs, handlers, leases, heartbeats and flush, not the emulators' {@code jobkit-dynamodb-*}/{@code jobkit-sqs-*})
 *       and of the whole process (which includes the emulators
 *       serving the extra writes), SQS requests and DynamoDB write units per job.</li>
 * </ol>
 */
final class MetricsBenchmark {
    private final LocalCloud cloud;
    private final int jobs;
    private final int concurrency;
    private final int rounds;
    private final PrintStream out;
    private final RequestCounter counter = new RequestCounter();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    MetricsBenchmark(LocalCloud cloud, int jobs, int concurrency, int rounds, PrintStream out) {
        this.cloud = cloud;
        this.jobs = jobs;
        this.concurrency = concurrency;
        this.rounds = rounds;
        this.out = out;
    }

    record Round(String metrics, double seconds, double jobkitCpuMs, double processCpuMs, long sqsRequests,
                 double writeUnits, long emfLines) {
    }

    void run() throws FileNotFoundException {
        if (threads.isThreadCpuTimeSupported()) threads.setThreadCpuTimeEnabled(true);
        try (SqsClient sqs = sqs(); DynamoDbClient dynamo = dynamo();
             JobClient client = JobClient.builder().sqsClient(sqs).dynamoDbClient(dynamo).topology(cloud.topology()).build();
             PrintStream devNull = new PrintStream(new FileOutputStream("/dev/null"), false)) {
            AtomicInteger done = new AtomicInteger();
            JobHandlers handlers = JobHandlers.builder().handler("bench.noop", Map.class, (p, ctx) -> {
                done.incrementAndGet();
                return null;
            }).build();
            out.printf("# warm-up: %d jobs, metrics off%n", jobs / 2);
            round(client, handlers, done, jobs / 2, MetricsSettings.off(), "off", new LongAdder());

            List<Round> results = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                results.add(round(client, handlers, done, jobs, MetricsSettings.off(), "off", new LongAdder()));
                LongAdder lines = new LongAdder();
                MetricsSettings emf = MetricsSettings.defaults().withEmfOut(line -> {
                    devNull.println(line);
                    lines.increment();
                });
                results.add(round(client, handlers, done, jobs, emf, "emf", lines));
            }
            report(results);
        }
    }

    private Round round(JobClient client, JobHandlers handlers, AtomicInteger done, int n, MetricsSettings metrics,
                        String label, LongAdder emfLines) {
        List<EnqueueRequest> requests = new ArrayList<>();
        for (int i = 0; i < n; i++) requests.add(EnqueueRequest.of("bench.noop", Map.of("i", i)));
        client.enqueueAll(requests);
        counter.takeAndReset();
        done.set(0);
        long cpu0 = jobkitCpuNanos();
        long proc0 = processCpuNanos();
        long t0 = System.nanoTime();
        long cpu1;
        try (Worker worker = Worker.create(client, handlers, WorkerOptions.builder().concurrency(concurrency)
                .pollWait(Duration.ofSeconds(1)).build(), metrics).start()) {
            while (done.get() < n) Thread.sleep(5);
            cpu1 = jobkitCpuNanos(); // before close: its threads (and their CPU counters) end with it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        double seconds = (System.nanoTime() - t0) / 1e9; // includes the shutdown flush of the metrics-on worker
        long proc1 = processCpuNanos();
        RequestCounter.Snapshot s = counter.takeAndReset();
        return new Round(label, seconds, (cpu1 - cpu0) / 1e6, (proc1 - proc0) / 1e6, s.total("Sqs"), s.writeUnits(),
                emfLines.sum());
    }

    private long jobkitCpuNanos() {
        long sum = 0;
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t == null || !WorkerBenchmark.named(t.getThreadName(), WorkerBenchmark.WORKER_THREADS)) continue;
            long c = threads.getThreadCpuTime(t.getThreadId());
            if (c > 0) sum += c;
        }
        return sum;
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    private void report(List<Round> results) {
        out.println();
        out.printf("%d no-op jobs per round, worker concurrency %d, %d round(s) each, alternating%n%n", jobs, concurrency, rounds);
        out.println("| metrics | jobs/s | jobkit CPU ms/job | process CPU ms/job | SQS requests/job | DynamoDB WCU/job | EMF lines |");
        out.println("|---|---:|---:|---:|---:|---:|---:|");
        for (Round r : results) {
            out.println(String.format(Locale.ROOT, "| %s | %.0f | %.3f | %.3f | %.2f | %.3f | %d |", r.metrics(),
                    jobs / r.seconds(), r.jobkitCpuMs() / jobs, r.processCpuMs() / jobs, (double) r.sqsRequests() / jobs,
                    r.writeUnits() / jobs, r.emfLines()));
        }
        Summary off = summary(results, "off");
        Summary on = summary(results, "emf");
        out.println();
        out.println(String.format(Locale.ROOT, "mean: off %.0f jobs/s, %.3f jobkit CPU ms/job; emf %.0f jobs/s, %.3f jobkit"
                        + " CPU ms/job → throughput %+.1f %%, jobkit CPU %+.1f %%, DynamoDB WCU/job %+.4f",
                off.rate, off.cpu, on.rate, on.cpu, (on.rate / off.rate - 1) * 100, (on.cpu / off.cpu - 1) * 100,
                on.wcu - off.wcu));
    }

    private record Summary(double rate, double cpu, double wcu) {
    }

    private Summary summary(List<Round> results, String label) {
        List<Round> rs = results.stream().filter(r -> r.metrics().equals(label)).toList();
        double seconds = rs.stream().mapToDouble(Round::seconds).sum();
        double cpu = rs.stream().mapToDouble(Round::jobkitCpuMs).sum();
        double wcu = rs.stream().mapToDouble(Round::writeUnits).sum();
        long n = (long) jobs * rs.size();
        return new Summary(n / seconds, cpu / n, wcu / n);
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
