package io.jobkit.tests.workflow;

import io.jobkit.client.EnqueueRequest;
import io.jobkit.client.JobClient;
import io.jobkit.client.JobkitException;
import io.jobkit.client.ReconcileReport;
import io.jobkit.client.topology.JobTable;
import io.jobkit.client.workflow.BatchStatus;
import io.jobkit.client.workflow.ChainStatus;
import io.jobkit.client.workflow.Flow;
import io.jobkit.client.workflow.MemberPage;
import io.jobkit.client.workflow.MemberResult;
import io.jobkit.handlers.JobHandlers;
import io.jobkit.handlers.processor.ProcessorOptions;
import io.jobkit.handlers.worker.Worker;
import io.jobkit.handlers.worker.WorkerOptions;
import io.jobkit.tests.support.FaultyClients;
import io.jobkit.tests.support.LocalCloudExtension;
import io.jobkit.tests.support.TestCloud;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A process that creates a batch or chain and stops half-way (it is frozen here, on the SDK call where it stopped, as a
 * killed or hung process would be) leaves a workflow that nothing else would finish. The reconciler finishes it in the
 * creator's place: a batch is sealed with the members enqueued by then and completes FAILED with the rest counted as
 * never enqueued; a chain gets its first step. The reconciler runs on a clock 20 minutes ahead, so that the creator's
 * last beat (and a QUEUED record's longest SQS delay) is past the 1-minute threshold without waiting for it.
 */
@ExtendWith(LocalCloudExtension.class)
class CreatorDiesIT {
    private static final ProcessorOptions FAST = ProcessorOptions.builder().leaseDuration(Duration.ofSeconds(3))
            .heartbeatInterval(Duration.ofSeconds(1)).build();
    private static final int MEMBERS = 1200; // pages of 500: 500 + 500 + 200

    private final CountDownLatch release = new CountDownLatch(1);
    /** The creator's clock: real time plus an offset the test moves when it thaws the creator (the time it hung). */
    private final java.util.concurrent.atomic.AtomicReference<Duration> creatorLag =
            new java.util.concurrent.atomic.AtomicReference<>(Duration.ZERO);
    private final Clock creatorClock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return java.time.Instant.now().plus(creatorLag.get());
        }
    };

    /** Thaws the creator as it would wake up 20 minutes later, when the reconciler has run. */
    private void thaw() {
        creatorLag.set(Duration.ofMinutes(20));
        release.countDown();
    }
    private final List<String> callbacks = new CopyOnWriteArrayList<>();
    private final AtomicInteger memberRuns = new AtomicInteger();

    @AfterEach
    void unfreeze() {
        release.countDown();
    }

    private JobHandlers handlers() {
        return JobHandlers.builder()
                .handler("member", Map.class, (p, ctx) -> {
                    memberRuns.incrementAndGet();
                    return Map.of("ok", true);
                })
                .handler("cb", Map.class, (p, ctx) -> {
                    callbacks.add(ctx.batchCallback().orElseThrow().kind());
                    return null;
                }).build();
    }

    private static Worker worker(JobClient client, JobHandlers handlers) {
        return Worker.create(client, handlers, WorkerOptions.builder().pollWait(Duration.ofSeconds(1))
                .shutdownTimeout(Duration.ofSeconds(5)).concurrency(16).processor(FAST).build()).start();
    }

    /** A client whose clock runs 20 minutes ahead, to run the reconciler as it would run then. */
    private static JobClient later(TestCloud cloud) {
        return cloud.client(b -> b.clock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(20))));
    }

    /** Starts {@code create} on a creator whose SDK calls freeze on the first request matching {@code stopAt}. */
    private CompletableFuture<String> creatorFrozenAt(TestCloud cloud, Predicate<SdkRequest> stopAt, CountDownLatch frozen,
                                                      java.util.function.Function<JobClient, String> create) {
        FaultyClients faulty = new FaultyClients(cloud);
        AtomicInteger hits = new AtomicInteger();
        faulty.hold(r -> stopAt.test(r) && hits.incrementAndGet() == 1, () -> {
            frozen.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        JobClient creator = cloud.client(b -> b.dynamoDbClient(faulty.dynamo()).sqsClient(faulty.sqs()).clock(creatorClock));
        return CompletableFuture.supplyAsync(() -> create.apply(creator));
    }

    /** The ids of workflows listed as being created, read from the status index's open-workflows partitions. */
    private static List<String> openWorkflows(TestCloud cloud) {
        List<String> ids = new ArrayList<>();
        for (int shard = 0; shard < JobTable.OPEN_WORKFLOWS_SHARDS; shard++) {
            String partition = JobTable.OPEN_WORKFLOWS_PHASE + "#" + shard;
            cloud.dynamo().query(r -> r.tableName(cloud.topology().tableName()).indexName(JobTable.STATUS_INDEX)
                            .keyConditionExpression("#p = :p").expressionAttributeNames(Map.of("#p", JobTable.STATUS_INDEX_PARTITION_KEY))
                            .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(partition))))
                    .items().forEach(i -> ids.add(i.get("id").s()));
        }
        return ids;
    }

    private static List<EnqueueRequest> members() {
        List<EnqueueRequest> members = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) members.add(EnqueueRequest.of("member", Map.of("i", i)));
        return members;
    }

    private static List<MemberResult> allMembers(JobClient client, String batch) {
        List<MemberResult> out = new ArrayList<>();
        String cursor = null;
        do {
            MemberPage page = client.batchMembers(batch, cursor, 1000);
            out.addAll(page.members());
            cursor = page.nextCursor();
        } while (cursor != null);
        return out;
    }

    private static BatchStatus awaitComplete(JobClient client, String batch) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> client.batchStatus(batch).map(BatchStatus::complete).orElse(false));
        return client.batchStatus(batch).orElseThrow();
    }

    private static void assertGivenUp(CompletableFuture<String> creator) {
        Throwable failure = creator.handle((id, e) -> e).orTimeout(60, TimeUnit.SECONDS).join();
        assertThat(failure).isNotNull();
        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
        assertThat(cause).isInstanceOf(JobkitException.class).hasMessageContaining("was given up by the reconciler");
    }

    @Test
    void creatorStopsWhileSendingPage2_theReconcilerSealsTheBatch_andItCompletesFailedWithTheRestNotEnqueued(TestCloud cloud)
            throws Exception {
        JobClient client = cloud.client();
        CountDownLatch frozen = new CountDownLatch(1);
        AtomicInteger sends = new AtomicInteger();
        // page 1's records are written QUEUED, then the first of its 50 SendMessageBatch calls never returns
        CompletableFuture<String> creator = creatorFrozenAt(cloud,
                r -> r instanceof SendMessageBatchRequest && sends.incrementAndGet() == 51, frozen,
                c -> c.batch(members(), o -> o.onSuccess("cb", Map.of()).onComplete("cb", Map.of()).onFailure("cb", Map.of())));
        assertThat(frozen.await(60, TimeUnit.SECONDS)).isTrue();
        List<String> open = openWorkflows(cloud);
        assertThat(open).hasSize(1);
        String batch = open.get(0);

        try (Worker ignored = worker(client, handlers())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> client.batchStatus(batch).orElseThrow().succeeded() == 500);
            BatchStatus stuck = client.batchStatus(batch).orElseThrow();
            assertThat(stuck.sealed()).isFalse();
            assertThat(stuck.pending()).isEqualTo(500); // page 1: counted, recorded, never sent

            ReconcileReport report = later(cloud).reconcile(o -> o.olderThan(Duration.ofMinutes(1)).limit(5000));
            assertThat(report.repairedByKind()).containsEntry("running.batch_sealed", 1).containsEntry("queued.resent", 500);
            assertThat(openWorkflows(cloud)).isEmpty();

            BatchStatus done = awaitComplete(client, batch);
            assertThat(done.outcome()).isEqualTo("FAILED");
            assertThat(done.total()).isEqualTo(1000);
            assertThat(done.succeeded()).isEqualTo(1000);
            assertThat(done.failed()).isZero();
            assertThat(done.notEnqueued()).isEqualTo(200);
            assertThat(done.abandonedReason()).contains("its creator stopped").contains("page 2 of 3").contains("500 of 1200");
            await().atMost(Duration.ofSeconds(60)).until(() -> callbacks.size() >= 2);
            assertThat(memberRuns.get()).isEqualTo(1000);
        }
        assertThat(callbacks).containsExactlyInAnyOrder("onFailure", "onComplete");
        // the creator, thawed, finds its batch given up and says so instead of enqueueing page 2
        thaw();
        assertGivenUp(creator);
        assertThat(client.batchStatus(batch).orElseThrow().total()).isEqualTo(1000);
    }

    @Test
    void creatorStopsAfterWritingPage2sMembership_theReconcilerCountsThePage_andFailsItsNeverStartedMembers(TestCloud cloud)
            throws Exception {
        JobClient client = cloud.client();
        CountDownLatch frozen = new CountDownLatch(1);
        // page 1's membership items are written; the creator stops on the first of its counter additions
        CompletableFuture<String> creator = creatorFrozenAt(cloud,
                CreatorDiesIT::countsPage2, frozen,
                c -> c.batch(members(), o -> o.onSuccess("cb", Map.of()).onComplete("cb", Map.of()).onFailure("cb", Map.of())));
        assertThat(frozen.await(60, TimeUnit.SECONDS)).isTrue();
        String batch = openWorkflows(cloud).get(0);

        try (Worker ignored = worker(client, handlers())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> client.batchStatus(batch).orElseThrow().succeeded() == 500);
            assertThat(client.batchStatus(batch).orElseThrow().total()).isEqualTo(500); // page 1 not counted yet

            ReconcileReport report = later(cloud).reconcile(o -> o.olderThan(Duration.ofMinutes(1)).limit(5000));
            // page 1's jobs never got records, so there is nothing to re-send: only the batch is repaired
            assertThat(report.repairedByKind()).containsExactly(Map.entry("running.batch_sealed", 1));

            BatchStatus done = awaitComplete(client, batch);
            assertThat(done.outcome()).isEqualTo("FAILED");
            assertThat(done.total()).isEqualTo(1000);
            assertThat(done.succeeded()).isEqualTo(500);
            assertThat(done.failed()).isEqualTo(500);
            assertThat(done.pending()).isZero();
            assertThat(done.notEnqueued()).isEqualTo(200);
            List<MemberResult> failed = allMembers(client, batch).stream().filter(m -> "FAILED".equals(m.state())).toList();
            assertThat(failed).hasSize(500)
                    .allSatisfy(m -> assertThat(m.error()).isEqualTo("its batch's creator stopped before starting it"));
            await().atMost(Duration.ofSeconds(60)).until(() -> callbacks.size() >= 2);

            // thawed, the creator finds its counter additions done, and its beat before sending the page refused:
            // it stops without sending any of the members the reconciler failed
            thaw();
            assertGivenUp(creator);
            assertThat(failed).allSatisfy(m -> assertThat(client.get(m.id())).as(m.id()).isEmpty());
            assertThat(memberRuns.get()).isEqualTo(500);
        }
        assertThat(callbacks).containsExactlyInAnyOrder("onFailure", "onComplete");
        assertThat(client.batchStatus(batch).orElseThrow().total()).isEqualTo(1000);
    }

    @Test
    void creatorStopsBeforeEnqueueingAChainsFirstStep_theReconcilerStartsIt_andTheChainRuns(TestCloud cloud) throws Exception {
        JobClient client = cloud.client();
        CountDownLatch frozen = new CountDownLatch(1);
        // the chain item is written; the creator stops on the write of step 1's job record
        CompletableFuture<String> creator = creatorFrozenAt(cloud, r -> writesJob(r, ".s0"), frozen,
                c -> c.chain(Flow.job("member", Map.of("i", 1)), Flow.job("member", Map.of("i", 2))));
        assertThat(frozen.await(60, TimeUnit.SECONDS)).isTrue();
        String chain = openWorkflows(cloud).get(0);
        assertThat(client.chainStatus(chain).orElseThrow().status()).isEqualTo("RUNNING");
        assertThat(client.get(chain + ".s0")).isEmpty();

        ReconcileReport report = later(cloud).reconcile(o -> o.olderThan(Duration.ofMinutes(1)));
        assertThat(report.repairedByKind()).containsExactly(Map.entry("running.chain_started", 1));
        assertThat(openWorkflows(cloud)).isEmpty();
        try (Worker ignored = worker(client, handlers())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> client.chainStatus(chain).map(ChainStatus::status)
                    .orElse("").equals("SUCCEEDED"));
        }
        assertThat(memberRuns.get()).isEqualTo(2);
        // the thawed creator's own enqueue of step 1 finds the job there and sends nothing twice
        thaw();
        assertThat(creator.get(60, TimeUnit.SECONDS)).isEqualTo(chain);
        assertThat(memberRuns.get()).isEqualTo(2);
    }

    @Test
    void creatorStopsWhileWritingPage2sMembership_thePageIsRemoved_andItsMembersCountAsNeverEnqueued(TestCloud cloud)
            throws Exception {
        JobClient client = cloud.client();
        CountDownLatch frozen = new CountDownLatch(1);
        AtomicInteger page2Writes = new AtomicInteger();
        // page 2's membership items go out 25 a request: the creator stops on the second of those requests
        CompletableFuture<String> creator = creatorFrozenAt(cloud, r -> r instanceof BatchWriteItemRequest w
                        && w.requestItems().values().stream().flatMap(List::stream).anyMatch(i -> i.putRequest() != null
                        && i.putRequest().item().containsKey("pg") && "1".equals(i.putRequest().item().get("pg").n()))
                        && page2Writes.incrementAndGet() == 2, frozen,
                c -> c.batch(members(), o -> o.onSuccess("cb", Map.of()).onComplete("cb", Map.of()).onFailure("cb", Map.of())));
        assertThat(frozen.await(60, TimeUnit.SECONDS)).isTrue();
        String batch = openWorkflows(cloud).get(0);

        try (Worker ignored = worker(client, handlers())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> client.batchStatus(batch).orElseThrow().succeeded() == 500);
            ReconcileReport report = later(cloud).reconcile(o -> o.olderThan(Duration.ofMinutes(1)).limit(5000));
            assertThat(report.repairedByKind()).containsExactly(Map.entry("running.batch_sealed", 1));
            BatchStatus done = awaitComplete(client, batch);
            assertThat(done.outcome()).isEqualTo("FAILED");
            assertThat(done.total()).isEqualTo(500);
            assertThat(done.succeeded()).isEqualTo(500);
            assertThat(done.notEnqueued()).isEqualTo(700); // the half-written page and the last one
            await().atMost(Duration.ofSeconds(60)).until(() -> callbacks.size() >= 2);

            // thawed, the creator writes the rest of page 2's items, is refused at the page's gate, removes them again
            thaw();
            assertGivenUp(creator);
            assertThat(allMembers(client, batch)).hasSize(500).allSatisfy(m -> assertThat(m.state()).isEqualTo("SUCCEEDED"));
            assertThat(memberRuns.get()).isEqualTo(500);
        }
        assertThat(callbacks).containsExactlyInAnyOrder("onFailure", "onComplete");
    }

    @Test
    void aBatchCancelledWhileItsCreatorHangs_countsTheMembersItHadNotStartedCancelled_andCompletes(TestCloud cloud)
            throws Exception {
        JobClient client = cloud.client();
        CountDownLatch frozen = new CountDownLatch(1);
        // page 2 is written and counted; the creator hangs on its first counter addition, before sending anything
        CompletableFuture<String> creator = creatorFrozenAt(cloud,
                CreatorDiesIT::countsPage2, frozen,
                c -> c.batch(members(), o -> o.onComplete("cb", Map.of())));
        assertThat(frozen.await(60, TimeUnit.SECONDS)).isTrue();
        String batch = openWorkflows(cloud).get(0);
        try (Worker ignored = worker(client, handlers())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> client.batchStatus(batch).orElseThrow().succeeded() == 500);
            client.cancelBatch(batch); // page 2's members have no records yet: nothing to cancel but the batch

            // thawed, the creator's next beat finds the batch cancelled: it counts page 2's members CANCELLED, sends
            // none of them, and returns
            thaw();
            assertThat(creator.get(60, TimeUnit.SECONDS)).isEqualTo(batch);
            BatchStatus done = awaitComplete(client, batch);
            assertThat(done.outcome()).isEqualTo("CANCELLED");
            assertThat(done.total()).isEqualTo(1000);
            assertThat(done.succeeded()).isEqualTo(500);
            assertThat(done.cancelled()).isEqualTo(500);
            assertThat(done.notEnqueued()).isZero();
            List<MemberResult> cancelled = allMembers(client, batch).stream().filter(m -> "CANCELLED".equals(m.state())).toList();
            assertThat(cancelled).hasSize(500).allSatisfy(m -> {
                assertThat(m.error()).isEqualTo("batch " + batch + " was cancelled before this member was started");
                assertThat(client.get(m.id())).isEmpty();
            });
            await().atMost(Duration.ofSeconds(60)).until(() -> callbacks.size() >= 1);
            assertThat(memberRuns.get()).isEqualTo(500);
        }
        assertThat(callbacks).containsExactly("onComplete");
        assertThat(openWorkflows(cloud)).isEmpty();
    }

    @Test
    void aBatchItsCreatorSealed_isNoLongerListed_andTheReconcilerLeavesItAlone(TestCloud cloud) {
        JobClient client = cloud.client();
        String batch = client.batch(members(), o -> o.onComplete("cb", Map.of()));
        assertThat(openWorkflows(cloud)).isEmpty(); // a sealed batch is unlisted in the same write
        // the reconciler 20 minutes later (no worker ran: its members wait QUEUED) leaves the sealed batch alone
        ReconcileReport report = later(cloud).reconcile(o -> o.olderThan(Duration.ofMinutes(1)).dryRun(true).limit(5000));
        assertThat(report.repairedByKind()).containsExactly(Map.entry("queued.resent", MEMBERS));
        assertThat(report.repairs()).noneMatch(r -> r.jobId().equals(batch));
        BatchStatus status = client.batchStatus(batch).orElseThrow();
        assertThat(status.sealed()).isTrue();
        assertThat(status.notEnqueued()).isZero();
        assertThat(status.abandonedReason()).isNull();
    }

    /** The creator's counter addition for page 2 (0-based page 1), made once the page's membership items exist. */
    private static boolean countsPage2(SdkRequest r) {
        return r instanceof UpdateItemRequest u && u.updateExpression().contains("lastPage")
                && "1".equals(u.expressionAttributeValues().get(":p").n());
    }

    private static boolean writesJob(SdkRequest r, String pkSuffix) {
        if (r instanceof PutItemRequest p) {
            AttributeValue pk = p.item().get("pk");
            return pk != null && pk.s().startsWith("JOB#") && pk.s().endsWith(pkSuffix);
        }
        if (r instanceof TransactWriteItemsRequest t) {
            return t.transactItems().stream().anyMatch(i -> i.put() != null && i.put().item().get("pk") != null
                    && i.put().item().get("pk").s().startsWith("JOB#") && i.put().item().get("pk").s().endsWith(pkSuffix));
        }
        return false;
    }
}
