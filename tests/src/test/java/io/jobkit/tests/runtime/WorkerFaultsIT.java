package io.jobkit.tests.runtime;

import io.jobkit.client.EnqueueRequest;
import io.jobkit.client.Job;
import io.jobkit.client.JobClient;
import io.jobkit.client.JobOptions;
import io.jobkit.client.JobStatus;
import io.jobkit.client.WorkerInfo;
import io.jobkit.client.store.WorkerRegistry;
import io.jobkit.client.topology.QueueDef;
import io.jobkit.handlers.JobHandlers;
import io.jobkit.handlers.processor.Disposition;
import io.jobkit.handlers.processor.JobProcessor;
import io.jobkit.handlers.processor.ProcessResult;
import io.jobkit.handlers.processor.ProcessorOptions;
import io.jobkit.handlers.processor.ReceivedMessage;
import io.jobkit.handlers.worker.Worker;
import io.jobkit.handlers.worker.WorkerOptions;
import io.jobkit.tests.support.FaultyClients;
import io.jobkit.tests.support.LocalCloudExtension;
import io.jobkit.tests.support.TestCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The worker's FIFO holds, shutdown edges and abandoned handler threads (issue 11, points 7 and 11). */
@ExtendWith(LocalCloudExtension.class)
class WorkerFaultsIT {
    private static final ProcessorOptions SHORT_LEASE = ProcessorOptions.builder()
            .leaseDuration(Duration.ofSeconds(3)).heartbeatInterval(Duration.ofSeconds(1)).build();

    private static WorkerOptions.Builder options() {
        return WorkerOptions.builder().pollWait(Duration.ofSeconds(1)).shutdownTimeout(Duration.ofSeconds(20))
                .processor(SHORT_LEASE);
    }

    private static TestCloud fifo(TestCloud base) {
        return base.fresh(t -> t.queue(QueueDef.fifo("orders")).route("order.*", "orders"));
    }

    // ---- 7. FIFO ----------------------------------------------------------------------------------------------

    @Test
    void aFifoGroupsWaitingMessages_areKeptHidden_whileTheHeadRunsPastTheLease(TestCloud base) {
        TestCloud cloud = fifo(base);
        FaultyClients sqs = new FaultyClients(cloud);
        JobClient client = cloud.client(b -> b.sqsClient(sqs.sqs()));
        List<Integer> order = new CopyOnWriteArrayList<>();
        JobHandlers handlers = JobHandlers.builder().handler("order.step", Map.class, (p, ctx) -> {
            int n = ((Number) p.get("n")).intValue();
            if (n == 1) Thread.sleep(8_000); // well past the 3 s lease the others were received with
            order.add(n);
            return null;
        }).build();
        List<EnqueueRequest> steps = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            steps.add(EnqueueRequest.of("order.step", Map.of("n", n), JobOptions.of(b -> b.groupKey("g-1"))));
        }
        client.enqueueAll(steps);

