package io.jobkit.tests.runtime;

import io.jobkit.client.Backoff;
import io.jobkit.client.EnqueueRequest;
import io.jobkit.client.EnqueueResult;
import io.jobkit.client.Job;
import io.jobkit.client.JobClient;
import io.jobkit.client.JobNotTrackedException;
import io.jobkit.client.JobOptions;
import io.jobkit.client.JobStatus;
import io.jobkit.client.TrackingLevel;
import io.jobkit.client.store.JobStore;
import io.jobkit.client.topology.JobTable;
import io.jobkit.client.wire.Envelope;
import io.jobkit.client.wire.EnvelopeCodec;
import io.jobkit.handlers.FailJobException;
import io.jobkit.handlers.JobHandlers;
import io.jobkit.handlers.RetryJobException;
import io.jobkit.handlers.processor.ProcessorOptions;
import io.jobkit.tests.support.HandlerProbe;
import io.jobkit.tests.support.LocalCloudExtension;
import io.jobkit.tests.support.TestCloud;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The end-to-end scenarios every runtime must pass — the container worker, the Lambda entrypoint behind the local
 * event source — against a real SQS and DynamoDB. Subclasses only say how to start their runtime, and may track the
 * queues at another level ({@link LeanContainerWorkerContractIT}, {@link NoneContainerWorkerContractIT}). Where a level
 * documents that it keeps less (README, "Tracking levels and what a job costs"), a scenario asserts what that level does
 * keep, and says which limit it is. At {@code none} there is no record at all: a scenario then observes the handler
 * (the probe), the queue and its DLQ, and checks that no job item was written. The two scenarios that {@code none}
 * cannot offer in any form are skipped there with the reason ({@link #assumeTracked}).
 */
@ExtendWith(LocalCloudExtension.class)
public abstract class JobRuntimeContract {
    /** A runtime serving a test cloud's queues until closed. */
    public interface RunningRuntime extends AutoCloseable {
        @Override
        void close();
    }

    /** Short leases and heartbeats, so lease-driven scenarios finish in seconds. */
    protected static final ProcessorOptions FAST = ProcessorOptions.builder().leaseDuration(Duration.ofSeconds(4))
            .heartbeatInterval(Duration.ofSeconds(1)).cancelGrace(Duration.ofSeconds(2)).build();

    protected TestCloud cloud;
    protected JobClient client;

    /** For a subclass's {@code @BeforeEach}: run the scenarios on a fresh topology with every queue tracked {@code level}. */
    protected void trackEveryQueue(TestCloud base, io.jobkit.client.TrackingLevel level) {
        this.cloud = base.fresh(t -> {
            for (io.jobkit.client.Priority p : io.jobkit.client.Priority.values()) t.tracking(p.queueName(), level);
        });
        this.client = cloud.client();
    }
    protected final HandlerProbe probe = new HandlerProbe();

    /** Starts the runtime under test, serving every queue of {@code cloud}'s topology with {@code handlers}. */
    protected abstract RunningRuntime start(TestCloud cloud, JobClient client, JobHandlers handlers, ProcessorOptions options);

    @BeforeEach
    void setUp(TestCloud cloud) {
        this.cloud = cloud;
        this.client = cloud.client();
    }

    private JobHandlers.Builder handlers() {
        return JobHandlers.builder().handler("noop", Map.class, (p, ctx) -> {
            probe.ran(ctx.jobId(), ctx.type(), ctx.attempt(), ctx.queue());
            return null;
        });
    }

    private RunningRuntime run(JobHandlers.Builder handlers) {
        return start(cloud, client, handlers.build(), FAST);
    }

    /** The level the scenarios' jobs are tracked at: every scenario enqueues to, or sends on, queue {@code normal}. */
    protected final TrackingLevel level() {
        return cloud.topology().queue("normal").tracking();
    }

    private Job awaitStatus(String id, JobStatus status, Duration within) {
        // a lean job has no record until its first claim: "not tracked yet" is a state to wait through
        await().atMost(within).pollInterval(Duration.ofMillis(100))
                .ignoreExceptionsInstanceOf(io.jobkit.client.JobNotTrackedException.class)
                .until(() -> client.get(id).map(Job::status).orElse(null) == status);
        return client.get(id).orElseThrow();
    }

    @Test
    void thousandJobs_allSucceed_andEachHandlerRunsOnce() {
        List<EnqueueRequest> requests = new ArrayList<>();
        for (int i = 0; i < 1000; i++) requests.add(EnqueueRequest.of("noop", Map.of("i", i)));
        List<String> ids = client.enqueueAll(requests).stream().map(EnqueueResult::jobId).toList();

        try (RunningRuntime ignored = run(handlers())) {
            awaitAllSucceeded(ids, Duration.ofMinutes(3));
        }
        if (level() == TrackingLevel.NONE) {
            // README, "at most one successful run per attempt cycle": not at none, where a copy received twice may run
            // twice; what none keeps is that every job ran and its message was deleted
            assertThat(probe.counts()).containsOnlyKeys(ids).allSatisfy((id, n) -> assertThat(n).as(id).isPositive());
            assertThat(cloud.depth(cloud.dlqUrl("normal"))).isZero();
            assertNoJobItemWritten();
            return;
        }
        assertThat(probe.counts()).hasSize(1000).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
        if (level() == TrackingLevel.LEAN) {
            // README, "list by status": a lean job enters the status index only when it fails
            assertThat(idsWithStatus(JobStatus.SUCCEEDED)).as("lean SUCCEEDED jobs in the status index").isEmpty();
        }
    }

    @Test
    void failingTwiceThenSucceeding_recordsThreeAttempts_spacedByTheBackoff() {
        String id = client.enqueue("flaky", Map.of(), o -> o.maxAttempts(5).backoff(Backoff.fixed(Duration.ofSeconds(2))));
        try (RunningRuntime ignored = run(handlers().handler("flaky", Map.class, (p, ctx) -> {
            probe.ran(ctx.jobId(), ctx.type(), ctx.attempt(), ctx.queue());
            if (ctx.attempt() < 3) throw new IllegalStateException("downstream busy (attempt " + ctx.attempt() + ")");
            return Map.of("ok", true);
        }))) {
            if (tracked()) {
                Job job = awaitStatus(id, JobStatus.SUCCEEDED, Duration.ofSeconds(30));
                assertThat(job.attempt()).isEqualTo(3);
                assertThat(job.result().get("ok").asBoolean()).isTrue();
                assertThat(job.lastError().message()).isEqualTo("downstream busy (attempt 2)");
                // the attempt history is kept at level full only (Job#pastAttempts)
                assertThat(job.pastAttempts()).extracting(Job.PastAttempt::attempt)
                        .containsExactlyElementsOf(level() == TrackingLevel.FULL ? List.of(1, 2) : List.of());
            } else {
                // none: the attempt is SQS's receive count, the backoff is the message's visibility, success deletes it
                awaitRunsAndDrained(id, 3, Duration.ofSeconds(30));
            }
        }
        List<HandlerProbe.Run> runs = probe.runsFor(id);
        assertThat(runs).extracting(HandlerProbe.Run::attempt).containsExactly(1, 2, 3);
        for (int i = 1; i < runs.size(); i++) {
            assertThat(Duration.between(runs.get(i - 1).startedAt(), runs.get(i).startedAt()))
                    .as("gap before attempt %d", i + 1).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        }
        if (!tracked()) {
            assertThat(cloud.depth(cloud.dlqUrl("normal"))).isZero();
            assertNoJobItemWritten();
        }
    }

    @Test
    void retryingJob_showsItsNextAttemptTime() {
        assumeTracked("RETRYING and nextAttemptAt live on the job record, and none keeps no record (README, \"status\":"
                + " none); its backoff through visibility is checked by failingTwiceThenSucceeding");
        String id = client.enqueue("flaky", Map.of(), o -> o.maxAttempts(3).backoff(Backoff.fixed(Duration.ofSeconds(60))));
        try (RunningRuntime ignored = run(handlers().handler("flaky", Map.class, (p, ctx) -> {
            throw new IllegalStateException("not yet");
        }))) {
            Job job = awaitStatus(id, JobStatus.RETRYING, Duration.ofSeconds(20));
            assertThat(job.nextAttemptAt()).isBetween(Instant.now().plusSeconds(50), Instant.now().plusSeconds(61));
            assertThat(job.lastError().message()).isEqualTo("not yet");
            assertThat(job.lastError().stack()).contains("IllegalStateException");
        }
    }

    @Test
    void handlerChosenRetryDelay_overridesTheBackoff() {
        String id = client.enqueue("limited", Map.of(), o -> o.maxAttempts(3).backoff(Backoff.fixed(Duration.ofMinutes(30))));
        try (RunningRuntime ignored = run(handlers().handler("limited", Map.class, (p, ctx) -> {
            probe.ran(ctx.jobId(), ctx.type(), ctx.attempt(), ctx.queue());
            if (ctx.attempt() == 1) throw new RetryJobException(Duration.ofSeconds(1), "429 Too Many Requests");
            return null;
        }))) {
            if (tracked()) {
                assertThat(awaitStatus(id, JobStatus.SUCCEEDED, Duration.ofSeconds(20)).attempt()).isEqualTo(2);
            } else {
                // none: the handler's 1 s becomes the message's visibility; the 30 min backoff would outlast the wait
                awaitRunsAndDrained(id, 2, Duration.ofSeconds(20));
                assertThat(probe.runsFor(id)).extracting(HandlerProbe.Run::attempt).containsExactly(1, 2);
                assertNoJobItemWritten();
            }
        }
    }

    @Test
    void exhaustedAttempts_failTheJob_andMoveItsMessageToTheDlq_withTheReason() {
        String id = client.enqueue("doomed", Map.of(), o -> o.maxAttempts(2).backoff(Backoff.fixed(Duration.ofSeconds(1))));
        try (RunningRuntime ignored = run(handlers().handler("doomed", Map.class, (p, ctx) -> {
            probe.ran(ctx.jobId(), ctx.type(), ctx.attempt(), ctx.queue());
            throw new IllegalStateException("database unreachable");
        }))) {
            if (tracked()) {
                Job job = awaitStatus(id, JobStatus.FAILED, Duration.ofSeconds(30));
                assertThat(job.attempt()).isEqualTo(2);
                assertThat(job.lastError().message()).isEqualTo("attempts exhausted (2 of 2): database unreachable");
                assertThat(job.lastError().stack()).contains("IllegalStateException");
                // FAILED is the one status every tracked level keeps in the status index (README, "list by status")
                assertThat(idsWithStatus(JobStatus.FAILED)).containsExactly(id);
            } else {
                // none: the limit is the receive count, and the worker moves the message to the DLQ after the last one
                awaitDeadLettered(Duration.ofSeconds(30));
            }
        }
        assertThat(probe.runsOf(id)).isEqualTo(2);
        Message dead = onlyDeadLetter("normal");
        assertThat(dead.messageAttributes().get("jobkit-dlq-reason").stringValue()).contains("database unreachable");
        assertThat(dead.messageAttributes().get("jobkit-id").stringValue()).isEqualTo(id);
        assertThat(cloud.depth(cloud.queueUrl("normal"))).isZero();
        if (!tracked()) {
            // the reason a record would hold is on the dead letter instead
            assertThat(dead.messageAttributes().get("jobkit-dlq-reason").stringValue())
                    .isEqualTo("attempts exhausted (2 of 2): database unreachable");
            assertNoJobItemWritten();
        }
    }

    @Test
    void permanentFailure_runsOnce_andGoesToTheDlq() {
        String id = client.enqueue("invalid.order", Map.of(), o -> o.maxAttempts(5));
        try (RunningRuntime ignored = run(handlers().handler("invalid.order", Map.class, (p, ctx) -> {
            probe.ran(ctx.jobId(), ctx.type(), ctx.attempt(), ctx.queue());
            throw new FailJobException("order 17 has no shipping address");
        }))) {
            if (tracked()) {
                Job job = awaitStatus(id, JobStatus.FAILED, Duration.ofSeconds(20));
                assertThat(job.attempt()).isEqualTo(1);
                assertThat(job.lastError().message()).isEqualTo("order 17 has no shipping address");
            } else {
                awaitDeadLettered(Duration.ofSeconds(20));
            }
        }
        assertThat(probe.runsOf(id)).isEqualTo(1);
        assertThat(onlyDeadLetter("normal").messageAttributes().get("jobkit-dlq-reason").stringValue())
                .isEqualTo("order 17 has no shipping address");
        if (!tracked()) assertNoJobItemWritten();
    }

    @Test
    void timeout_interruptsTheHandler_andCountsAsARetryableFailure() {
        Map<String, Boolean> interrupted = new ConcurrentHashMap<>();
        String id = client.enqueue("slow", Map.of(), o -> o.timeout(Duration.ofSeconds(1)).maxAttempts(2)
                .backoff(Backoff.fixed(Duration.ofSeconds(1))));
        try (RunningRuntime ignored = run(handlers().handler("slow", Map.class, (p, ctx) -> {
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                interrupted.put(ctx.jobId() + "#" + ctx.attempt(), ctx.isCancelled());
                throw e;
            }
            return null;
        }))) {
            if (tracked()) {
                Job job = awaitStatus(id, JobStatus.FAILED, Duration.ofSeconds(30));
                assertThat(job.attempt()).isEqualTo(2);
                assertThat(job.lastError().type()).isEqualTo("Timeout");
            } else {
                awaitDeadLettered(Duration.ofSeconds(30));
            }
        }
        assertThat(interrupted).containsEntry(id + "#1", true).containsEntry(id + "#2", true);
        if (!tracked()) {
            // the timeout counted as a retryable failure: two receives, then the DLQ with the reason
            Message dead = onlyDeadLetter("normal");
            assertThat(dead.messageAttributes().get("jobkit-dlq-reason").stringValue()).startsWith("attempts exhausted (2 of 2)");
            assertThat(dead.messageAttributes().get("jobkit-id").stringValue()).isEqualTo(id);
            assertNoJobItemWritten();
        }
    }

    @Test
    void unknownType_goesToTheDlqAtOnce_withoutAnAttempt() {
        String id = client.enqueue("nobody.handles.this", Map.of());
        try (RunningRuntime ignored = run(handlers())) {
            if (tracked()) {
                Job job = awaitStatus(id, JobStatus.FAILED, Duration.ofSeconds(20));
                assertThat(job.attempt()).isZero();
                assertThat(job.lastError().type()).isEqualTo("UnknownJobType");
                assertThat(job.lastError().message()).contains("no handler for job type 'nobody.handles.this'");
            } else {
                awaitDeadLettered(Duration.ofSeconds(20));
            }
        }
        assertThat(onlyDeadLetter("normal").messageAttributes().get("jobkit-dlq-reason").stringValue())
                .contains("no handler for job type 'nobody.handles.this'");
        if (!tracked()) assertNoJobItemWritten();
    }

    @Test
    void malformedBody_goesToTheDlqAtOnce_withAReadableReason() {
        cloud.sqs().sendMessage(r -> r.queueUrl(cloud.queueUrl("normal")).messageBody("{\"hello\": \"not an envelope\""));
        try (RunningRuntime ignored = run(handlers())) {
            await().atMost(Duration.ofSeconds(20)).until(() -> cloud.depth(cloud.dlqUrl("normal")) == 1);
        }
        assertThat(onlyDeadLetter("normal").messageAttributes().get("jobkit-dlq-reason").stringValue())
                .startsWith("message body is not valid JSON");
        assertThat(cloud.depth(cloud.queueUrl("normal"))).isZero();
        if (!tracked()) assertNoJobItemWritten();
    }

    @Test
    void payloadOfTheWrongShape_isRejectedToTheDlq() {
        record Order(int orderId) {
        }
        String id = client.enqueue("order.typed", "{\"orderId\": \"not a number\"}");
        try (RunningRuntime ignored = run(handlers().handler("order.typed", Order.class, (o, ctx) -> {
            probe.ran(ctx.jobId(), ctx.type(), ctx.attempt(), ctx.queue());
            return null;
        }))) {
            if (tracked()) {
                Job job = awaitStatus(id, JobStatus.FAILED, Duration.ofSeconds(20));
                assertThat(job.lastError().type()).isEqualTo("InvalidPayload");
                assertThat(job.attempt()).isZero();
            } else {
                awaitDeadLettered(Duration.ofSeconds(20));
            }
        }
        assertThat(probe.runsOf(id)).isZero();
        if (!tracked()) {
            assertThat(onlyDeadLetter("normal").messageAttributes().get("jobkit-dlq-reason").stringValue())
                    .startsWith("payload does not match");
            assertNoJobItemWritten();
        }
    }

    @Test
    void theSameMessageDeliveredTwice_runsTheHandlerOnce() {
        assumeTracked("none cannot tell a second copy from a first: with no claim, SQS's at-least-once delivery is all"
                + " there is, so a copy received twice may run twice (README, \"at most one successful run per attempt"
                + " cycle\": no)");
        Envelope envelope = new Envelope(1, "0190bbbb-0000-7000-8000-00000000dupe", "noop",
                EnvelopeCodec.mapper().createObjectNode(), null, Instant.now(), null, null);
        String body = EnvelopeCodec.encode(envelope);
        String url = cloud.queueUrl("normal");
        cloud.sqs().sendMessage(r -> r.queueUrl(url).messageBody(body));
        cloud.sqs().sendMessage(r -> r.queueUrl(url).messageBody(body));
        try (RunningRuntime ignored = run(handlers())) {
            awaitStatus(envelope.id(), JobStatus.SUCCEEDED, Duration.ofSeconds(20));
            await().atMost(Duration.ofSeconds(20)).until(() -> cloud.depth(url) == 0);
        }
        assertThat(probe.runsOf(envelope.id())).isEqualTo(1);
    }

    @Test
    void aRawMessageWithoutARecord_getsItsRecordOnClaim() {
        cloud.sqs().sendMessage(r -> r.queueUrl(cloud.queueUrl("normal"))
                .messageBody("{\"v\":1,\"id\":\"raw-job-1\",\"type\":\"noop\",\"payload\":{\"from\":\"python\"}}"));
        try (RunningRuntime ignored = run(handlers())) {
            if (tracked()) {
                Job job = awaitStatus("raw-job-1", JobStatus.SUCCEEDED, Duration.ofSeconds(20));
                assertThat(job.type()).isEqualTo("noop");
                assertThat(job.attempt()).isEqualTo(1);
                assertThat(job.queue()).isEqualTo("normal");
                return;
            }
            // none: a message with no level takes its queue's, so it runs through the handler API and gets no record
            awaitRunsAndDrained("raw-job-1", 1, Duration.ofSeconds(20));
        }
        assertThat(probe.runsFor("raw-job-1")).singleElement().satisfies(r -> {
            assertThat(r.type()).isEqualTo("noop");
            assertThat(r.attempt()).isEqualTo(1);
            assertThat(r.queue()).isEqualTo("normal");
        });
        assertThat(client.get("raw-job-1")).isEmpty();
        assertNoJobItemWritten();
    }

    @Test
    void aRedrivenFailedJob_runsAgainAsAFreshCycle_andSucceeds() {
        Map<String, Boolean> healthy = new ConcurrentHashMap<>();
        String id = client.enqueue("fragile", Map.of(), o -> o.maxAttempts(1));
        try (RunningRuntime ignored = run(handlers().handler("fragile", Map.class, (p, ctx) -> {
            probe.ran(ctx.jobId(), ctx.type(), ctx.attempt(), ctx.queue());
            if (!healthy.containsKey("fixed")) throw new IllegalStateException("bug in v1");
            return Map.of("fixedIn", "v2");
        }))) {
            // the fix ships only once the job has failed: at none, the sign of that is its message in the DLQ
            if (tracked()) awaitStatus(id, JobStatus.FAILED, Duration.ofSeconds(20));
            else awaitDeadLettered(Duration.ofSeconds(20));
            healthy.put("fixed", true);
            String dlqArn = cloud.sqs().getQueueAttributes(r -> r.queueUrl(cloud.dlqUrl("normal"))
                    .attributeNamesWithStrings("QueueArn")).attributesAsStrings().get("QueueArn");
            await().atMost(Duration.ofSeconds(20)).until(() -> cloud.depth(cloud.dlqUrl("normal")) == 1);
            cloud.sqs().startMessageMoveTask(r -> r.sourceArn(dlqArn));

            if (tracked()) {
                Job job = awaitStatus(id, JobStatus.SUCCEEDED, Duration.ofSeconds(30));
                assertThat(job.cycle()).isEqualTo(2);
                assertThat(job.attempt()).isEqualTo(1);
                assertThat(job.result().get("fixedIn").asText()).isEqualTo("v2");
            } else {
                awaitRunsAndDrained(id, 2, Duration.ofSeconds(30));
            }
        }
        assertThat(probe.runsOf(id)).isEqualTo(2);
        if (!tracked()) {
            // README, "what a DLQ redrive does": at none the message comes back with a new receive count and runs as a
            // fresh job, so the run after the redrive is attempt 1 again (its limit is 1)
            assertThat(probe.runsFor(id)).extracting(HandlerProbe.Run::attempt).containsExactly(1, 1);
            assertThat(cloud.depth(cloud.dlqUrl("normal"))).isZero();
            assertNoJobItemWritten();
        }
    }

    @Test
    void aJobDueInThreeSeconds_isSentByTheScheduler_andRunsOnce_notBeforeItsTime() {
        Instant due = Instant.now().plusSeconds(3);
        String id = client.enqueue("noop", Map.of(), o -> o.runAt(due));
        if (level() == TrackingLevel.FULL) {
            assertThat(client.get(id).orElseThrow().status()).isEqualTo(JobStatus.SCHEDULED);
        } else {
            // README, "status": a lean job has no record before its first claim, a none job never has one, and get
            // says so rather than "no such job"
            assertThatThrownBy(() -> client.get(id)).isInstanceOfSatisfying(JobNotTrackedException.class,
                    e -> assertThat(e.code()).isEqualTo(tracked() ? "NOT_TRACKED_YET" : "NOT_TRACKED"));
        }
        try (RunningRuntime ignored = run(handlers())) {
            if (!tracked()) {
                // none: no record was ever SCHEDULED, so the time asked for is the bound, as at lean
                awaitRunsAndDrained(id, 1, Duration.ofSeconds(45));
                assertThat(probe.runsFor(id).get(0).startedAt()).isAfterOrEqualTo(due.minus(JobStore.EARLY_TOLERANCE));
                assertNoJobItemWritten();
                return;
            }
            Job job = awaitStatus(id, JobStatus.SUCCEEDED, Duration.ofSeconds(45));
            assertThat(probe.runsFor(id)).hasSize(1);
            Instant started = probe.runsFor(id).get(0).startedAt();
            if (level() == TrackingLevel.FULL) {
                // EventBridge's at() takes whole seconds: the run-at is rounded up to the next one
                assertThat(job.runAt()).isBetween(due, due.plusSeconds(1));
                assertThat(started).isAfterOrEqualTo(job.runAt().minus(JobStore.EARLY_TOLERANCE));
            } else {
                // a lean record starts at the claim, so no run-at was ever recorded: the time asked for is the bound
                assertThat(started).isAfterOrEqualTo(due.minus(JobStore.EARLY_TOLERANCE));
            }
        }
    }

    @Test
    void progressLogsAndResult_areKeptOnTheRecord() {
        String id = client.enqueue("report", Map.of("pages", 4));
        try (RunningRuntime ignored = run(handlers().handler("report", Map.class, (p, ctx) -> {
            for (int page = 1; page <= 4; page++) {
                ctx.progress(page * 25, "page " + page);
                ctx.log("rendered page {}", page);
            }
            probe.ran(ctx.jobId(), ctx.type(), ctx.attempt(), ctx.queue());
            return Map.of("url", "s3://reports/" + ctx.jobId());
        }))) {
            if (!tracked()) {
                // README, "progress and log lines on the record": no at none. The calls are still accepted (the
                // handler got past all of them and succeeded), and nothing is kept
                awaitRunsAndDrained(id, 1, Duration.ofSeconds(20));
                assertThat(cloud.depth(cloud.dlqUrl("normal"))).isZero();
                assertThatThrownBy(() -> client.get(id)).isInstanceOf(JobNotTrackedException.class);
                assertNoJobItemWritten();
                return;
            }
            Job job = awaitStatus(id, JobStatus.SUCCEEDED, Duration.ofSeconds(20));
            assertThat(job.progress()).isEqualTo(100);
            assertThat(job.progressMessage()).isEqualTo("page 4");
            assertThat(job.logs()).hasSize(4).last().asString().endsWith("rendered page 4");
            assertThat(job.result().get("url").asText()).isEqualTo("s3://reports/" + id);
        }
    }

    @Test
    void followUpJobs_enqueuedFromAHandler_run_andPointAtTheirParent() {
        Map<String, String> parents = new ConcurrentHashMap<>();
        Map<String, String> children = new ConcurrentHashMap<>();
        String id = client.enqueue("parent", Map.of());
        try (RunningRuntime ignored = run(handlers()
                .handler("parent", Map.class, (p, ctx) -> {
                    String child = ctx.client().enqueue("child", Map.of());
                    children.put(ctx.jobId(), child);
                    return Map.of("child", child);
                })
                .handler("child", Map.class, (p, ctx) -> {
                    parents.put(ctx.jobId(), "ran");
                    return null;
                }))) {
            if (!tracked()) {
                // none: no record for either job, so the handlers tell it: the parent enqueued a child, and it ran
                await().atMost(Duration.ofSeconds(30)).until(() -> children.containsKey(id)
                        && parents.containsKey(children.get(id)) && cloud.depth(cloud.queueUrl("normal")) == 0);
                // README, "parent of a follow-up job": no stored envelope at none, the link rides in the message only
                assertThat(client.runtime().store().envelope(children.get(id))).isEmpty();
                assertNoJobItemWritten();
                return;
            }
            Job parent = awaitStatus(id, JobStatus.SUCCEEDED, Duration.ofSeconds(20));
            String child = parent.result().get("child").asText();
            awaitStatus(child, JobStatus.SUCCEEDED, Duration.ofSeconds(20));
            assertThat(parents).containsKey(child);
            if (level() == TrackingLevel.FULL) {
                assertThat(client.runtime().store().envelope(child).orElseThrow()).contains("\"parentId\":\"" + id + "\"");
            } else {
                // README, "retry": a lean job stores no envelope, so its parent travels in its message only
                assertThat(client.runtime().store().envelope(child)).isEmpty();
            }
        }
    }

    /**
     * Waits until every job of {@code ids} is SUCCEEDED. At level full that is one listing of the status index per
     * poll. A lean job is indexed only once it fails (README, "list by status"), so there the handlers are awaited
     * first and then each record is read, a poll re-reading only the ones not yet seen SUCCEEDED.
     */
    private void awaitAllSucceeded(List<String> ids, Duration within) {
        if (level() == TrackingLevel.NONE) {
            // no record to read: every handler ran, and every message was deleted (which none does only on success)
            await().atMost(within).pollInterval(Duration.ofMillis(500)).until(() -> probe.counts().size() == ids.size()
                    && cloud.depth(cloud.queueUrl("normal")) == 0);
            return;
        }
        if (level() == TrackingLevel.FULL) {
            await().atMost(within).pollInterval(Duration.ofMillis(500))
                    .until(() -> idsWithStatus(JobStatus.SUCCEEDED).size() == ids.size());
            assertThat(idsWithStatus(JobStatus.SUCCEEDED)).containsExactlyInAnyOrderElementsOf(ids);
            return;
        }
        await().atMost(within).pollInterval(Duration.ofMillis(500)).until(() -> probe.counts().size() == ids.size());
        Set<String> notYet = ConcurrentHashMap.newKeySet();
        notYet.addAll(ids);
        await().atMost(within).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    notYet.removeIf(id -> statusOf(id) == JobStatus.SUCCEEDED);
                    return notYet.isEmpty();
                });
    }

    /** Whether the scenarios' jobs have a record (full or lean), as opposed to none's SQS-only state. */
    private boolean tracked() {
        return level() != TrackingLevel.NONE;
    }

    /** Skips a scenario that {@code none} cannot offer in any form, with the reason shown in the report. */
    private void assumeTracked(String reasonAtNone) {
        Assumptions.assumeTrue(tracked(), () -> "not at tracking level none: " + reasonAtNone);
    }

    /**
     * At none, the sign of success: the handler ran {@code runs} times for {@code id} and queue normal is empty. Only
     * one copy of each message is ever sent here and its visibility is held while the handler runs, so a run more
     * than asked for is a fault even at none.
     */
    private void awaitRunsAndDrained(String id, int runs, Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(100))
                .until(() -> probe.runsOf(id) >= runs && cloud.depth(cloud.queueUrl("normal")) == 0);
        assertThat(probe.runsOf(id)).as("runs of %s", id).isEqualTo(runs);
    }

    /** At none, the sign of failure: the message left queue normal for its DLQ. */
    private void awaitDeadLettered(Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(100)).until(() -> cloud.depth(cloud.dlqUrl("normal")) == 1
                && cloud.depth(cloud.queueUrl("normal")) == 0);
    }

    /**
     * README, "What each level gives": a job tracked none writes nothing to DynamoDB. The table may hold the worker's
     * own items (heartbeats, {@code STATS#} minute counts), but no job record, envelope or dedup item.
     */
    private void assertNoJobItemWritten() {
        List<String> jobKeys = cloud.dynamo().scanPaginator(r -> r.tableName(cloud.topology().tableName())).items()
                .stream().map(item -> item.getOrDefault(JobTable.PARTITION_KEY, AttributeValue.fromS("")).s())
                .filter(pk -> pk.startsWith("JOB#") || pk.startsWith("DEDUP#")).toList();
        assertThat(jobKeys).as("job items in the table at level none").isEmpty();
    }

    /** The job's status, or null while it has no record (a lean job not claimed yet). */
    private JobStatus statusOf(String id) {
        try {
            return client.get(id).map(Job::status).orElse(null);
        } catch (JobNotTrackedException notYetClaimed) {
            return null;
        }
    }

    private List<String> idsWithStatus(JobStatus status) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            var page = client.list(io.jobkit.client.JobFilter.status(status).withLimit(1000).withCursor(cursor));
            page.jobs().forEach(j -> ids.add(j.id()));
            cursor = page.nextCursor();
        } while (cursor != null);
        return ids;
    }

    private Message onlyDeadLetter(String queue) {
        String dlq = cloud.dlqUrl(queue);
        await().atMost(Duration.ofSeconds(10)).until(() -> cloud.visible(dlq) >= 1);
        List<Message> dead = cloud.drain(dlq);
        assertThat(dead).hasSize(1);
        return dead.get(0);
    }
}
