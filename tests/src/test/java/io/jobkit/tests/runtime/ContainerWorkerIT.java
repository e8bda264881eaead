package io.jobkit.tests.runtime;

import io.jobkit.client.AwaitResult;
import io.jobkit.client.CancelResult;
import io.jobkit.client.EnqueueRequest;
import io.jobkit.client.Job;
import io.jobkit.client.JobClient;
import io.jobkit.client.JobOptions;
import io.jobkit.client.JobStatus;
import io.jobkit.client.Priority;
import io.jobkit.client.WorkerInfo;
import io.jobkit.handlers.JobHandlers;
import io.jobkit.handlers.processor.ProcessorOptions;
import io.jobkit.handlers.worker.Worker;
import io.jobkit.handlers.worker.WorkerOptions;
import io.jobkit.tests.support.HandlerProbe;
import io.jobkit.tests.support.LocalCloudExtension;
import io.jobkit.tests.support.TestCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Behaviour only the long-running container worker has: leases across crashes, shutdown, priority, heartbeats. */
@ExtendWith(LocalCloudExtension.class)
class ContainerWorkerIT {
    private static final ProcessorOptions FAST = ProcessorOptions.builder().leaseDuration(Duration.ofSeconds(3))
            .heartbeatInterval(Duration.ofSeconds(1)).cancelGrace(Duration.ofSeconds(2)).build();

    private final HandlerProbe probe = new HandlerProbe();

    private static WorkerOptions.Builder options() {
        return WorkerOptions.builder().pollWait(Duration.ofSeconds(1)).shutdownTimeout(Duration.ofSeconds(5)).processor(FAST);
    }