        try (Worker ignored = Worker.create(client, handlers, options().concurrency(4).build()).start()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> order.size() == 3);
        }
        assertThat(order).containsExactly(1, 2, 3);
        assertThat(receivesPerMessage(sqs).values()).as("each message received once: none lapsed while it waited")
                .containsOnly(1L);
    }

    @Test
    void aFifoMessageAtItsTypeLimit_waitsInPlace_insteadOfWearingItsReceiveCount(TestCloud base) {
        TestCloud cloud = fifo(base);
        FaultyClients sqs = new FaultyClients(cloud);
        JobClient client = cloud.client(b -> b.sqsClient(sqs.sqs()));
        AtomicInteger done = new AtomicInteger();
        JobHandlers handlers = JobHandlers.builder().handler("order.step", Map.class, (p, ctx) -> {
            Thread.sleep(4_000);
            done.incrementAndGet();
            return null;
        }).build();
        client.enqueueAll(List.of(
                EnqueueRequest.of("order.step", Map.of("n", 1), JobOptions.of(b -> b.groupKey("a"))),
                EnqueueRequest.of("order.step", Map.of("n", 2), JobOptions.of(b -> b.groupKey("b")))));

        try (Worker ignored = Worker.create(client, handlers, options().concurrency(4)
                .typeConcurrency("order.step", 1).build()).start()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> done.get() == 2);
        }
        assertThat(receivesPerMessage(sqs).values()).as("the capped message was never put back and received again")
                .containsOnly(1L);
    }

    // ---- 11. shutdown and leaks -------------------------------------------------------------------------------

    @Test
    void aStopSignal_stopsAFifoGroupBetweenMessages_andReturnsTheRest(TestCloud base) throws Exception {
        TestCloud cloud = fifo(base);
        JobClient client = cloud.client();
        CountDownLatch headRunning = new CountDownLatch(1);
        CountDownLatch releaseHead = new CountDownLatch(1);
        List<Integer> ran = new CopyOnWriteArrayList<>();
        JobHandlers handlers = JobHandlers.builder().handler("order.step", Map.class, (p, ctx) -> {
            int n = ((Number) p.get("n")).intValue();
            if (n == 1) {
                headRunning.countDown();
                releaseHead.await();
            }
            ran.add(n);
            return null;
        }).build();
        List<EnqueueRequest> steps = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            steps.add(EnqueueRequest.of("order.step", Map.of("n", n), JobOptions.of(b -> b.groupKey("g-1"))));
        }
        List<String> ids = client.enqueueAll(steps).stream().map(r -> r.jobId()).toList();
        // the default 30 s lease: this test is about the stop signal, not about lapsing visibility
        Worker worker = Worker.create(client, handlers, options().processor(ProcessorOptions.builder().build())
                .concurrency(4).build()).start();
        assertThat(headRunning.await(30, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> shutdown = CompletableFuture.runAsync(worker::shutdown);
        // the poller thread ends only after the stop flag is set
        await().atMost(Duration.ofSeconds(20)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("jobkit-poll-orders") && t.isAlive()));
        releaseHead.countDown();
        shutdown.get(60, TimeUnit.SECONDS);

        assertThat(ran).as("the head finished; the rest did not start after the stop signal").containsExactly(1);
        assertThat(client.get(ids.get(0)).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(client.get(ids.get(1)).orElseThrow().status()).as("never claimed").isEqualTo(JobStatus.QUEUED);
        assertThat(client.get(ids.get(2)).orElseThrow().status()).as("never claimed").isEqualTo(JobStatus.QUEUED);
        assertThat(cloud.depth(cloud.queueUrl("orders"))).as("the rest is back in the queue").isEqualTo(2);
    }

    @Test
    void aJobClaimedAfterReleaseAll_isReleasedUnrun_notLeftRunning(TestCloud cloud) {
        JobClient client = cloud.client();
        AtomicInteger runs = new AtomicInteger();
        JobHandlers handlers = JobHandlers.builder().handler("noop", Map.class, (p, ctx) -> runs.incrementAndGet()).build();
        String id = client.enqueue("noop", Map.of());
        Message m = cloud.drain(cloud.queueUrl("normal")).get(0);
        try (JobProcessor processor = new JobProcessor(client, handlers, ProcessorOptions.builder().build())) {
            processor.releaseAll(); // the worker is shutting down while this message is being claimed
            ProcessResult r = processor.process(received(cloud, m), null);
            assertThat(r.kind()).isEqualTo(ProcessResult.Kind.RELEASED);
        }
        assertThat(runs).hasValue(0);
        Job job = client.get(id).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.RETRYING);
        assertThat(job.attempt()).as("the release does not count the attempt").isZero();
    }

    @Test
    void handlersThatIgnoreTheirStopSignal_areCountedAndBounded_andReportedInWorkerInfo(TestCloud cloud) {
        JobClient client = cloud.client();
        CountDownLatch unstick = new CountDownLatch(1);
        JobHandlers handlers = JobHandlers.builder().handler("stuck", Map.class, (p, ctx) -> {
            while (unstick.getCount() > 0) Thread.onSpinWait(); // ignores interruption
            return null;
        }).handler("noop", Map.class, (p, ctx) -> "ok").build();
        client.enqueue("stuck", Map.of(), o -> o.timeout(Duration.ofSeconds(1)));
        Message stuck = cloud.drain(cloud.queueUrl("normal")).get(0);
        String next = client.enqueue("noop", Map.of());
        Message after = cloud.drain(cloud.queueUrl("normal")).get(0);
        ProcessorOptions options = ProcessorOptions.builder().cancelGrace(Duration.ofMillis(200)).maxAbandonedHandlers(1).build();
        try (JobProcessor processor = new JobProcessor(client, handlers, options)) {
            assertThat(processor.process(received(cloud, stuck), null).kind()).isEqualTo(ProcessResult.Kind.RETRYING);
            assertThat(processor.abandonedHandlers()).isEqualTo(1);

            ProcessResult refused = processor.process(received(cloud, after), null);
            assertThat(refused.kind()).as("at the limit no new handler starts").isEqualTo(ProcessResult.Kind.ABANDONED);
            assertThat(refused.disposition()).isInstanceOf(Disposition.ReturnAfter.class);
            assertThat(client.get(next).orElseThrow().status()).as("not even claimed").isEqualTo(JobStatus.QUEUED);

            unstick.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> processor.abandonedHandlers() == 0);
            assertThat(processor.abandonedHandlersTotal()).isEqualTo(1);
            assertThat(processor.process(received(cloud, after), null).kind()).isEqualTo(ProcessResult.Kind.SUCCEEDED);
        }
        WorkerRegistry registry = new WorkerRegistry(cloud.dynamo(), cloud.topology().tableName(), Clock.systemUTC());
        Instant now = Instant.now();
        registry.beat(new WorkerInfo("w-abandoned", "worker", "host", 1, List.of("normal"), 4, 0, 0, 0, 0, now, now, 2),
                Duration.ofMinutes(1));
        assertThat(registry.live(Duration.ofMinutes(1))).singleElement()
                .extracting(WorkerInfo::abandonedHandlers).isEqualTo(2);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private static Map<String, Long> receivesPerMessage(FaultyClients sqs) {
        return sqs.responses().stream().filter(r -> r instanceof ReceiveMessageResponse)
                .flatMap(r -> ((ReceiveMessageResponse) r).messages().stream())
                .collect(Collectors.groupingBy(Message::messageId, ConcurrentHashMap::new, Collectors.counting()));
    }

    private static ReceivedMessage received(TestCloud cloud, Message m) {
        Map<String, String> attributes = new HashMap<>();
        m.messageAttributes().forEach((k, v) -> attributes.put(k, v.stringValue()));
        return new ReceivedMessage(m.messageId(), m.receiptHandle(), m.body(), cloud.topology().queue("normal"), 1,
                Instant.now(), null, attributes);
    }
}
