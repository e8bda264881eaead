package io.jobkit.tests.scheduling;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jobkit.client.CancelResult;
import io.jobkit.client.EnqueueException;
import io.jobkit.client.Job;
import io.jobkit.client.JobClient;
import io.jobkit.client.JobStatus;
import io.jobkit.client.spi.OneTimeSchedules;
import io.jobkit.client.topology.QueueDef;
import io.jobkit.client.topology.Topology;
import io.jobkit.client.wire.Envelope;
import io.jobkit.client.wire.EnvelopeCodec;
import io.jobkit.handlers.JobHandlers;
import io.jobkit.handlers.RetryJobException;
import io.jobkit.handlers.processor.Disposition;
import io.jobkit.handlers.processor.JobProcessor;
import io.jobkit.handlers.processor.ProcessResult;
import io.jobkit.handlers.processor.ProcessorOptions;
import io.jobkit.handlers.processor.ReceivedMessage;
import io.jobkit.handlers.worker.Worker;
import io.jobkit.handlers.worker.WorkerOptions;
import io.jobkit.tests.support.HandlerProbe;
import io.jobkit.tests.support.LocalCloudExtension;
import io.jobkit.tests.support.SimulatedScheduler;
import io.jobkit.tests.support.TestCloud;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.scheduler.model.ActionAfterCompletion;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sqs.model.Message;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Long delays, run-at times and long retries through one-time schedules, end to end: JobClient, the local scheduler
 * on a simulated clock, SQS, DynamoDB and a container worker on the same clock.
 */
@ExtendWith(LocalCloudExtension.class)
class DelayedJobsIT {
    private static final ProcessorOptions FAST = ProcessorOptions.builder().leaseDuration(Duration.ofSeconds(4))
            .heartbeatInterval(Duration.ofSeconds(1)).build();

    private final HandlerProbe probe = new HandlerProbe();
    private TestCloud cloud;
    private SimulatedScheduler sim;
    private JobClient client;

    @BeforeEach
    void setUp(TestCloud cloud) {
        this.cloud = cloud;
        this.sim = SimulatedScheduler.start(cloud, Instant.now().truncatedTo(ChronoUnit.SECONDS));
        this.client = sim.jobClient(cloud);
    }

    @AfterEach
    void tearDown() {
        sim.close();
    }

    private Worker worker(JobClient client) {
        JobHandlers handlers = JobHandlers.builder()
                .handler("noop", Map.class, (p, ctx) -> {
                    probe.ran(ctx.jobId(), ctx.type(), ctx.attempt(), ctx.queue());
                    return null;
                })
                .handler("order.ship", Map.class, (p, ctx) -> {
                    probe.ran(ctx.jobId(), ctx.type(), ctx.attempt(), ctx.queue());
                    return null;
                })
                .handler("flaky", Map.class, (p, ctx) -> {
                    probe.ran(ctx.jobId(), ctx.type(), ctx.attempt(), ctx.queue());
                    if (ctx.attempt() == 1) throw new RetryJobException(Duration.ofHours(20), "come back tomorrow");
                    return Map.of("attempt", ctx.attempt());
                })
                .build();
        return Worker.create(client, handlers, WorkerOptions.builder().pollWait(Duration.ofSeconds(1))
                .shutdownTimeout(Duration.ofSeconds(3)).processor(FAST).build()).start();
    }