    private static Job awaitStatus(JobClient client, String id, JobStatus status, Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(100))
                .until(() -> client.get(id).map(Job::status).orElse(null) == status);
        return client.get(id).orElseThrow();
    }

    @Test
    void cancelOfARunningJob_interruptsItsHandler_withinOneLeaseExtension(TestCloud cloud) {
        JobClient client = cloud.client();
        CountDownLatch started = new CountDownLatch(1);
        JobHandlers handlers = JobHandlers.builder().handler("long", Map.class, (p, ctx) -> {
            started.countDown();
            while (!ctx.isCancelled()) Thread.sleep(50);
            ctx.throwIfCancelled();
            return null;
        }).build();
        String id = client.enqueue("long", Map.of());
        try (Worker worker = Worker.create(client, handlers, options().build()).start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> started.getCount() == 0);
            assertThat(client.cancel(id).outcome()).isEqualTo(CancelResult.Outcome.CANCEL_REQUESTED);
            long asked = System.nanoTime();
            Job job = awaitStatus(client, id, JobStatus.CANCELLED, Duration.ofSeconds(10));
            assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(Duration.ofSeconds(4));
            assertThat(job.logs()).anyMatch(l -> l.endsWith("cancelled: cancel requested"));
        }
        assertThat(cloud.depth(cloud.queueUrl("normal"))).isZero();
    }

    @Test
    void aWorkerKilledMidJob_losesItsLease_andASecondWorkerCompletesTheJob_asANewAttempt(TestCloud cloud) {
        JobClient client = cloud.client();
        CountDownLatch firstStarted = new CountDownLatch(1);
        JobHandlers first = JobHandlers.builder().handler("migrate", Map.class, (p, ctx) -> {
            probe.ran(ctx.jobId(), ctx.type(), ctx.attempt(), "first");
            firstStarted.countDown();
            Thread.sleep(60_000);
            return null;
        }).build();
        JobHandlers second = JobHandlers.builder().handler("migrate", Map.class, (p, ctx) -> {
            probe.ran(ctx.jobId(), ctx.type(), ctx.attempt(), "second");
            return Map.of("by", "second");
        }).build();
        String id = client.enqueue("migrate", Map.of(), o -> o.maxAttempts(3));

        Worker crashing = Worker.create(client, first, options().build()).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> firstStarted.getCount() == 0);
        crashing.halt();
        try (Worker rescuer = Worker.create(client, second, options().build()).start()) {
            Job job = awaitStatus(client, id, JobStatus.SUCCEEDED, Duration.ofSeconds(30));
            assertThat(job.attempt()).isEqualTo(2);
            assertThat(job.result().get("by").asText()).isEqualTo("second");
        }
        assertThat(probe.runsFor(id)).extracting(HandlerProbe.Run::queue).containsExactly("first", "second");
    }

    @Test
    void gracefulShutdown_finishesRunningJobs_andLeavesTheRestVisibleAtOnce(TestCloud cloud) throws Exception {
        JobClient client = cloud.client();
        CountDownLatch twoRunning = new CountDownLatch(2);
        JobHandlers handlers = JobHandlers.builder().handler("work", Map.class, (p, ctx) -> {
            twoRunning.countDown();
            Thread.sleep(1500);
            return null;
        }).build();
        List<EnqueueRequest> jobs = new ArrayList<>();
        for (int i = 0; i < 10; i++) jobs.add(EnqueueRequest.of("work", Map.of("i", i)));
        client.enqueueAll(jobs);

        Worker worker = Worker.create(client, handlers, options().concurrency(2).build()).start();
        assertThat(twoRunning.await(10, TimeUnit.SECONDS)).isTrue();
        worker.shutdown();

        assertThat(client.list(io.jobkit.client.JobFilter.status(JobStatus.SUCCEEDED)).jobs()).hasSize(2);
        assertThat(cloud.visible(cloud.queueUrl("normal"))).as("unstarted messages visible right away").isEqualTo(8);
    }

    @Test
    void shutdownTimeout_releasesUnfinishedJobs_toRunAgain_withoutCountingTheAttempt(TestCloud cloud) throws Exception {
        JobClient client = cloud.client();
        CountDownLatch running = new CountDownLatch(1);
        JobHandlers handlers = JobHandlers.builder().handler("endless", Map.class, (p, ctx) -> {
            running.countDown();
            Thread.sleep(60_000);
            return null;
        }).build();
        String id = client.enqueue("endless", Map.of());
        Worker worker = Worker.create(client, handlers, options().shutdownTimeout(Duration.ofSeconds(1)).build()).start();
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

        worker.shutdown();

        Job job = client.get(id).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.RETRYING);
        assertThat(job.attempt()).as("a released attempt is not counted").isZero();
        assertThat(job.logs()).anyMatch(l -> l.contains("released by a shutting-down worker"));
        assertThat(cloud.visible(cloud.queueUrl("normal"))).isEqualTo(1);
    }

    @Test
    void underABacklog_criticalJobsRunBeforeLowOnes(TestCloud cloud) {
        JobClient client = cloud.client();
        List<EnqueueRequest> jobs = new ArrayList<>();
        for (int i = 0; i < 20; i++) jobs.add(EnqueueRequest.of("noop", Map.of(), JobOptions.of(b -> b.priority(Priority.LOW))));
        for (int i = 0; i < 20; i++) jobs.add(EnqueueRequest.of("noop", Map.of(), JobOptions.of(b -> b.priority(Priority.CRITICAL))));
        client.enqueueAll(jobs);
        JobHandlers handlers = JobHandlers.builder().handler("noop", Map.class, (p, ctx) -> {
            probe.ran(ctx.jobId(), ctx.type(), ctx.attempt(), ctx.queue());
            Thread.sleep(20);
            return null;
        }).build();

        try (Worker ignored = Worker.create(client, handlers, options().concurrency(2)
                .starvationInterval(Duration.ofMinutes(5)).build()).start()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> probe.total() == 40);
        }
        List<String> order = probe.runs().stream().map(HandlerProbe.Run::queue).toList();
        assertThat(order.subList(0, 20)).as("the first 20 runs").allMatch("critical"::equals);
    }

    @Test
    void starvationGuard_letsLowWorkThrough_underSustainedCriticalLoad(TestCloud cloud) {
        JobClient client = cloud.client();
        List<EnqueueRequest> jobs = new ArrayList<>();
        for (int i = 0; i < 5; i++) jobs.add(EnqueueRequest.of("noop", Map.of(), JobOptions.of(b -> b.priority(Priority.LOW))));
        for (int i = 0; i < 400; i++) jobs.add(EnqueueRequest.of("noop", Map.of(), JobOptions.of(b -> b.priority(Priority.CRITICAL))));
        client.enqueueAll(jobs);
        JobHandlers handlers = JobHandlers.builder().handler("noop", Map.class, (p, ctx) -> {
            probe.ran(ctx.jobId(), ctx.type(), ctx.attempt(), ctx.queue());
            Thread.sleep(50);
            return null;
        }).build();

        try (Worker ignored = Worker.create(client, handlers, options().concurrency(2)
                .starvationInterval(Duration.ofSeconds(2)).build()).start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> probe.runs().stream().anyMatch(r -> r.queue().equals("low")));
            long criticalDone = probe.runs().stream().filter(r -> r.queue().equals("critical")).count();
            assertThat(criticalDone).as("low ran while critical still had a backlog").isLessThan(400);
        }
    }

    @Test
    void await_returnsTheFinishedJob_orSaysItTimedOut(TestCloud cloud) {
        JobClient client = cloud.client();
        JobHandlers handlers = JobHandlers.builder()
                .handler("ok", Map.class, (p, ctx) -> Map.of("answer", 42))
                .handler("bad", Map.class, (p, ctx) -> {
                    throw new io.jobkit.handlers.FailJobException("nope");
                })
                .handler("slow", Map.class, (p, ctx) -> {
                    Thread.sleep(10_000);
                    return null;
                }).build();
        String ok = client.enqueue("ok", Map.of());
        String bad = client.enqueue("bad", Map.of());
        String slow = client.enqueue("slow", Map.of());
        try (Worker ignored = Worker.create(client, handlers, options().build()).start()) {
            AwaitResult success = client.await(ok, Duration.ofSeconds(20));
            assertThat(success.succeeded()).isTrue();
            assertThat(success.job().result().get("answer").asInt()).isEqualTo(42);

            AwaitResult failure = client.await(bad, Duration.ofSeconds(20));
            assertThat(failure.finished()).isTrue();
            assertThat(failure.job().status()).isEqualTo(JobStatus.FAILED);

            AwaitResult pending = client.await(slow, Duration.ofMillis(500));
            assertThat(pending.outcome()).isEqualTo(AwaitResult.Outcome.TIMED_OUT);
            assertThat(pending.job().status()).isIn(JobStatus.QUEUED, JobStatus.RUNNING);

            assertThat(client.await("no-such-job", Duration.ofSeconds(1)).outcome()).isEqualTo(AwaitResult.Outcome.NOT_FOUND);
        }
    }

    @Test
    void aRunningWorker_isListedFromItsHeartbeat_andDisappearsWhenItStops(TestCloud cloud) {
        JobClient client = cloud.client();
        JobHandlers handlers = JobHandlers.builder().handler("noop", Map.class, (p, ctx) -> null).build();
        Worker worker = Worker.create(client, handlers, options().queues(List.of("critical", "normal")).concurrency(3).build()).start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> !client.workers().isEmpty());
            WorkerInfo info = client.workers().get(0);
            assertThat(info.id()).isEqualTo(worker.id());
            assertThat(info.queues()).containsExactly("critical", "normal");
            assertThat(info.concurrency()).isEqualTo(3);
            assertThat(info.pid()).isEqualTo(ProcessHandle.current().pid());
        } finally {
            worker.close();
        }
        assertThat(client.workers()).isEmpty();
    }

    @Test
    void aFifoGroup_runsInOrder_evenWithinOneBatch_andAcrossARetry(TestCloud base) {
        TestCloud cloud = base.fresh(t -> t.queue(io.jobkit.client.topology.QueueDef.fifo("orders")).route("order.*", "orders"));
        JobClient client = cloud.client();
        java.util.List<Integer> order = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.Set<Integer> failedOnce = java.util.concurrent.ConcurrentHashMap.newKeySet();
        JobHandlers handlers = JobHandlers.builder().handler("order.step", Map.class, (p, ctx) -> {
            int n = ((Number) p.get("n")).intValue();
            if (n == 3 && failedOnce.add(n)) throw new IllegalStateException("step 3 stumbles once");
            Thread.sleep(n % 2 == 0 ? 60 : 5); // uneven durations would let a parallel run overtake
            order.add(n);
            return null;
        }).build();
        java.util.List<EnqueueRequest> steps = new ArrayList<>();
        for (int n = 1; n <= 8; n++) {
            int step = n;
            steps.add(EnqueueRequest.of("order.step", Map.of("n", step), JobOptions.of(b -> b.groupKey("order-42")
                    .backoff(io.jobkit.client.Backoff.fixed(Duration.ofSeconds(1))))));
        }
        client.enqueueAll(steps);

        try (Worker ignored = Worker.create(client, handlers, options().concurrency(8).build()).start()) {
            await().atMost(Duration.ofSeconds(40)).until(() -> order.size() == 8);
        }
        assertThat(order).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    }

    @Test
    void aTypeLimit_holdsAcrossAllTheWorkersQueues(TestCloud cloud) {
        JobClient client = cloud.client();
        java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
        JobHandlers handlers = JobHandlers.builder().handler("export.big", Map.class, (p, ctx) -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            Thread.sleep(300);
            running.decrementAndGet();
            probe.ran(ctx.jobId(), ctx.type(), ctx.attempt(), ctx.queue());
            return null;
        }).build();
        java.util.List<EnqueueRequest> jobs = new ArrayList<>();
        for (Priority p : Priority.values()) {
            jobs.add(EnqueueRequest.of("export.big", Map.of(), JobOptions.of(b -> b.priority(p))));
            jobs.add(EnqueueRequest.of("export.big", Map.of(), JobOptions.of(b -> b.priority(p))));
        }
        client.enqueueAll(jobs);

        try (Worker ignored = Worker.create(client, handlers, options().concurrency(8).typeConcurrency("export.big", 1).build()).start()) {
            await().atMost(Duration.ofSeconds(90)).until(() -> probe.total() == 8);
        }
        assertThat(most.get()).as("export.big jobs running at once, over four queues").isEqualTo(1);
    }

    @Test
    void aHandlerThatFinishesDuringShutdown_isRecordedAsSucceeded_notReleasedToRunAgain(TestCloud cloud) throws Exception {
        JobClient client = cloud.client();
        CountDownLatch running = new CountDownLatch(1);
        JobHandlers handlers = JobHandlers.builder().handler("stubborn", Map.class, (p, ctx) -> {
            running.countDown();
            long until = System.nanoTime() + Duration.ofMillis(2500).toNanos();
            while (System.nanoTime() < until) {
                Thread.onSpinWait(); // ignores interruption, like a blocking call that cannot be cancelled
            }
            return Map.of("done", true);
        }).build();
        String id = client.enqueue("stubborn", Map.of());
        Worker worker = Worker.create(client, handlers, options().shutdownTimeout(Duration.ofSeconds(1)).build()).start();
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

        worker.shutdown();

        Job job = client.get(id).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(job.result().get("done").asBoolean()).isTrue();
        assertThat(cloud.depth(cloud.queueUrl("normal"))).isZero();
    }
}
