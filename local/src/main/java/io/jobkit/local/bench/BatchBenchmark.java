package io.jobkit.local.bench;

import io.jobkit.client.EnqueueRequest;
import io.jobkit.client.JobClient;
import io.jobkit.client.workflow.BatchStatus;
import io.jobkit.handlers.JobHandlers;
import io.jobkit.handlers.worker.Worker;
import io.jobkit.handlers.worker.WorkerOptions;
import io.jobkit.local.LocalCloud;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What batch membership costs: N no-op jobs through {@code enqueueAll} and a worker, then N no-op jobs as one batch
 * with an onComplete callback, on the same cloud. DynamoDB write units come from ReturnConsumedCapacity (every
 * write of the run, and separately the workflow items alone), requests from an SDK interceptor; the difference per
 * member is what membership adds. The emulators bound the absolute times (compare ratios).
 */
final class BatchBenchmark {
    private final LocalCloud cloud;
    private final int members;
    private final int concurrency;
    private final PrintStream out;
    private final RequestCounter counter = new RequestCounter();

    private final boolean plainRun;

    /** @param plainRun whether to run the plain enqueueAll first (the baseline the per-member cost is measured against) */
    BatchBenchmark(LocalCloud cloud, int members, int concurrency, boolean plainRun, PrintStream out) {
        this.plainRun = plainRun;
        this.cloud = cloud;
        this.members = members;
        this.concurrency = concurrency;
        this.out = out;
    }

    void run() {
        try (SqsClient sqs = SqsClient.builder().endpointOverride(cloud.sqsEndpoint()).region(cloud.region())
                .credentialsProvider(cloud.credentialsProvider()).httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(c -> c.addExecutionInterceptor(counter)).build();
             DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(cloud.dynamoDbEndpoint()).region(cloud.region())
                     .credentialsProvider(cloud.credentialsProvider()).httpClientBuilder(UrlConnectionHttpClient.builder())
                     .overrideConfiguration(c -> c.addExecutionInterceptor(counter)).build();
             JobClient client = JobClient.builder().sqsClient(sqs).dynamoDbClient(dynamo).topology(cloud.topology()).build()) {
            AtomicInteger done = new AtomicInteger();
            AtomicInteger callbacks = new AtomicInteger();
            JobHandlers handlers = JobHandlers.builder().handler("bench.noop", Map.class, (p, ctx) -> {
                done.incrementAndGet();
                return null;
            }).handler("bench.done", Map.class, (p, ctx) -> {
                callbacks.incrementAndGet();
                return null;
            }).build();
            try (Worker ignored = Worker.create(client, handlers, WorkerOptions.builder().concurrency(concurrency)
                    .pollWait(Duration.ofSeconds(1)).shutdownTimeout(Duration.ofSeconds(10)).build()).start()) {
                counter.takeAndReset();
                double plainSeconds = 0;
                RequestCounter.Snapshot plain = null;
                if (plainRun) {
                    long t0 = System.nanoTime();
                    client.enqueueAll(requests());
                    waitFor(() -> done.get() >= members);
                    plainSeconds = (System.nanoTime() - t0) / 1e9;
                    plain = counter.takeAndReset();
                }

                double workflowBefore = client.workflows().workflowWriteUnits();
                long t1 = System.nanoTime();
                String batch = client.batch(requests(), o -> o.onComplete("bench.done", Map.of()));
                double enqueueSeconds = (System.nanoTime() - t1) / 1e9;
                waitFor(() -> callbacks.get() >= 1);
                double batchSeconds = (System.nanoTime() - t1) / 1e9;
                RequestCounter.Snapshot batched = counter.takeAndReset();
                double workflowUnits = client.workflows().workflowWriteUnits() - workflowBefore;
                BatchStatus s = client.batchStatus(batch).orElseThrow();

                out.printf(Locale.ROOT, "# batch benchmark: %,d members, worker concurrency %d, %d cores%n", members,
                        concurrency, Runtime.getRuntime().availableProcessors());
                out.println("| run | seconds | jobs/s | DynamoDB requests/job | SQS requests/job | DynamoDB WCU/job |");
                out.println("|---|---:|---:|---:|---:|---:|");
                if (plain != null) row("plain enqueueAll", plainSeconds, plain);
                row("one batch", batchSeconds, batched);
                out.printf(Locale.ROOT, "%nbatch %s: total %d, succeeded %d, failed %d, pending %d, outcome %s, callbacks run %d"
                        + " (members enqueued in %.1f s)%n", batch, s.total(), s.succeeded(), s.failed(), s.pending(),
                        s.outcome(), callbacks.get(), enqueueSeconds);
                out.printf(Locale.ROOT, "workflow items alone: %.2f WCU per member (membership item, counter shard ADDs,"
                        + " terminal transaction)%s%n", workflowUnits / members, plain == null ? ""
                        : String.format(Locale.ROOT, "; whole run difference: %.2f WCU per member",
                        (batched.writeUnits() - plain.writeUnits()) / members));
            }
        }
    }

    private void row(String name, double seconds, RequestCounter.Snapshot s) {
        out.printf(Locale.ROOT, "| %s | %.1f | %.0f | %.2f | %.2f | %.2f |%n", name, seconds, members / seconds,
                (double) s.total("DynamoDb") / members, (double) s.total("Sqs") / members, s.writeUnits() / members);
    }

    private List<EnqueueRequest> requests() {
        List<EnqueueRequest> r = new ArrayList<>(members);
        for (int i = 0; i < members; i++) r.add(EnqueueRequest.of("bench.noop", Map.of("i", i)));
        return r;
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) {
        while (!condition.getAsBoolean()) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }
}
