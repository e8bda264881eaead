package io.jobkit.tests.workflow;

import io.jobkit.client.EnqueueAllResult;
import io.jobkit.client.EnqueueRequest;
import io.jobkit.client.JobClient;
import io.jobkit.client.JobStatus;
import io.jobkit.client.workflow.BatchOptions;
import io.jobkit.client.workflow.BatchStatus;
import io.jobkit.client.workflow.ChainStatus;
import io.jobkit.client.workflow.Flow;
import io.jobkit.client.workflow.MemberPage;
import io.jobkit.client.workflow.MemberResult;
import io.jobkit.client.workflow.WorkflowCancelResult;
import io.jobkit.handlers.FailJobException;
import io.jobkit.handlers.JobHandlers;
import io.jobkit.handlers.lambda.JobLambdaHandler;
import io.jobkit.handlers.lambda.LambdaOptions;
import io.jobkit.handlers.processor.ProcessorOptions;
import io.jobkit.handlers.worker.Worker;
import io.jobkit.handlers.worker.WorkerOptions;
import io.jobkit.local.lambda.EventSourceOptions;
import io.jobkit.local.lambda.FunctionSettings;
import io.jobkit.local.lambda.LocalEventSource;
import io.jobkit.local.lambda.LocalFunction;
import io.jobkit.tests.support.LocalCloudExtension;
import io.jobkit.tests.support.TestCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Chains, batches and chords against the local cloud with real workers (and once through the Lambda runtime). */
@ExtendWith(LocalCloudExtension.class)
class WorkflowsIT {
    private static final ProcessorOptions FAST = ProcessorOptions.builder().leaseDuration(Duration.ofSeconds(3))
            .heartbeatInterval(Duration.ofSeconds(1)).cancelGrace(Duration.ofSeconds(2)).build();

    public record Amount(int value) {
    }

    private static WorkerOptions.Builder options() {
        return WorkerOptions.builder().pollWait(Duration.ofSeconds(1)).shutdownTimeout(Duration.ofSeconds(5)).processor(FAST);
    }

