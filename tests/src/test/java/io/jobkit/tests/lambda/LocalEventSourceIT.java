package io.jobkit.tests.lambda;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.jobkit.client.EnqueueRequest;
import io.jobkit.client.JobClient;
import io.jobkit.local.lambda.EventSourceOptions;
import io.jobkit.local.lambda.EventSourceStats;
import io.jobkit.local.lambda.FunctionSettings;
import io.jobkit.local.lambda.LocalEventSource;
import io.jobkit.local.lambda.LocalFunction;
import io.jobkit.tests.support.LocalCloudExtension;
import io.jobkit.tests.support.TestCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The local event source on its own, with plain Lambda handlers as the function: batch size and batching window,
 * maximum concurrency, the context's countdown, and how a response settles the batch.
 */
@ExtendWith(LocalCloudExtension.class)
class LocalEventSourceIT {

    private static LocalFunction function(int environments, RequestHandler<SQSEvent, SQSBatchResponse> handler) {
        return LocalFunction.inProcess(FunctionSettings.of(environments), "us-east-1", () -> handler);
    }

    private static void enqueue(JobClient client, int n) {
        List<EnqueueRequest> jobs = new ArrayList<>();
        for (int i = 0; i < n; i++) jobs.add(EnqueueRequest.of("noop", Map.of("i", i)));
        client.enqueueAll(jobs);
    }

    @Test
    void batchingWindow_gathersUpToTheBatchSize_intoOneInvocation(TestCloud cloud) {
        JobClient client = cloud.client();
        enqueue(client, 25);
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        try (LocalEventSource source = LocalEventSource.start(client, function(1, (event, ctx) -> {
            sizes.add(event.getRecords().size());
            return new SQSBatchResponse(List.of());
        }), EventSourceOptions.builder().queues(List.of("normal")).batchSize(25)
                .maximumBatchingWindow(Duration.ofSeconds(3)).maximumConcurrency(1).pollWait(Duration.ofSeconds(1)).build())) {
            await().atMost(Duration.ofSeconds(20)).until(() -> source.stats().deleted() == 25);
        }
        assertThat(sizes).containsExactly(25);
        assertThat(cloud.depth(cloud.queueUrl("normal"))).isZero();
    }

    @Test
    void maximumConcurrency_boundsTheInvocationsInFlight(TestCloud cloud) {
        JobClient client = cloud.client();
        enqueue(client, 30);
        AtomicInteger now = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        try (LocalEventSource source = LocalEventSource.start(client, function(8, (event, ctx) -> {
            peak.accumulateAndGet(now.incrementAndGet(), Math::max);
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            now.decrementAndGet();
            return null;
        }), EventSourceOptions.builder().queues(List.of("normal")).batchSize(3).maximumConcurrency(2)
                .pollWait(Duration.ofSeconds(1)).build())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> source.stats().deleted() == 30);
            assertThat(source.stats().invocations()).isGreaterThanOrEqualTo(10);
        }
        assertThat(peak.get()).isEqualTo(2);
    }

    @Test
    void theContext_countsDownFromTheFunctionTimeout(TestCloud cloud) {
        JobClient client = cloud.client();
        enqueue(client, 1);
        List<Integer> remaining = new CopyOnWriteArrayList<>();
        try (LocalEventSource source = LocalEventSource.start(client, LocalFunction.inProcess(
                FunctionSettings.of(1).withTimeout(Duration.ofSeconds(30)), "us-east-1", () -> (event, ctx) -> {
                    remaining.add(ctx.getRemainingTimeInMillis());
                    try {
                        Thread.sleep(300);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    remaining.add(ctx.getRemainingTimeInMillis());
                    return null;
                }), EventSourceOptions.builder().queues(List.of("normal")).pollWait(Duration.ofSeconds(1)).build())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> source.stats().deleted() == 1);
        }
        assertThat(remaining.get(0)).isBetween(25_000, 30_000);
        assertThat(remaining.get(0) - remaining.get(1)).isBetween(250, 5_000);
    }

    @Test
    void batchItemFailures_stayInTheQueue_andTheRestIsDeleted(TestCloud cloud) {
        JobClient client = cloud.client();
        enqueue(client, 5);
        try (LocalEventSource source = LocalEventSource.start(client, function(1, (event, ctx) ->
                new SQSBatchResponse(List.of(new SQSBatchResponse.BatchItemFailure(event.getRecords().get(0).getMessageId())))),
                EventSourceOptions.builder().queues(List.of("normal")).batchSize(5)
                        .maximumBatchingWindow(Duration.ofSeconds(2)).pollWait(Duration.ofSeconds(1)).build())) {
            await().atMost(Duration.ofSeconds(15)).until(() -> source.stats().deleted() == 4);
            EventSourceStats stats = source.stats();
            assertThat(stats.itemFailures()).isEqualTo(1);
        }
        assertThat(cloud.depth(cloud.queueUrl("normal"))).as("the failed record waits out its visibility").isEqualTo(1);
    }

    @Test
    void aResponseNamingAnUnknownRecord_failsTheWholeBatch(TestCloud cloud) {
        JobClient client = cloud.client();
        enqueue(client, 3);
        try (LocalEventSource source = LocalEventSource.start(client, function(1, (event, ctx) ->
                new SQSBatchResponse(List.of(new SQSBatchResponse.BatchItemFailure("not-in-this-batch")))),
                EventSourceOptions.builder().queues(List.of("normal")).batchSize(3)
                        .maximumBatchingWindow(Duration.ofSeconds(2)).pollWait(Duration.ofSeconds(1)).build())) {
            await().atMost(Duration.ofSeconds(15)).until(() -> source.stats().functionErrors() >= 1);
            assertThat(source.stats().deleted()).isZero();
        }
        assertThat(cloud.depth(cloud.queueUrl("normal"))).isEqualTo(3);
    }
}