    private Job awaitStatus(String id, JobStatus status) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> client.get(id).map(Job::status).orElse(null) == status);
        return client.get(id).orElseThrow();
    }

    private GetScheduleResponse schedule(String name) {
        return sim.client().getSchedule(r -> r.name(name).groupName(cloud.topology().scheduleGroup()));
    }

    /**
     * The worker records RETRYING before it creates the retry's schedule (a cancel in between finds no schedule, and
     * the later firing is dropped on claim), so a test that sees RETRYING waits for the schedule to appear.
     */
    private GetScheduleResponse awaitSchedule(String name) {
        await("schedule " + name).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .ignoreException(ResourceNotFoundException.class).until(() -> schedule(name) != null);
        return schedule(name);
    }

    private void assertNoSchedule(String name) {
        assertThatThrownBy(() -> schedule(name)).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void aJobDelayedTwoHours_isScheduled_firesAtItsTime_andRunsOnce() {
        Instant due = sim.now().plus(Duration.ofHours(2));
        String id = client.enqueue("noop", Map.of("n", 1), o -> o.delay(Duration.ofHours(2)));

        Job scheduled = client.get(id).orElseThrow();
        assertThat(scheduled.status()).isEqualTo(JobStatus.SCHEDULED);
        assertThat(scheduled.runAt()).isEqualTo(due);
        GetScheduleResponse s = schedule("job-" + id);
        assertThat(s.scheduleExpression()).isEqualTo(OneTimeSchedules.atExpression(due));
        assertThat(s.scheduleExpressionTimezone()).isEqualTo("UTC");
        assertThat(s.actionAfterCompletion()).isEqualTo(ActionAfterCompletion.DELETE);
        assertThat(s.target().arn()).endsWith(":" + cloud.topology().prefix() + "-normal");
        assertThat(s.target().roleArn()).isEqualTo("arn:aws:iam::000000000000:role/jobkit-scheduler");
        assertThat(s.target().input()).contains("\"id\":\"" + id + "\"", "\"notBefore\":\"" + due + "\"");

        try (Worker ignored = worker(client)) {
            sim.advanceTo(due.minusSeconds(1));
            assertThat(cloud.depth(cloud.queueUrl("normal"))).as("nothing sent a second early").isZero();
            assertThat(client.get(id).orElseThrow().status()).isEqualTo(JobStatus.SCHEDULED);

            sim.advanceTo(due);
            Job done = awaitStatus(id, JobStatus.SUCCEEDED);
            assertThat(done.attempt()).isEqualTo(1);
            assertThat(done.startedAt()).isEqualTo(due);
            assertThat(done.runAt()).as("get keeps showing the run-at time").isEqualTo(due);
        }
        assertThat(probe.runsOf(id)).isEqualTo(1);
        assertNoSchedule("job-" + id);
    }

    @Test
    void aDelayedJobCancelledBeforeItFires_neverRuns_andItsScheduleIsGone() {
        String id = client.enqueue("noop", Map.of(), o -> o.delay(Duration.ofHours(2)));

        CancelResult cancel = client.cancel(id);

        assertThat(cancel.outcome()).isEqualTo(CancelResult.Outcome.CANCELLED);
        assertNoSchedule("job-" + id);
        sim.advance(Duration.ofHours(3));
        assertThat(cloud.depth(cloud.queueUrl("normal"))).as("nothing fired").isZero();
        assertThat(client.get(id).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(probe.total()).isZero();
    }

    @Test
    void aJobCancelledAfterItsScheduleFired_isDroppedOnClaim_withoutRunning() {
        String id = client.enqueue("noop", Map.of(), o -> o.delay(Duration.ofHours(2)));
        sim.advance(Duration.ofHours(2));
        assertThat(cloud.depth(cloud.queueUrl("normal"))).as("fired before the cancel").isEqualTo(1);

        assertThat(client.cancel(id).outcome()).isEqualTo(CancelResult.Outcome.CANCELLED);

        try (Worker ignored = worker(client)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> cloud.depth(cloud.queueUrl("normal")) == 0);
        }
        assertThat(probe.runsOf(id)).isZero();
        assertThat(client.get(id).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
    }

    @Test
    void aRunAtTimeInThePast_runsNow_withoutASchedule() {
        String id = client.enqueue("noop", Map.of(), o -> o.runAt(sim.now().minus(Duration.ofHours(1))));

        assertThat(client.get(id).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);
        assertThat(sim.client().listSchedules(r -> r.groupName(cloud.topology().scheduleGroup())).schedules()).isEmpty();
        try (Worker ignored = worker(client)) {
            awaitStatus(id, JobStatus.SUCCEEDED);
        }
    }

    @Test
    void aRunAtTimeOnAFifoQueue_goesThroughTheScheduler_withItsMessageGroup(TestCloud base) {
        TestCloud fifo = base.fresh(t -> t.queue(QueueDef.fifo("orders")).route("order.*", "orders"));
        JobClient orders = sim.jobClient(fifo);
        Instant due = sim.now().plus(Duration.ofMinutes(5));

        String id = orders.enqueue("order.ship", Map.of("order", 7), o -> o.groupKey("customer-9").runAt(due));

        assertThat(orders.get(id).orElseThrow().status()).isEqualTo(JobStatus.SCHEDULED);
        sim.advanceTo(due);
        List<Message> sent = fifo.drain(fifo.queueUrl("orders"));
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).attributesAsStrings()).containsEntry("MessageGroupId", "customer-9");
        assertThat(sent.get(0).body()).contains("\"id\":\"" + id + "\"");
    }

    @Test
    void whenCreateScheduleFails_theJobIsMarkedFailed_andItsDedupKeyIsReleased() {
        Topology noGroup = Topology.builder().prefix(cloud.topology().prefix()).scheduleGroup("no-such-group").build();
        JobClient broken = cloud.client(b -> b.topology(noGroup).clock(sim.clock()).schedulerClient(sim.client())
                .schedulerRoleArn("arn:aws:iam::000000000000:role/jobkit-scheduler"));

        assertThatThrownBy(() -> broken.enqueue("noop", Map.of(), o -> o.delay(Duration.ofHours(2)).dedupKey("k")))
                .isInstanceOf(EnqueueException.class)
                .hasMessageContaining("CreateSchedule failed")
                .hasMessageContaining("its record is marked FAILED and may be enqueued again");

        Job failed = client.list(io.jobkit.client.JobFilter.status(JobStatus.FAILED)).jobs().get(0);
        assertThat(client.get(failed.id()).orElseThrow().lastError().type()).isEqualTo("EnqueueFailed");
        String retried = client.enqueue("noop", Map.of(), o -> o.delay(Duration.ofHours(2)).dedupKey("k"));
        assertThat(retried).as("the dedup key was released").isNotEqualTo(failed.id());
        assertThat(client.get(retried).orElseThrow().status()).isEqualTo(JobStatus.SCHEDULED);
    }

    @Test
    void aRetryDelayBeyondTwelveHours_goesThroughAOneTimeSchedule_andRunsWhenDue() {
        try (Worker ignored = worker(client)) {
            Instant claimedAt = sim.now();
            String id = client.enqueue("flaky", Map.of());

            Job retrying = awaitStatus(id, JobStatus.RETRYING);
            Instant next = claimedAt.plus(Duration.ofHours(20));
            assertThat(retrying.nextAttemptAt()).isEqualTo(next);
            String name = OneTimeSchedules.nameForRetry(id, 1, 1);
            assertThat(awaitSchedule(name).scheduleExpression()).isEqualTo(OneTimeSchedules.atExpression(next));
            await("the message is deleted, not parked").atMost(Duration.ofSeconds(10))
                    .until(() -> cloud.depth(cloud.queueUrl("normal")) == 0);

            sim.advanceTo(next);
            Job done = awaitStatus(id, JobStatus.SUCCEEDED);
            assertThat(done.attempt()).isEqualTo(2);
            assertThat(done.result().get("attempt").asInt()).isEqualTo(2);
            assertNoSchedule(name);
        }
        assertThat(probe.total()).isEqualTo(2);
    }

    @Test
    void aMessageArrivingBeforeItsNotBeforeTime_goesBackForTheRemainingDelay_withoutAnAttempt() {
        Instant notBefore = sim.now().plus(Duration.ofMinutes(40));
        Envelope early = new Envelope(Envelope.VERSION, "early-1", "noop", JsonNodeFactory.instance.objectNode(), null,
                sim.now(), notBefore, null);
        ReceivedMessage message = new ReceivedMessage("m-1", "receipt-1", EnvelopeCodec.encode(early),
                cloud.topology().queue("normal"), 1, sim.now(), null, Map.of());
        JobHandlers handlers = JobHandlers.builder().handler("noop", Map.class, (p, ctx) -> {
            probe.ran(ctx.jobId(), ctx.type(), ctx.attempt(), ctx.queue());
            return null;
        }).build();

        try (JobProcessor processor = new JobProcessor(client, handlers, FAST)) {
            ProcessResult tooSoon = processor.process(message, null);
            assertThat(tooSoon.kind()).isEqualTo(ProcessResult.Kind.EARLY);
            assertThat(tooSoon.disposition()).isEqualTo(new Disposition.ReturnAfter(Duration.ofMinutes(40)));
            assertThat(client.get("early-1")).as("no claim, no attempt").isEmpty();

            sim.clock().advance(Duration.ofMinutes(40));
            assertThat(processor.process(message, null).kind()).isEqualTo(ProcessResult.Kind.SUCCEEDED);
        }
        assertThat(client.get("early-1").orElseThrow().attempt()).isEqualTo(1);
        assertThat(probe.runsOf("early-1")).isEqualTo(1);
    }

    @Test
    void aCancelWhileALongRetryWaits_deletesItsSchedule() {
        try (Worker ignored = worker(client)) {
            String id = client.enqueue("flaky", Map.of());
            awaitStatus(id, JobStatus.RETRYING);
            String name = OneTimeSchedules.nameForRetry(id, 1, 1);
            assertThat(awaitSchedule(name).name()).isEqualTo(name);

            assertThat(client.cancel(id).outcome()).isEqualTo(CancelResult.Outcome.CANCELLED);

            assertNoSchedule(name);
        }
    }
}
