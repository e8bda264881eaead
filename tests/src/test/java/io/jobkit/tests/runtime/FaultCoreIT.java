package io.jobkit.tests.runtime;

import io.jobkit.client.Job;
import io.jobkit.client.JobClient;
import io.jobkit.client.JobStatus;
import io.jobkit.client.testing.TestClock;
import io.jobkit.handlers.JobHandlers;
import io.jobkit.handlers.processor.Disposition;
import io.jobkit.handlers.processor.JobProcessor;
import io.jobkit.handlers.processor.ProcessResult;
import io.jobkit.handlers.processor.ProcessorOptions;
import io.jobkit.handlers.processor.ReceivedMessage;
import io.jobkit.tests.support.FaultyClients;
import io.jobkit.tests.support.LocalCloudExtension;
import io.jobkit.tests.support.TestCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityRequest;
import software.amazon.awssdk.services.sqs.model.Message;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The processor's core fault paths (issue 11: leases, lost responses, outcome retries, store outages), against the
 * real emulators with faults injected by an SDK interceptor.
 */
@ExtendWith(LocalCloudExtension.class)
class FaultCoreIT {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    // ---- 1. leases ------------------------------------------------------------------------------------------

    @Test
    void aSlowLeaseWriteOfOneJob_doesNotDelayAnotherJobsBeats(TestCloud cloud) throws Exception {
        FaultyClients faults = new FaultyClients(cloud);
        CountDownLatch finish = new CountDownLatch(1);
        CountDownLatch unblockStore = new CountDownLatch(1);
        JobClient client = cloud.client(b -> b.dynamoDbClient(faults.dynamo()).sqsClient(faults.sqs()));
        JobHandlers handlers = JobHandlers.builder().handler("hold", Map.class, (p, ctx) -> {
            finish.await();
            return null;
        }).build();
        String slow = client.enqueue("hold", Map.of());
        String fast = client.enqueue("hold", Map.of());
        List<Message> messages = cloud.drain(cloud.queueUrl("normal"));
        ProcessorOptions options = ProcessorOptions.builder().leaseDuration(Duration.ofSeconds(3))
                .heartbeatInterval(Duration.ofSeconds(1)).build();
        try (JobProcessor processor = new JobProcessor(client, handlers, options)) {
            List<CompletableFuture<ProcessResult>> runs = messages.stream()
                    .map(m -> CompletableFuture.supplyAsync(() -> processor.process(received(cloud, m), null))).toList();
            await().atMost(PATIENCE).until(() -> processor.inFlight() == 2);
            // from now on every DynamoDB write for the slow job hangs until released
            faults.hold(updateOf(slow), () -> awaitQuietly(unblockStore));
            int fastBefore = count(faults, updateOf(fast));
            await().atMost(PATIENCE).untilAsserted(() -> {
                assertThat(count(faults, updateOf(fast)) - fastBefore).as("the fast job's lease writes go on").isGreaterThanOrEqualTo(3);
                assertThat(count(faults, visibilityOf(messages, slow)))
                        .as("the slow job's visibility is extended although its lease write hangs").isGreaterThanOrEqualTo(3);
            });
            faults.hold(r -> false, () -> { });
            unblockStore.countDown();
            finish.countDown();
            runs.forEach(CompletableFuture::join);
        }
        assertThat(client.get(slow).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(client.get(fast).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test
    void aThrowingLeaseWrite_stillExtendsTheMessagesVisibility(TestCloud cloud) throws Exception {
        FaultyClients faults = new FaultyClients(cloud);
        CountDownLatch finish = new CountDownLatch(1);
        JobClient client = cloud.client(b -> b.dynamoDbClient(faults.dynamo()).sqsClient(faults.sqs()));
        JobHandlers handlers = JobHandlers.builder().handler("hold", Map.class, (p, ctx) -> {
            finish.await();
            return null;
        }).build();
        String id = client.enqueue("hold", Map.of());
        List<Message> messages = cloud.drain(cloud.queueUrl("normal"));
        ProcessorOptions options = ProcessorOptions.builder().leaseDuration(Duration.ofSeconds(6))
                .heartbeatInterval(Duration.ofSeconds(1)).build();
        try (JobProcessor processor = new JobProcessor(client, handlers, options)) {
            CompletableFuture<ProcessResult> run = CompletableFuture.supplyAsync(
                    () -> processor.process(received(cloud, messages.get(0)), null));
            await().atMost(PATIENCE).until(() -> processor.inFlight() == 1);
            faults.failBefore(1_000, updateOf(id));
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(count(faults, visibilityOf(messages, id)))
                    .isGreaterThanOrEqualTo(2));
            faults.failBefore(0, r -> false);
            finish.countDown();
            assertThat(run.join().kind()).isEqualTo(ProcessResult.Kind.SUCCEEDED);
        }
    }

    /**
     * The claim's first attempt hangs until its attempt timeout and the SDK's retry lands: the lease it wrote, computed
     * before the call, has already run out. Here the store's clock is moved past the lease while the claim is on its way.
     */
    @Test
    void aClaimThatReturnsAfterItsLeaseRanOut_renewsTheLeaseBeforeTheHandlerRuns(TestCloud cloud) {
        FaultyClients faults = new FaultyClients(cloud);
        TestClock clock = TestClock.startingNow();
        JobClient client = cloud.client(b -> b.dynamoDbClient(faults.dynamo()).clock(clock));
        Duration lease = Duration.ofSeconds(30);
        List<Duration> leaseLeftInHandler = new java.util.concurrent.CopyOnWriteArrayList<>();
        JobHandlers handlers = JobHandlers.builder().handler("slow-claim", Map.class, (p, ctx) -> {
            Job seen = cloud.client().get(ctx.jobId()).orElseThrow();
            leaseLeftInHandler.add(Duration.between(clock.instant(), seen.lease().expiresAt()));
            return null;
        }).build();
        String id = client.enqueue("slow-claim", Map.of());
        Message m = cloud.drain(cloud.queueUrl("normal")).get(0);
        AtomicInteger writes = new AtomicInteger();
        Predicate<SdkRequest> ofJob = updateOf(id);
        faults.after(r -> ofJob.test(r) && writes.incrementAndGet() == 1, () -> clock.advance(lease.plusSeconds(1)));
        ProcessorOptions options = ProcessorOptions.builder().leaseDuration(lease).heartbeatInterval(Duration.ofSeconds(10)).build();
        try (JobProcessor processor = new JobProcessor(client, handlers, options)) {
            assertThat(processor.process(received(cloud, m), null).kind()).isEqualTo(ProcessResult.Kind.SUCCEEDED);
        }
        assertThat(leaseLeftInHandler).singleElement().satisfies(left -> assertThat(left)
                .as("the lease the handler runs under").isGreaterThan(lease.minusSeconds(10)));
        assertThat(client.get(id).orElseThrow().attempt()).as("the renewal counts no attempt").isEqualTo(1);
    }

    @Test
    void aClaimThatReturnsAfterItsLeaseRanOut_andWasTakenOverMeanwhile_runsNothing(TestCloud cloud) {
        FaultyClients faults = new FaultyClients(cloud);
        TestClock clock = TestClock.startingNow();
        JobClient slowClient = cloud.client(b -> b.dynamoDbClient(faults.dynamo()).clock(clock));
        JobClient otherClient = cloud.client(b -> b.clock(clock));
        Duration lease = Duration.ofSeconds(30);
        List<String> ranOn = new java.util.concurrent.CopyOnWriteArrayList<>();
        JobHandlers slowHandlers = JobHandlers.builder().handler("contested", Map.class, (p, ctx) -> ranOn.add("slow")).build();
        JobHandlers otherHandlers = JobHandlers.builder().handler("contested", Map.class, (p, ctx) -> ranOn.add("other")).build();
        String id = slowClient.enqueue("contested", Map.of());
        Message m = cloud.drain(cloud.queueUrl("normal")).get(0);
        ProcessorOptions options = ProcessorOptions.builder().leaseDuration(lease).heartbeatInterval(Duration.ofSeconds(10)).build();
        try (JobProcessor slow = new JobProcessor(slowClient, slowHandlers, options);
             JobProcessor other = new JobProcessor(otherClient, otherHandlers, options)) {
            AtomicInteger writes = new AtomicInteger();
            Predicate<SdkRequest> ofJob = updateOf(id);
            List<ProcessResult> otherResults = new java.util.concurrent.CopyOnWriteArrayList<>();
            // while the slow claim's answer is on its way its lease runs out; the message's visibility has too, so
            // another worker receives the job, finds the lease expired and claims and runs it
            faults.after(r -> ofJob.test(r) && writes.incrementAndGet() == 1, () -> {
                clock.advance(lease.plusSeconds(1));
                otherResults.add(other.process(received(cloud, m, 2), null));
            });
            ProcessResult slowResult = slow.process(received(cloud, m), null);
            assertThat(otherResults).singleElement().extracting(ProcessResult::kind).isEqualTo(ProcessResult.Kind.SUCCEEDED);
            assertThat(slowResult.kind()).as("the slow claim's copy").isEqualTo(ProcessResult.Kind.DUPLICATE);
            assertThat(slowResult.disposition()).isInstanceOf(Disposition.Delete.class);
        }
        assertThat(ranOn).as("handler runs").containsExactly("other");
        Job job = slowClient.get(id).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(job.attempt()).isEqualTo(2);
    }

    @Test
    void aLeaseWriteThatAnswersAfterItsLeaseRanOut_isWrittenAgainAtOnce_notABeatLater(TestCloud cloud) throws Exception {
        FaultyClients faults = new FaultyClients(cloud);
        TestClock clock = TestClock.startingNow();
        JobClient client = cloud.client(b -> b.dynamoDbClient(faults.dynamo()).clock(clock));
        Duration lease = Duration.ofSeconds(30);
        Duration beat = Duration.ofSeconds(10);
        CountDownLatch finish = new CountDownLatch(1);
        JobHandlers handlers = JobHandlers.builder().handler("hold", Map.class, (p, ctx) -> {
            finish.await();
            return null;
        }).build();
        String id = client.enqueue("hold", Map.of());
        Message m = cloud.drain(cloud.queueUrl("normal")).get(0);
        ProcessorOptions options = ProcessorOptions.builder().leaseDuration(lease).heartbeatInterval(beat).build();
        try (JobProcessor processor = new JobProcessor(client, handlers, options)) {
            CompletableFuture<ProcessResult> run = CompletableFuture.supplyAsync(() -> processor.process(received(cloud, m), null));
            await().atMost(PATIENCE).until(() -> processor.inFlight() == 1);
            int afterClaim = count(faults, updateOf(id));
            AtomicInteger writes = new AtomicInteger();
            Predicate<SdkRequest> ofJob = updateOf(id);
            // the first beat's write is slow: by the time it answers, the lease it wrote has run out
            faults.after(r -> ofJob.test(r) && writes.incrementAndGet() == 1, () -> clock.advance(lease.plusSeconds(1)));
            await().atMost(beat.plus(PATIENCE)).until(() -> writes.get() >= 1);
            await().atMost(beat.dividedBy(2)).untilAsserted(() -> assertThat(count(faults, updateOf(id)) - afterClaim)
                    .as("lease writes: the late one and its immediate repeat").isGreaterThanOrEqualTo(2));
            Job held = client.get(id).orElseThrow();
            assertThat(Duration.between(clock.instant(), held.lease().expiresAt())).isGreaterThan(beat);
            finish.countDown();
            assertThat(run.join().kind()).isEqualTo(ProcessResult.Kind.SUCCEEDED);
        }
    }

    // ---- 2. lost responses ----------------------------------------------------------------------------------

    @Test
    void aClaimWhoseResponseWasLost_isRecognisedAsOurs_andRunsOnce(TestCloud cloud) {
        FaultyClients faults = new FaultyClients(cloud);
        AtomicInteger runs = new AtomicInteger();
        JobClient client = cloud.client(b -> b.dynamoDbClient(faults.dynamo()));
        JobHandlers handlers = JobHandlers.builder().handler("count", Map.class, (p, ctx) -> runs.incrementAndGet()).build();
        String id = client.enqueue("count", Map.of());
        Message m = cloud.drain(cloud.queueUrl("normal")).get(0);
        faults.loseResponses(1, updateOf(id));
        try (JobProcessor processor = new JobProcessor(client, handlers, ProcessorOptions.builder().build())) {
            ProcessResult result = processor.process(received(cloud, m), null);
            assertThat(faults.lost("UpdateItem")).as("the claim's first response was lost").isEqualTo(1);
            assertThat(result.kind()).isEqualTo(ProcessResult.Kind.SUCCEEDED);
            assertThat(result.disposition()).isInstanceOf(Disposition.Delete.class);
        }
        Job job = client.get(id).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(job.attempt()).as("no attempt burnt").isEqualTo(1);
        assertThat(runs).hasValue(1);
    }

    @Test
    void aRedrivenClaimWhoseResponseWasLost_runsTheNewCycle_insteadOfLeavingItRunningForever(TestCloud cloud) {
        FaultyClients faults = new FaultyClients(cloud);
        AtomicInteger calls = new AtomicInteger();
        JobClient client = cloud.client(b -> b.dynamoDbClient(faults.dynamo()));
        JobHandlers handlers = JobHandlers.builder().handler("flaky", Map.class, (p, ctx) -> {
            if (calls.incrementAndGet() == 1) throw new io.jobkit.handlers.FailJobException("first cycle fails");
            return "ok";
        }).build();
        String id = client.enqueue("flaky", Map.of(), o -> o.maxAttempts(1));
        Message m = cloud.drain(cloud.queueUrl("normal")).get(0);
        try (JobProcessor processor = new JobProcessor(client, handlers, ProcessorOptions.builder().build())) {
            assertThat(processor.process(received(cloud, m), null).kind()).isEqualTo(ProcessResult.Kind.FAILED);
            Message dead = cloud.drain(cloud.dlqUrl("normal")).get(0);
            // the plain claim is refused (FAILED); the redriven claim after it is the write whose response is lost
            AtomicInteger writes = new AtomicInteger();
            Predicate<SdkRequest> ofJob = updateOf(id);
            faults.loseResponses(1, r -> ofJob.test(r) && writes.incrementAndGet() == 2);
            ProcessResult result = processor.process(received(cloud, dead), null);
            assertThat(faults.lost("UpdateItem")).isEqualTo(1);
            assertThat(result.kind()).isEqualTo(ProcessResult.Kind.SUCCEEDED);
        }
        Job job = client.get(id).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(job.cycle()).isEqualTo(2);
    }

    @Test
    void anOutcomeWriteWhoseResponseWasLost_isRecorded_notAbandoned(TestCloud cloud) {
        FaultyClients faults = new FaultyClients(cloud);
        JobClient client = cloud.client(b -> b.dynamoDbClient(faults.dynamo()));
        String[] id = new String[1];
        JobHandlers handlers = JobHandlers.builder().handler("arm", Map.class, (p, ctx) -> {
            faults.loseResponses(1, updateOf(id[0])); // the next write for this job is the outcome
            return "done";
        }).build();
        id[0] = client.enqueue("arm", Map.of());
        Message m = cloud.drain(cloud.queueUrl("normal")).get(0);
        try (JobProcessor processor = new JobProcessor(client, handlers, ProcessorOptions.builder().build())) {
            ProcessResult result = processor.process(received(cloud, m), null);
            assertThat(faults.lost("UpdateItem")).isEqualTo(1);
            assertThat(result.kind()).isEqualTo(ProcessResult.Kind.SUCCEEDED);
            assertThat(result.disposition()).isInstanceOf(Disposition.Delete.class);
        }
        assertThat(client.get(id[0]).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
    }

    // ---- 4. outcome write retried ---------------------------------------------------------------------------

    @Test
    void anOutcomeWriteThatFails_isRetriedWhileTheLeaseIsKept(TestCloud cloud) {
        OutcomeRun run = runWithFailingOutcomeWrites(cloud, 3, null);
        assertThat(run.result().kind()).isEqualTo(ProcessResult.Kind.SUCCEEDED);
        assertThat(run.result().disposition()).isInstanceOf(Disposition.Delete.class);
        assertThat(run.client().get(run.id()).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(run.handlerRuns()).isEqualTo(1);
    }

    @Test
    void inLambda_outcomeWriteRetriesStopAtTheRuntimesEnd_andTheMessageIsLeftToReappear(TestCloud cloud) {
        // six failing writes: within the 30 s lease budget the seventh try would land (pauses 0.25 s, 0.5 s, … ≤ 12.75 s);
        // a Lambda with one second left: the retries must give up by then instead of outliving the invocation
        OutcomeRun run = runWithFailingOutcomeWrites(cloud, 6, java.time.Instant.now().plusSeconds(1));
        assertThat(run.result().kind()).isEqualTo(ProcessResult.Kind.ABANDONED);
        assertThat(run.handlerRuns()).isEqualTo(1);
        assertThat(run.client().get(run.id()).orElseThrow().status()).as("not recorded; the message reappears")
                .isEqualTo(JobStatus.RUNNING);
    }

    private record OutcomeRun(JobClient client, String id, ProcessResult result, int handlerRuns) {
    }

    /** One job whose handler succeeds, after which its next {@code failures} writes (the outcome's tries) fail. */
    private static OutcomeRun runWithFailingOutcomeWrites(TestCloud cloud, int failures, Instant runtimeDeadline) {
        FaultyClients faults = new FaultyClients(cloud);
        JobClient client = cloud.client(b -> b.dynamoDbClient(faults.dynamo()));
        String[] id = new String[1];
        AtomicInteger runs = new AtomicInteger();
        JobHandlers handlers = JobHandlers.builder().handler("arm", Map.class, (p, ctx) -> {
            runs.incrementAndGet();
            faults.failBefore(failures, updateOf(id[0]));
            return "done";
        }).build();
        id[0] = client.enqueue("arm", Map.of());
        Message m = cloud.drain(cloud.queueUrl("normal")).get(0);
        try (JobProcessor processor = new JobProcessor(client, handlers, ProcessorOptions.builder().build())) {
            ProcessResult result = processor.process(received(cloud, m), runtimeDeadline);
            return new OutcomeRun(client, id[0], result, runs.get());
        }
    }

    // ---- 6. store outage ------------------------------------------------------------------------------------

    @Test
    void duringAStoreOutage_messagesBackOffAndWornCopiesAreRefreshed_neverDeadLettered(TestCloud cloud) {
        FaultyClients faults = new FaultyClients(cloud);
        JobClient client = cloud.client(b -> b.dynamoDbClient(faults.dynamo()));
        JobHandlers handlers = JobHandlers.builder().handler("noop", Map.class, (p, ctx) -> "ok").build();
        String id = client.enqueue("noop", Map.of());
        Message m = cloud.drain(cloud.queueUrl("normal")).get(0);
        faults.failBefore(Integer.MAX_VALUE, r -> true); // DynamoDB is down
        try (JobProcessor processor = new JobProcessor(client, handlers, ProcessorOptions.builder().build())) {
            Duration previous = Duration.ZERO;
            for (int receive : new int[]{1, 2, 4, 8}) {
                ProcessResult r = processor.process(received(cloud, m, receive), null);
                assertThat(r.disposition()).isInstanceOf(Disposition.ReturnAfter.class);
                Duration delay = ((Disposition.ReturnAfter) r.disposition()).delay();
                assertThat(delay).as("receive %d backs off longer", receive).isGreaterThan(previous);
                previous = delay;
            }
            ProcessResult worn = processor.process(received(cloud, m, io.jobkit.client.topology.Topology.MAX_RECEIVE_COUNT - 5), null);
            assertThat(worn.disposition()).as("a worn copy is replaced by a fresh one").isInstanceOf(Disposition.Delete.class);
            assertThat(cloud.depth(cloud.dlqUrl("normal"))).isZero();
            assertThat(cloud.depth(cloud.queueUrl("normal"))).as("the fresh copy, delayed").isEqualTo(1);

            faults.failBefore(0, r -> false); // the store is back: the job runs when its message next comes
            assertThat(processor.process(received(cloud, m, 2), null).kind()).isEqualTo(ProcessResult.Kind.SUCCEEDED);
        }
        assertThat(client.get(id).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private static Predicate<SdkRequest> updateOf(String id) {
        return r -> r instanceof UpdateItemRequest u && u.key().values().stream().map(AttributeValue::s)
                .anyMatch(("JOB#" + id)::equals);
    }

    private static Predicate<SdkRequest> visibilityOf(List<Message> messages, String id) {
        String receipt = messages.stream().filter(m -> id.equals(m.messageAttributes().get("jobkit-id").stringValue()))
                .findFirst().orElseThrow().receiptHandle();
        return r -> r instanceof ChangeMessageVisibilityRequest c && receipt.equals(c.receiptHandle());
    }

    private static int count(FaultyClients faults, Predicate<SdkRequest> which) {
        return (int) faults.calls().stream().filter(c -> which.test(c.request())).count();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ReceivedMessage received(TestCloud cloud, Message m) {
        return received(cloud, m, 1);
    }

    private static ReceivedMessage received(TestCloud cloud, Message m, int receiveCount) {
        Map<String, String> attributes = new HashMap<>();
        m.messageAttributes().forEach((k, v) -> attributes.put(k, v.stringValue()));
        return new ReceivedMessage(m.messageId(), m.receiptHandle(), m.body(), cloud.topology().queue("normal"),
                receiveCount, Instant.now(), null, attributes);
    }
}
