package io.jobkit.tests.metrics;

import io.jobkit.client.EnqueueRequest;
import io.jobkit.client.Job;
import io.jobkit.client.JobClient;
import io.jobkit.client.JobFilter;
import io.jobkit.client.JobStatus;
import io.jobkit.client.metrics.JobMetrics;
import io.jobkit.client.metrics.LogHistogram;
import io.jobkit.client.metrics.StatsItems;
import io.jobkit.client.testing.TestClock;
import io.jobkit.handlers.FailJobException;
import io.jobkit.handlers.JobHandlers;
import io.jobkit.handlers.RetryJobException;
import io.jobkit.handlers.metrics.JobMetricsRecorder;
import io.jobkit.handlers.metrics.MetricsSettings;
import io.jobkit.handlers.processor.ObservedOutcome;
import io.jobkit.handlers.processor.ProcessResult;
import io.jobkit.handlers.processor.ProcessorOptions;
import io.jobkit.handlers.worker.Worker;
import io.jobkit.handlers.worker.WorkerMetrics;
import io.jobkit.handlers.worker.WorkerOptions;
import io.jobkit.tests.support.LocalCloudExtension;
import io.jobkit.tests.support.TestCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/** Job metrics from the runtime's aggregation to {@code JobClient.metrics}, against the local cloud. */
@ExtendWith(LocalCloudExtension.class)
class JobMetricsIT {
    private static final ProcessorOptions FAST = ProcessorOptions.builder().leaseDuration(Duration.ofSeconds(6))
            .heartbeatInterval(Duration.ofSeconds(2)).cancelGrace(Duration.ofSeconds(2)).build();

