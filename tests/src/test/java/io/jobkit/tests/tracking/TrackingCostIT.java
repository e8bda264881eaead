package io.jobkit.tests.tracking;

import io.jobkit.client.EnqueueRequest;
import io.jobkit.client.Job;
import io.jobkit.client.JobClient;
import io.jobkit.client.JobOptions;
import io.jobkit.client.JobStatus;
import io.jobkit.client.TrackingLevel;
import io.jobkit.handlers.JobHandlers;
import io.jobkit.handlers.worker.Worker;
import io.jobkit.handlers.worker.WorkerOptions;
import io.jobkit.local.bench.RequestCounter;
import io.jobkit.tests.support.LocalCloudExtension;
import io.jobkit.tests.support.TestCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 16: DynamoDB write units per job, counted from ReturnConsumedCapacity by an SDK interceptor on the client
 * and the worker, asserted exactly per tracking level for small jobs (under 1 KB): full ≤ 6, lean ≤ 2, none 0.
 * Only writes to job items count here; worker heartbeats and per-minute metrics flushes are items of their own and
 * counted apart. The count is deterministic (no timing), so asserting it exactly is a test of the item layout.
 */
@ExtendWith(LocalCloudExtension.class)
class TrackingCostIT {
    private static final int JOBS = 20;

    @Test
    void writeUnitsPerJob_full6_lean2_none0(TestCloud base) {
        TestCloud cloud = base.fresh(t -> t.tracking("low", TrackingLevel.LEAN).tracking("critical", TrackingLevel.NONE));
        RequestCounter counter = new RequestCounter();
        try (SqsClient sqs = sqs(cloud, counter); DynamoDbClient dynamo = dynamo(cloud, counter);
             JobClient client = cloud.client(b -> b.sqsClient(sqs).dynamoDbClient(dynamo))) {
            AtomicInteger ran = new AtomicInteger();
            JobHandlers handlers = JobHandlers.builder().handler("cost.noop", Map.class, (p, ctx) -> {
                ran.incrementAndGet();
                return null;
            }).build();

            Cost full = measure(cloud, client, counter, handlers, ran, "normal", o -> { });
            Cost lean = measure(cloud, client, counter, handlers, ran, "low", o -> { });
            Cost none = measure(cloud, client, counter, handlers, ran, "critical", o -> { });
            // the per-job option wins over the queue's level
            Cost leanByOption = measure(cloud, client, counter, handlers, ran, "normal", o -> o.tracking(TrackingLevel.LEAN));

            System.out.printf("write units per job: full %s, lean %s, none %s, lean by option %s%n", full, lean, none, leanByOption);
            assertThat(full.enqueue).isEqualTo(2.0);   // the status item with its envelope inline, and its index entry
            assertThat(full.processing).isEqualTo(4.0); // claim 1 (index untouched), outcome 1 + index re-key 2
            assertThat(full.enqueue + full.processing).isLessThanOrEqualTo(6.0);
            assertThat(lean.enqueue).isZero();
            assertThat(lean.processing).isEqualTo(2.0); // the claim creates the record, the outcome finishes it
            assertThat(none.enqueue + none.processing).isZero();
            assertThat(none.enqueueDynamoRequests).isZero();
            assertThat(none.kinds).doesNotContain("JOB", "DEDUP");
            assertThat(leanByOption.enqueue + leanByOption.processing).isEqualTo(2.0);
        }
    }

    private record Cost(double enqueue, double processing, long enqueueDynamoRequests, java.util.Set<String> kinds) {
        @Override
        public String toString() {
            return enqueue + " + " + processing;
        }
    }

    private Cost measure(TestCloud cloud, JobClient client, RequestCounter counter, JobHandlers handlers,
                         AtomicInteger ran, String queue, java.util.function.Consumer<JobOptions.Builder> options) {
        ran.set(0);
        counter.takeAndReset();
        List<EnqueueRequest> requests = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            JobOptions.Builder o = JobOptions.builder().queue(queue);
            options.accept(o);
            requests.add(EnqueueRequest.of("cost.noop", Map.of("order", "A-" + i, "amount", i), o.build()));
        }
        List<String> ids = client.enqueueAll(requests).stream().map(r -> {
            assertThat(r.error()).isNull();
            return r.jobId();
        }).toList();
        RequestCounter.Snapshot enqueued = counter.takeAndReset();
        try (Worker worker = Worker.create(client, handlers, WorkerOptions.builder().concurrency(4)
                .queues(List.of(queue)).pollWait(Duration.ofSeconds(1)).build()).start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> ran.get() >= JOBS);
            // the outcome is written after the handler returns: wait for it (reads cost no write units)
            await().atMost(Duration.ofSeconds(30)).until(() -> cloud.depth(cloud.queueUrl(queue)) == 0);
            for (String id : ids) {
                if (cloud.topology().queue(queue).tracking() == TrackingLevel.NONE) break;
                await().atMost(Duration.ofSeconds(10)).until(() -> client.get(id).map(Job::status).orElse(null) == JobStatus.SUCCEEDED);
            }
        }
        RequestCounter.Snapshot processed = counter.takeAndReset();
        System.out.printf("%s: enqueue %s, processing %s, requests %s%n", queue, enqueued.writeUnitsByKind(),
                processed.writeUnitsByKind(), processed.requests());
        // kinds of item written at all: a job tracked 'none' must write none of JOB or DEDUP, not even at 0 units
        java.util.Set<String> kinds = new java.util.TreeSet<>(enqueued.writeUnitsByKind().keySet());
        kinds.addAll(processed.writeUnitsByKind().keySet());
        return new Cost(jobUnits(enqueued) / JOBS, jobUnits(processed) / JOBS, enqueued.total("DynamoDb"), kinds);
    }

    /** Writes to job and dedup items: what the jobs themselves cost. */
    private static double jobUnits(RequestCounter.Snapshot s) {
        return s.writeUnits("JOB") + s.writeUnits("DEDUP");
    }

    static SqsClient sqs(TestCloud cloud, RequestCounter counter) {
        Map<String, String> env = cloud.environment();
        return SqsClient.builder().endpointOverride(URI.create(env.get("AWS_ENDPOINT_URL_SQS")))
                .region(Region.of(env.get("AWS_REGION"))).credentialsProvider(credentials(env))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(c -> c.addExecutionInterceptor(counter)).build();
    }

    static DynamoDbClient dynamo(TestCloud cloud, RequestCounter counter) {
        Map<String, String> env = cloud.environment();
        return DynamoDbClient.builder().endpointOverride(URI.create(env.get("AWS_ENDPOINT_URL_DYNAMODB")))
                .region(Region.of(env.get("AWS_REGION"))).credentialsProvider(credentials(env))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(c -> c.addExecutionInterceptor(counter)).build();
    }

    private static StaticCredentialsProvider credentials(Map<String, String> env) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(env.get("AWS_ACCESS_KEY_ID"),
                env.get("AWS_SECRET_ACCESS_KEY")));
    }
}