    private static ChainStatus awaitChain(JobClient client, String id, String status) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> client.chainStatus(id).map(ChainStatus::status).orElse(null), status::equals);
        return client.chainStatus(id).orElseThrow();
    }

    private static BatchStatus awaitBatch(JobClient client, String id) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> client.batchStatus(id).map(BatchStatus::complete).orElse(false));
        return client.batchStatus(id).orElseThrow();
    }

    /** Every step adds its payload to the previous step's result. */
    private static JobHandlers adder(List<String> seen) {
        return JobHandlers.builder().handler("add", Amount.class, (p, ctx) -> {
            Amount before = ctx.previousResult(Amount.class);
            seen.add(ctx.jobId() + "<-" + (before == null ? "none" : before.value()));
            return new Amount((before == null ? 0 : before.value()) + p.value());
        }).handler("boom", Map.class, (p, ctx) -> {
            throw new FailJobException("card declined");
        }).build();
    }

    @Test
    void chainOfFive_eachStepSeesThePreviousResult(TestCloud cloud) {
        JobClient client = cloud.client();
        List<String> seen = new CopyOnWriteArrayList<>();
        String chain = client.chain(Flow.job("add", new Amount(1)), Flow.job("add", new Amount(2)),
                Flow.job("add", new Amount(3)), Flow.job("add", new Amount(4)), Flow.job("add", new Amount(5)));
        try (Worker ignored = Worker.create(client, adder(seen), options().build()).start()) {
            ChainStatus status = awaitChain(client, chain, "SUCCEEDED");
            assertThat(status.steps()).extracting(ChainStatus.Step::status).containsOnly("SUCCEEDED");
            String last = status.steps().get(4).id();
            assertThat(client.get(last).orElseThrow().result().get("value").asInt()).isEqualTo(15);
        }
        assertThat(seen).extracting(s -> s.substring(s.indexOf("<-") + 2)).containsExactly("none", "1", "3", "6", "10");
    }

    @Test
    void failureAtStep3_cancelsSteps4And5_withAReasonNamingTheStep(TestCloud cloud) {
        JobClient client = cloud.client();
        List<String> seen = new CopyOnWriteArrayList<>();
        String chain = client.chain(Flow.job("add", new Amount(1)), Flow.job("add", new Amount(2)),
                Flow.job("boom", Map.of()), Flow.job("add", new Amount(4)), Flow.job("add", new Amount(5)));
        try (Worker ignored = Worker.create(client, adder(seen), options().build()).start()) {
            ChainStatus status = awaitChain(client, chain, "FAILED");
            assertThat(status.failedStep()).isEqualTo(2);
            assertThat(status.reason()).isEqualTo("step 3 of 5 (boom) failed: card declined");
            assertThat(status.steps()).extracting(ChainStatus.Step::status)
                    .containsExactly("SUCCEEDED", "SUCCEEDED", "FAILED", "CANCELLED", "CANCELLED");
            assertThat(status.steps().get(3).reason()).contains("step 3 of 5 (boom) failed");
            assertThat(client.get(chain + ".s3")).isEmpty();
        }
        assertThat(seen).hasSize(2);
    }

    @Test
    void retriesInsideAStep_doNotAdvanceTheChain(TestCloud cloud) {
        JobClient client = cloud.client();
        AtomicInteger attempts = new AtomicInteger();
        List<String> order = new CopyOnWriteArrayList<>();
        JobHandlers handlers = JobHandlers.builder().handler("flaky", Map.class, (p, ctx) -> {
            order.add("flaky#" + ctx.attempt());
            if (attempts.incrementAndGet() < 3) throw new IllegalStateException("not yet");
            return Map.of("ok", true);
        }).handler("after", Map.class, (p, ctx) -> {
            order.add("after");
            return null;
        }).build();
        String chain = client.chain(Flow.job("flaky", Map.of(), o -> o.maxAttempts(3)
                        .backoff(io.jobkit.client.Backoff.fixed(Duration.ofSeconds(1)))),
                Flow.job("after", Map.of(), o -> o.delay(Duration.ofSeconds(1))));
        try (Worker ignored = Worker.create(client, handlers, options().build()).start()) {
            awaitChain(client, chain, "SUCCEEDED");
        }
        assertThat(order).containsExactly("flaky#1", "flaky#2", "flaky#3", "after");
    }

    @Test
    void batchCallbacks_fireExactlyOnce_underDuplicateDeliveries_andTwoWorkersOf16Threads(TestCloud cloud) {
        JobClient client = cloud.client();
        Map<String, AtomicInteger> callbacks = new ConcurrentHashMap<>();
        List<String> summaries = new CopyOnWriteArrayList<>();
        JobHandlers handlers = JobHandlers.builder().handler("member", Amount.class, (p, ctx) -> new Amount(p.value() * 2))
                .handler("done", Map.class, (p, ctx) -> {
                    callbacks.computeIfAbsent(ctx.batchCallback().orElseThrow().kind(), k -> new AtomicInteger()).incrementAndGet();
                    var cb = ctx.batchCallback().orElseThrow();
                    BatchStatus s = cb.summary();
                    if (s.outcome() == null) throw new IllegalStateException("callback ran before the batch's outcome was written");
                    int results = 0;
                    String cursor = null;
                    do {
                        MemberPage page = cb.members(cursor, 7);
                        results += (int) page.members().stream().filter(m -> m.result() != null).count();
                        cursor = page.nextCursor();
                    } while (cursor != null);
                    summaries.add(cb.batchId() + ":" + s.total() + "/" + s.succeeded() + "/" + results);
                    return null;
                }).build();
        List<EnqueueRequest> members = new ArrayList<>();
        for (int i = 0; i < 40; i++) members.add(EnqueueRequest.of("member", new Amount(i)));
        String batch = client.batch(members, o -> o.onSuccess("done", Map.of()).onComplete("done", Map.of()).shards(4));

        // every member message delivered twice: copy each one back onto the queue before any worker runs
        String url = cloud.queueUrl("normal");
        List<Message> sent = cloud.drain(url);
        assertThat(sent).hasSize(40);
        for (int round = 0; round < 2; round++) {
            for (Message m : sent) {
                cloud.sqs().sendMessage(r -> r.queueUrl(url).messageBody(m.body()).messageAttributes(m.messageAttributes()));
            }
        }
        try (Worker a = Worker.create(client, handlers, options().concurrency(16).build()).start();
             Worker b = Worker.create(client, handlers, options().concurrency(16).build()).start()) {
            BatchStatus status = awaitBatch(client, batch);
            await().atMost(Duration.ofSeconds(30)).until(() -> summaries.size() >= 2);
            // the duplicates are dropped by now or shortly; give them a chance to misbehave
            await().atMost(Duration.ofSeconds(30)).until(() -> cloud.depth(url) == 0);
            assertThat(status.total()).isEqualTo(40);
            assertThat(status.succeeded()).isEqualTo(40);
            assertThat(status.pending()).isZero();
            assertThat(status.outcome()).isEqualTo("SUCCEEDED");
        }
        assertThat(callbacks).containsOnlyKeys("onSuccess", "onComplete");
        assertThat(callbacks.get("onSuccess").get()).isEqualTo(1);
        assertThat(callbacks.get("onComplete").get()).isEqualTo(1);
        assertThat(summaries).containsOnly(batch + ":40/40/40");
        assertThat(client.batchStatus(batch).orElseThrow().callbackJobs())
                .containsEntry("onSuccess", batch + ".onSuccess").containsEntry("onComplete", batch + ".onComplete");
    }

    @Test
    void aFailingMember_firesOnFailureOnce_andOnCompleteButNotOnSuccess(TestCloud cloud) {
        JobClient client = cloud.client();
        List<String> fired = new CopyOnWriteArrayList<>();
        JobHandlers handlers = JobHandlers.builder().handler("add", Amount.class, (p, ctx) -> p)
                .handler("boom", Map.class, (p, ctx) -> {
                    throw new FailJobException("no");
                })
                .handler("cb", Map.class, (p, ctx) -> {
                    fired.add(ctx.batchCallback().orElseThrow().kind());
                    return null;
                }).build();
        String batch = client.batch(List.of(EnqueueRequest.of("add", new Amount(1)), EnqueueRequest.of("boom", Map.of()),
                        EnqueueRequest.of("boom", Map.of()), EnqueueRequest.of("add", new Amount(2))),
                o -> o.onSuccess("cb", Map.of()).onComplete("cb", Map.of()).onFailure("cb", Map.of()));
        try (Worker ignored = Worker.create(client, handlers, options().build()).start()) {
            BatchStatus s = awaitBatch(client, batch);
            assertThat(s.outcome()).isEqualTo("FAILED");
            assertThat(s.failed()).isEqualTo(2);
            assertThat(s.succeeded()).isEqualTo(2);
            await().atMost(Duration.ofSeconds(20)).until(() -> fired.size() >= 2);
        }
        assertThat(fired).containsExactlyInAnyOrder("onFailure", "onComplete");
    }

    @Test
    void cancellingABatch_cancelsItsWaitingMembers(TestCloud cloud) {
        JobClient client = cloud.client();
        List<EnqueueRequest> members = new ArrayList<>();
        for (int i = 0; i < 12; i++) members.add(EnqueueRequest.of("add", new Amount(i)));
        String batch = client.batch(members, o -> o.onComplete("cb", Map.of()));

        WorkflowCancelResult r = client.cancelBatch(batch);

        assertThat(r.outcome()).isEqualTo("CANCELLED");
        assertThat(r.cancelled()).isEqualTo(12);
        BatchStatus s = client.batchStatus(batch).orElseThrow();
        assertThat(s.cancelled()).isEqualTo(12);
        assertThat(s.outcome()).isEqualTo("CANCELLED");
        assertThat(s.callbackJobs()).containsKey("onComplete");
        MemberPage page = client.batchMembers(batch, null, 100);
        assertThat(page.members()).hasSize(12).extracting(MemberResult::state).containsOnly("CANCELLED");
        assertThat(client.get(page.members().get(0).id()).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(client.cancelBatch(batch).outcome()).isEqualTo("ALREADY_FINISHED");
        // a completed batch's item and counters expire with the jobs' retention
        var item = cloud.dynamo().getItem(g -> g.tableName(cloud.topology().tableName()).key(Map.of(
                "pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("BATCH#" + batch),
                "sk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("BATCH")))).item();
        assertThat(Long.parseLong(item.get("expiresAt").n())).isGreaterThan(java.time.Instant.now().getEpochSecond());
    }

    @Test
    void chord_chainWaitsForItsBatchStep_andTheNextStepSeesTheSummary(TestCloud cloud) {
        JobClient client = cloud.client();
        List<String> seen = new CopyOnWriteArrayList<>();
        JobHandlers handlers = JobHandlers.builder().handler("add", Amount.class, (p, ctx) -> p)
                .handler("summary", Map.class, (p, ctx) -> {
                    @SuppressWarnings("unchecked") Map<String, Object> before = ctx.previousResult(Map.class);
                    seen.add(before.get("total") + "/" + before.get("succeeded"));
                    return before;
                }).build();
        String chain = client.chain(Flow.job("add", new Amount(1)),
                Flow.batch(List.of(Flow.job("add", new Amount(2)), Flow.job("add", new Amount(3)),
                        Flow.chain(Flow.job("add", new Amount(4)), Flow.job("add", new Amount(5))))),
                Flow.job("summary", Map.of()));
        try (Worker ignored = Worker.create(client, handlers, options().build()).start()) {
            ChainStatus s = awaitChain(client, chain, "SUCCEEDED");
            assertThat(s.steps()).extracting(ChainStatus.Step::status).containsExactly("SUCCEEDED", "SUCCEEDED", "SUCCEEDED");
            assertThat(client.batchStatus(chain + ".s1").orElseThrow().parentChain()).isEqualTo(chain);
        }
        assertThat(seen).containsExactly("3/3");
    }

    @Test
    void batchOfBatches_andMembersAddedWhileRunning_completeWithExactCounts(TestCloud cloud) {
        JobClient client = cloud.client();
        AtomicInteger completions = new AtomicInteger();
        JobHandlers handlers = JobHandlers.builder().handler("add", Amount.class, (p, ctx) -> p)
                .handler("fanout", Amount.class, (p, ctx) -> {
                    List<EnqueueRequest> more = new ArrayList<>();
                    for (int i = 0; i < p.value(); i++) more.add(EnqueueRequest.of("add", new Amount(i)));
                    ctx.addToBatch(more);
                    return null;
                })
                .handler("cb", Map.class, (p, ctx) -> {
                    completions.incrementAndGet();
                    return null;
                }).build();
        String outer = client.batchOf(List.of(
                Flow.batch(List.of(Flow.job("add", new Amount(1)), Flow.job("fanout", new Amount(5)))),
                Flow.batch(List.of(Flow.job("add", new Amount(2)), Flow.job("add", new Amount(3)))),
                Flow.job("fanout", new Amount(3))), BatchOptions.of(o -> o.onSuccess("cb", Map.of())));
        try (Worker ignored = Worker.create(client, handlers, options().concurrency(8).build()).start()) {
            BatchStatus s = awaitBatch(client, outer);
            assertThat(s.outcome()).isEqualTo("SUCCEEDED");
            assertThat(s.total()).isEqualTo(3 + 3); // two nested batches, the fan-out job and its 3 additions
            assertThat(s.succeeded()).isEqualTo(6);
            List<MemberResult> members = client.batchMembers(outer, null, 100).members();
            String first = members.stream().filter(m -> m.kind().equals("batch")).map(MemberResult::id)
                    .filter(id -> client.batchStatus(id).orElseThrow().total() == 7).findFirst().orElseThrow();
            assertThat(client.batchStatus(first).orElseThrow().succeeded()).isEqualTo(7); // 2 members + 5 added
            await().atMost(Duration.ofSeconds(20)).until(() -> completions.get() == 1);
        }
        assertThat(completions.get()).isEqualTo(1);
    }

    @Test
    void throughTheLambdaRuntime_aBatchCompletesWithOneCallback(TestCloud cloud) {
        JobClient client = cloud.client();
        AtomicInteger callbacks = new AtomicInteger();
        JobHandlers handlers = JobHandlers.builder().handler("add", Amount.class, (p, ctx) -> p)
                .handler("cb", Map.class, (p, ctx) -> {
                    callbacks.incrementAndGet();
                    return null;
                }).build();
        List<EnqueueRequest> members = new ArrayList<>();
        for (int i = 0; i < 30; i++) members.add(EnqueueRequest.of("add", new Amount(i)));
        String batch = client.batch(members, o -> o.onComplete("cb", Map.of()).shards(3));
        try (LocalEventSource ignored = LocalEventSource.start(client,
                LocalFunction.inProcess(FunctionSettings.of(3), "us-east-1", () -> new JobLambdaHandler(client, handlers,
                        LambdaOptions.defaults())), EventSourceOptions.builder().pollWait(Duration.ofSeconds(1)).batchSize(5).build())) {
            BatchStatus s = awaitBatch(client, batch);
            assertThat(s.succeeded()).isEqualTo(30);
            await().atMost(Duration.ofSeconds(20)).until(() -> callbacks.get() == 1);
            await().atMost(Duration.ofSeconds(20)).until(() -> cloud.depth(cloud.queueUrl("normal")) == 0);
        }
        assertThat(callbacks.get()).isEqualTo(1);
    }

    @Test
    void enqueueAllByType_reportsInvalidItemsWithTheirPositions_andEnqueuesTheRest(TestCloud cloud) {
        JobClient client = cloud.client();
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < 25; i++) items.add(Map.of("i", i));
        items.set(3, "{not json");
        items.set(17, Map.of("blob", "x".repeat(300 * 1024)));

        EnqueueAllResult r = client.enqueueAll("add", items, 10);

        assertThat(r.total()).isEqualTo(25);
        assertThat(r.enqueued()).isEqualTo(23);
        assertThat(r.failed()).extracting(EnqueueAllResult.ItemError::index).containsExactly(3, 17);
        assertThat(r.failed().get(1).error()).contains("262,144-byte limit");
        assertThat(r.failed().get(0).error()).contains("not valid JSON");
        assertThat(cloud.visible(cloud.queueUrl("normal"))).isEqualTo(23);
        assertThat(Optional.ofNullable(r.jobIds().get(0))).isPresent();
    }

    @Test
    void aWorkerKilledMidBatch_anotherFinishesIt_andTheCallbackFiresOnce(TestCloud cloud) {
        JobClient client = cloud.client();
        AtomicInteger callbacks = new AtomicInteger();
        java.util.concurrent.CountDownLatch stuck = new java.util.concurrent.CountDownLatch(3);
        JobHandlers hanging = JobHandlers.builder().handler("add", Amount.class, (p, ctx) -> {
            if (p.value() % 4 == 0) {
                stuck.countDown();
                Thread.sleep(60_000);
            }
            return p;
        }).handler("cb", Map.class, (p, ctx) -> {
            callbacks.incrementAndGet();
            return null;
        }).build();
        JobHandlers healthy = JobHandlers.builder().handler("add", Amount.class, (p, ctx) -> p)
                .handler("cb", Map.class, (p, ctx) -> {
                    callbacks.incrementAndGet();
                    return null;
                }).build();
        List<EnqueueRequest> members = new ArrayList<>();
        for (int i = 0; i < 12; i++) members.add(EnqueueRequest.of("add", new Amount(i)));
        String batch = client.batch(members, o -> o.onComplete("cb", Map.of()));
        Worker victim = Worker.create(client, hanging, options().concurrency(4).build()).start();
        await().atMost(Duration.ofSeconds(30)).until(() -> stuck.getCount() == 0);
        victim.halt(); // kill -9: nothing recorded for the jobs it held
        assertThat(client.batchStatus(batch).orElseThrow().pending()).isPositive();
        try (Worker ignored = Worker.create(client, healthy, options().build()).start()) {
            BatchStatus s = awaitBatch(client, batch);
            assertThat(s.succeeded()).isEqualTo(12);
            await().atMost(Duration.ofSeconds(20)).until(() -> callbacks.get() == 1);
        }
        assertThat(callbacks.get()).isEqualTo(1);
    }

    @Test
    void retryOfAFailedMember_afterTheBatchCompleted_keepsTheCounts_andFiresNoCallbackAgain(TestCloud cloud) {
        JobClient client = cloud.client();
        AtomicInteger callbacks = new AtomicInteger();
        AtomicInteger boomRuns = new AtomicInteger();
        JobHandlers handlers = JobHandlers.builder().handler("add", Amount.class, (p, ctx) -> p)
                .handler("boom", Map.class, (p, ctx) -> {
                    if (boomRuns.incrementAndGet() == 1) throw new FailJobException("first cycle fails");
                    return Map.of("second", "cycle");
                })
                .handler("cb", Map.class, (p, ctx) -> {
                    callbacks.incrementAndGet();
                    return null;
                }).build();
        String batch = client.batch(List.of(EnqueueRequest.of("add", new Amount(1)), EnqueueRequest.of("boom", Map.of())),
                o -> o.onComplete("cb", Map.of()).onFailure("cb", Map.of()).onSuccess("cb", Map.of()));
        try (Worker ignored = Worker.create(client, handlers, options().build()).start()) {
            BatchStatus done = awaitBatch(client, batch);
            assertThat(done.outcome()).isEqualTo("FAILED");
            await().atMost(Duration.ofSeconds(20)).until(() -> callbacks.get() == 2); // onFailure, onComplete
            String failed = client.batchMembers(batch, null, 10).members().stream()
                    .filter(m -> m.state().equals("FAILED")).findFirst().orElseThrow().id();
            assertThat(client.retry(failed).outcome().name()).isEqualTo("RETRIED");
            await().atMost(Duration.ofSeconds(20)).until(() -> client.get(failed).orElseThrow().status() == JobStatus.SUCCEEDED);
            await().atMost(Duration.ofSeconds(20)).until(() -> client.batchMembers(batch, null, 10).members().stream()
                    .anyMatch(m -> "SUCCEEDED".equals(m.lastState())));
        }
        BatchStatus after = client.batchStatus(batch).orElseThrow();
        assertThat(after.failed()).isEqualTo(1);
        assertThat(after.succeeded()).isEqualTo(1);
        assertThat(after.outcome()).isEqualTo("FAILED");
        assertThat(after.callbackJobs()).doesNotContainKey("onSuccess");
        assertThat(callbacks.get()).isEqualTo(2);
        assertThat(client.membership(batch + ".onComplete").callbackOf()).isEqualTo(batch);
    }
}