    /** Counts the STATS writes a DynamoDB client sends. */
    static final class StatsWrites implements ExecutionInterceptor {
        final AtomicInteger count = new AtomicInteger();

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof UpdateItemRequest u
                    && u.key().get("pk").s().startsWith(StatsItems.PARTITION_PREFIX)) {
                count.incrementAndGet();
            }
        }
    }

    @Test
    void aMixedRunOf1000Jobs_metricsEqualWhatRan_afterTheShutdownFlush(TestCloud cloud) {
        JobClient client = cloud.client();
        JobHandlers handlers = JobHandlers.builder()
                .handler("fast", Map.class, (p, ctx) -> null)
                .handler("slow", Map.class, (p, ctx) -> {
                    Thread.sleep(200);
                    return null;
                })
                .handler("flaky", Map.class, (p, ctx) -> {
                    if (ctx.attempt() == 1) throw new RetryJobException(Duration.ofSeconds(1), "first attempt fails");
                    return null;
                })
                .handler("doomed", Map.class, (p, ctx) -> {
                    throw new FailJobException("never works");
                })
                .build();
        // 700 fast, 100 slow, 100 flaky (each retried once), 100 doomed
        List<EnqueueRequest> requests = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String type = i < 700 ? "fast" : i < 800 ? "slow" : i < 900 ? "flaky" : "doomed";
            requests.add(EnqueueRequest.of(type, Map.of("i", i)));
        }
        for (int i = 0; i < requests.size(); i += 100) client.enqueueAll(requests.subList(i, i + 100));

        Worker worker = Worker.create(client, handlers, WorkerOptions.builder().concurrency(8)
                .pollWait(Duration.ofSeconds(1)).shutdownTimeout(Duration.ofSeconds(5)).processor(FAST).build(),
                MetricsSettings.defaults()).start();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> finished(client, JobStatus.SUCCEEDED) == 900 && finished(client, JobStatus.FAILED) == 100);
        WorkerMetrics pool = worker.metrics();
        worker.shutdown();

        assertThat(pool.completed()).isEqualTo(900);
        assertThat(pool.failed()).isEqualTo(100);
        assertThat(pool.retried()).isEqualTo(100);
        assertThat(pool.activeJobs()).isZero();
        assertThat(pool.averageProcessingTime()).isNotNull();

        JobMetrics m = client.metrics(Duration.ofMinutes(15));
        Map<String, JobMetrics.TypeMetrics> types = new java.util.HashMap<>();
        m.types().forEach(t -> types.put(t.type(), t));
        assertThat(types).containsOnlyKeys("fast", "slow", "flaky", "doomed");
        assertThat(types.get("fast").succeeded()).isEqualTo(700);
        assertThat(types.get("fast").failed()).isZero();
        assertThat(types.get("slow").succeeded()).isEqualTo(100);
        assertThat(types.get("flaky").succeeded()).isEqualTo(100);
        assertThat(types.get("flaky").retried()).isEqualTo(100);
        assertThat(types.get("flaky").count()).isEqualTo(200);
        assertThat(types.get("doomed").failed()).isEqualTo(100);
        assertThat(types.get("doomed").deadLettered()).isEqualTo(100);
        assertThat(types.get("doomed").successRate()).isEqualTo(0.0);
        assertThat(types.get("fast").successRate()).isEqualTo(1.0);
        assertThat(m.throughput().stream().mapToLong(JobMetrics.MinutePoint::succeeded).sum()).isEqualTo(900);
        assertThat(m.throughput().stream().mapToLong(JobMetrics.MinutePoint::failed).sum()).isEqualTo(100);
        assertThat(m.throughput()).hasSize(15);
        // the slow handler sleeps 200 ms: its measured duration is at least that, and the histogram reports it within
        // its stated error (the upper side also absorbs the few ms of thread hand-off the processor measures)
        JobMetrics.TypeMetrics slow = types.get("slow");
        assertThat(slow.durationP50Ms()).isBetween(200 * (1 - LogHistogram.RELATIVE_ERROR), 200 * (1 + LogHistogram.RELATIVE_ERROR));
        assertThat(slow.durationAvgMs()).isGreaterThanOrEqualTo(200.0);
        assertThat(slow.waitP50Ms()).isNotNull();
        assertThat(m.counts().failed()).isEqualTo(100);
        assertThat(m.counts().retrying()).isZero();
        JobMetrics.QueueMetrics normal = m.queues().stream().filter(q -> q.queue().equals("normal")).findFirst().orElseThrow();
        assertThat(normal.depth()).isZero();
        assertThat(normal.dlqDepth()).isEqualTo(100);
        assertThat(normal.oldestAgeMs()).isNull();
    }

    @Test
    void aRuntime_writesOneItemPerQueueAndTypePerMinute_neverPerJob_andPercentilesOfKnownDurationsHoldTheirError(
            TestCloud cloud) {
        StatsWrites writes = new StatsWrites();
        TestClock clock = new TestClock(Instant.parse("2026-01-05T10:00:05Z"));
        try (DynamoDbClient dynamo = DynamoDbClient.builder()
                .endpointOverride(URI.create(cloud.environment().get("AWS_ENDPOINT_URL_DYNAMODB")))
                .region(software.amazon.awssdk.regions.Region.of(cloud.environment().get("AWS_REGION")))
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                                cloud.environment().get("AWS_ACCESS_KEY_ID"), cloud.environment().get("AWS_SECRET_ACCESS_KEY"))))
                .overrideConfiguration(c -> c.addExecutionInterceptor(writes)).build()) {
            JobMetricsRecorder recorder = new JobMetricsRecorder(new StatsItems(dynamo, cloud.topology().tableName(),
                    Duration.ofDays(1)), clock, null);
            List<Long> known = new ArrayList<>();
            for (int minute = 0; minute < 3; minute++) {
                for (int i = 0; i < 2000; i++) {
                    long ms = 5 + (i * 37L) % 3000;
                    if (minute == 0) known.add(ms);
                    String type = "t" + (i % 3);
                    String queue = i % 2 == 0 ? "normal" : "high";
                    ProcessResult.Kind kind = i % 10 == 0 ? ProcessResult.Kind.RETRYING : ProcessResult.Kind.SUCCEEDED;
                    recorder.onOutcome(new ObservedOutcome(queue, type, kind, 1, Duration.ofMillis(ms),
                            Duration.ofMillis(ms / 2), clock.instant()));
                    if (i % 500 == 0) assertThat(recorder.flushCompleted()).as("a running minute is not written").isZero();
                }
                clock.advance(Duration.ofMinutes(1));
                int before = writes.count.get();
                assertThat(recorder.flushCompleted()).isEqualTo(6);
                assertThat(writes.count.get() - before).as("writes for one worker-minute of 2,000 jobs").isEqualTo(6);
                assertThat(recorder.flushCompleted()).isZero();
            }
            assertThat(writes.count.get()).isEqualTo(18);

            JobClient client = cloud.client(b -> b.clock(clock));
            JobMetrics m = client.metrics(Duration.ofMinutes(5));
            assertThat(m.types()).extracting(JobMetrics.TypeMetrics::type).containsExactly("t0", "t1", "t2");
            assertThat(m.types().stream().mapToLong(JobMetrics.TypeMetrics::succeeded).sum()).isEqualTo(3 * 1800);
            assertThat(m.types().stream().mapToLong(JobMetrics.TypeMetrics::retried).sum()).isEqualTo(3 * 200);

            // percentiles over all types of minute 0 vs the exact values (every minute recorded the same values)
            java.util.Collections.sort(known);
            LogHistogram all = new LogHistogram();
            new StatsItems(dynamo, cloud.topology().tableName(), Duration.ZERO)
                    .read(Instant.parse("2026-01-05T10:00:00Z"), Instant.parse("2026-01-05T10:01:00Z"))
                    .forEach(s -> all.addAll(s.duration()));
            assertThat(all.count()).isEqualTo(2000);
            for (double q : new double[]{0.5, 0.95, 0.99}) {
                long exact = known.get((int) Math.ceil(q * known.size()) - 1);
                assertThat(all.percentile(q)).isCloseTo((double) exact, within(exact * LogHistogram.RELATIVE_ERROR));
            }
            assertThat(all.sumMillis()).isEqualTo(known.stream().mapToLong(Long::longValue).sum());
        }
    }

    private static long finished(JobClient client, JobStatus status) {
        long n = 0;
        String cursor = null;
        do {
            var page = client.list(JobFilter.status(status).withLimit(1000).withCursor(cursor));
            n += page.jobs().size();
            cursor = page.nextCursor();
        } while (cursor != null);
        return n;
    }
}
