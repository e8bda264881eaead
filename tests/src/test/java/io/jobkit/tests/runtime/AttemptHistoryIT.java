package io.jobkit.tests.runtime;

import io.jobkit.client.Job;
import io.jobkit.client.JobClient;
import io.jobkit.client.JobStatus;
import io.jobkit.client.TrackingLevel;
import io.jobkit.client.testing.TestClock;
import io.jobkit.handlers.JobHandlers;
import io.jobkit.handlers.processor.JobProcessor;
import io.jobkit.handlers.processor.ProcessResult;
import io.jobkit.handlers.processor.ProcessorOptions;
import io.jobkit.handlers.processor.ReceivedMessage;
import io.jobkit.tests.support.LocalCloudExtension;
import io.jobkit.tests.support.TestCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The record keeps each attempt that ended in a retry — when it started and ended, on which worker, and its error —
 * so the dashboard's timeline (issue 14) and {@code jobkit get --json} show every attempt, not just the last.
 */
@ExtendWith(LocalCloudExtension.class)
class AttemptHistoryIT {

    @Test
    void aJobThatFailsTwiceThenSucceeds_keepsBothFailedAttemptsWithTheirTimesWorkerAndError(TestCloud cloud) {
        TestClock clock = TestClock.startingNow();
        JobClient client = cloud.client(b -> b.clock(clock));
        JobHandlers handlers = JobHandlers.builder().handler("flaky", Map.class, (p, ctx) -> {
            clock.advance(Duration.ofSeconds(2)); // each attempt "runs" two seconds
            if (ctx.attempt() < 3) throw new IllegalStateException("upstream said no on attempt " + ctx.attempt());
            return "ok";
        }).build();
        String id = client.enqueue("flaky", Map.of(), o -> o.maxAttempts(5));
        Message m = cloud.drain(cloud.queueUrl("normal")).get(0);
        Instant enqueued = clock.instant();
        ProcessorOptions options = ProcessorOptions.builder().workerId("worker-a").build();
        try (JobProcessor processor = new JobProcessor(client, handlers, options)) {
            assertThat(processor.process(received(cloud, m), null).kind()).isEqualTo(ProcessResult.Kind.RETRYING);
            clock.advance(Duration.ofMinutes(10)); // past the backoff
            assertThat(processor.process(received(cloud, m), null).kind()).isEqualTo(ProcessResult.Kind.RETRYING);
            clock.advance(Duration.ofMinutes(10));
            assertThat(processor.process(received(cloud, m), null).kind()).isEqualTo(ProcessResult.Kind.SUCCEEDED);
        }
        Job job = client.get(id).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(job.attempt()).isEqualTo(3);
        assertThat(job.pastAttempts()).hasSize(2);
        for (int i = 0; i < 2; i++) {
            Job.PastAttempt a = job.pastAttempts().get(i);
            assertThat(a.attempt()).isEqualTo(i + 1);
            assertThat(a.cycle()).isEqualTo(1);
            assertThat(a.worker()).isEqualTo("worker-a");
            assertThat(a.startedAt()).isAfterOrEqualTo(enqueued.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
            assertThat(Duration.between(a.startedAt(), a.endedAt())).as("attempt %d ran", a.attempt())
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(2)).isLessThan(Duration.ofMinutes(1));
            assertThat(a.error().type()).isEqualTo("java.lang.IllegalStateException");
            assertThat(a.error().message()).isEqualTo("upstream said no on attempt " + (i + 1));
        }
        assertThat(job.pastAttempts().get(1).startedAt()).isAfter(job.pastAttempts().get(0).endedAt());
        assertThat(job.startedAt()).as("the last attempt's start").isAfter(job.pastAttempts().get(1).endedAt());
    }

    @Test
    void aLeanJob_keepsNoAttemptHistory_soItsWritesStaySmall(TestCloud cloud) {
        TestClock clock = TestClock.startingNow();
        JobClient client = cloud.client(b -> b.clock(clock));
        JobHandlers handlers = JobHandlers.builder().handler("flaky", Map.class, (p, ctx) -> {
            if (ctx.attempt() < 2) throw new IllegalStateException("no");
            return "ok";
        }).build();
        String id = client.enqueue("flaky", Map.of(), o -> o.maxAttempts(3).tracking(TrackingLevel.LEAN));
        Message m = cloud.drain(cloud.queueUrl("normal")).get(0);
        try (JobProcessor processor = new JobProcessor(client, handlers, ProcessorOptions.builder().build())) {
            assertThat(processor.process(received(cloud, m), null).kind()).isEqualTo(ProcessResult.Kind.RETRYING);
            clock.advance(Duration.ofMinutes(10));
            assertThat(processor.process(received(cloud, m), null).kind()).isEqualTo(ProcessResult.Kind.SUCCEEDED);
        }
        assertThat(client.get(id).orElseThrow().pastAttempts()).isEmpty();
    }

    private static ReceivedMessage received(TestCloud cloud, Message m) {
        Map<String, String> attributes = new HashMap<>();
        m.messageAttributes().forEach((k, v) -> attributes.put(k, v.stringValue()));
        return new ReceivedMessage(m.messageId(), m.receiptHandle(), m.body(), cloud.topology().queue("normal"),
                1, Instant.now(), null, attributes);
    }
}
