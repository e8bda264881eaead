package io.jobkit.tests.store;

import io.jobkit.client.EnqueueOutcomeUnknownException;
import io.jobkit.client.JobClient;
import io.jobkit.client.JobOptions;
import io.jobkit.client.JobStatus;
import io.jobkit.tests.support.LocalCloudExtension;
import io.jobkit.tests.support.TestCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Issue 11 point 5: a SendMessage that SQS applied but whose response was lost is not reported as a failure. */
@ExtendWith(LocalCloudExtension.class)
class AmbiguousSendIT {

    @Test
    void aLostSendResponse_keepsTheRecordQueuedAndTheDedupKey_soARetryReturnsTheSameJob(TestCloud cloud) {
        AtomicInteger lost = new AtomicInteger();
        // every attempt (the SDK retries) is applied and its response lost: three copies reach SQS
        try (SqsClient sqs = SdkFaults.sqs(cloud.environment(), SdkFaults.loseResponse("SendMessage", 100, lost))) {
            JobClient client = cloud.client(b -> b.sqsClient(sqs));
            JobOptions options = JobOptions.of(b -> b.dedupKey("payout-7"));

            EnqueueOutcomeUnknownException unknown = catchThrowableOfType(
                    () -> client.enqueue("payout.send", Map.of("amount", 5), options), EnqueueOutcomeUnknownException.class);

            assertThat(lost.get()).as("SendMessage was applied, its answer lost").isGreaterThanOrEqualTo(1);
            assertThat(unknown).hasMessageContaining("may or may not have been sent")
                    .hasMessageContaining("Retrying with the same dedup key returns this job");
            assertThat(client.get(unknown.jobId()).orElseThrow().status()).as("not marked FAILED on a guess")
                    .isEqualTo(JobStatus.QUEUED);
            JobClient healthy = cloud.client();
            assertThat(healthy.enqueue("payout.send", Map.of("amount", 5), options))
                    .as("the dedup key still names the first job").isEqualTo(unknown.jobId());
            assertThat(cloud.drain(cloud.queueUrl("normal"))).as("the lost sends did reach SQS")
                    .hasSize(lost.get())
                    .allSatisfy(m -> assertThat(m.body()).contains(unknown.jobId()));
        }
    }

    @Test
    void aLostSendResponse_whoseJobAWorkerAlreadyClaimed_isASuccess(TestCloud cloud) {
        AtomicInteger lost = new AtomicInteger();
        JobClient healthy = cloud.client();
        // the record moves past QUEUED before the client looks: as if a worker claimed the message meanwhile
        software.amazon.awssdk.core.interceptor.ExecutionInterceptor claimThenLose = new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
            final software.amazon.awssdk.core.interceptor.ExecutionInterceptor lose = SdkFaults.loseResponse("SendMessage", 100, lost);

            @Override
            public software.amazon.awssdk.http.SdkHttpResponse modifyHttpResponse(
                    software.amazon.awssdk.core.interceptor.Context.ModifyHttpResponse context,
                    software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
                String body = cloud.sqs().receiveMessage(r -> r.queueUrl(cloud.queueUrl("normal")).waitTimeSeconds(1))
                        .messages().stream().findFirst().map(m -> m.body()).orElse(null);
                if (body != null) {
                    String id = io.jobkit.client.wire.EnvelopeCodec.decode(body).id();
                    healthy.runtime().store().claim(new io.jobkit.client.store.ClaimRequest(id, "payout.send", "normal",
                            io.jobkit.client.Priority.NORMAL, 3, Map.of(), "worker-1", java.time.Instant.now().plusSeconds(60)));
                }
                return lose.modifyHttpResponse(context, attributes);
            }
        };
        try (SqsClient sqs = SdkFaults.sqs(cloud.environment(), claimThenLose)) {
            JobClient client = cloud.client(b -> b.sqsClient(sqs));

            String id = client.enqueue("payout.send", Map.of(), JobOptions.of(b -> b.dedupKey("payout-8")));

            assertThat(lost.get()).isGreaterThanOrEqualTo(1);
            assertThat(client.get(id).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
        }
    }

    @Test
    void aLostSendMessageBatchResponse_leavesEveryItemQueued_withAnOutcomeUnknownError_notFailed(TestCloud cloud) {
        AtomicInteger lost = new AtomicInteger();
        try (SqsClient sqs = SdkFaults.sqs(cloud.environment(), SdkFaults.loseResponse("SendMessageBatch", 100, lost))) {
            JobClient client = cloud.client(b -> b.sqsClient(sqs));

            java.util.List<io.jobkit.client.EnqueueResult> results = client.enqueueAll(java.util.List.of(
                    io.jobkit.client.EnqueueRequest.of("payout.send", Map.of("n", 1)),
                    io.jobkit.client.EnqueueRequest.of("payout.send", Map.of("n", 2)),
                    io.jobkit.client.EnqueueRequest.of("payout.send", Map.of("n", 3))));

            assertThat(lost.get()).isGreaterThanOrEqualTo(1);
            assertThat(results).hasSize(3).allSatisfy(r -> {
                assertThat(r.error()).isInstanceOf(EnqueueOutcomeUnknownException.class)
                        .hasMessageContaining("may or may not have been sent");
                assertThat(client.get(r.jobId()).orElseThrow().status()).as("not FAILED on a guess")
                        .isEqualTo(JobStatus.QUEUED);
            });
            assertThat(cloud.drain(cloud.queueUrl("normal"))).as("the batch did reach SQS, every time it was sent")
                    .hasSize(3 * lost.get());
        }
    }

    @Test
    void aLostCreateScheduleResponse_isASuccess_whetherTheRetryConflictsOrTheScheduleIsReadBack(TestCloud cloud) {
        for (int times : new int[] {1, 100}) {
            AtomicInteger lost = new AtomicInteger();
            try (software.amazon.awssdk.services.scheduler.SchedulerClient scheduler = SdkFaults.scheduler(cloud.environment(),
                    SdkFaults.loseResponse("CreateSchedule", times, lost))) {
                JobClient client = cloud.client(b -> b.schedulerClient(scheduler));

                String id = client.enqueue("report.build", Map.of(), JobOptions.of(b -> b.delay(java.time.Duration.ofHours(2))));

                assertThat(lost.get()).as("lost %d time(s)", times).isGreaterThanOrEqualTo(1);
                io.jobkit.client.Job job = client.get(id).orElseThrow();
                assertThat(job.status()).as("the schedule exists, so the job is SCHEDULED, not FAILED")
                        .isEqualTo(JobStatus.SCHEDULED);
                String name = io.jobkit.client.spi.OneTimeSchedules.nameForJob(id);
                assertThat(cloud.scheduler().getSchedule(r -> r.name(name).groupName(cloud.topology().scheduleGroup()))
                        .name()).isEqualTo(name);
            }
        }
    }
}
