package io.jobkit.client.spi;

import io.jobkit.client.topology.QueueDef;
import io.jobkit.client.topology.Topology;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.CreateScheduleRequest;
import software.amazon.awssdk.services.scheduler.model.CreateScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.Target;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesResponse;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlResponse;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class OneTimeSchedulesTest {
    private static final String UUID = "019ab3c2-5d1e-7a00-8000-0123456789ab";

    @Test
    void jobSchedule_isNamedAfterTheJobId() {
        assertThat(OneTimeSchedules.nameForJob(UUID)).isEqualTo("job-" + UUID);
    }

    @Test
    void retrySchedules_areUniquePerCycleAndAttempt_andFitEventBridgesNameRule() {
        Set<String> names = new HashSet<>();
        for (int cycle = 1; cycle <= 3; cycle++) {
            for (int attempt = 1; attempt <= 25; attempt++) {
                String name = OneTimeSchedules.nameForRetry(UUID, cycle, attempt);
                assertThat(name).startsWith("job-").matches("[0-9a-zA-Z._-]{1,64}");
                names.add(name);
            }
        }
        assertThat(names).hasSize(75).doesNotContain(OneTimeSchedules.nameForJob(UUID));
    }

    @Test
    void idsThatDoNotFitAScheduleName_areHashed_stably() {
        String odd = "order 42/eu: ünïcode and far too long for a name" + "x".repeat(40);
        String name = OneTimeSchedules.nameForJob(odd);

        assertThat(name).matches("job-[0-9a-f]{40}").isEqualTo(OneTimeSchedules.nameForJob(odd));
        assertThat(OneTimeSchedules.nameForRetry(odd, 1, 2)).isEqualTo(name + "-c1a2");
        assertThat(OneTimeSchedules.nameForJob(odd + "!")).isNotEqualTo(name);
    }

    @Test
    void atExpression_isUtcWallTime_roundedUpToTheSecond_soItNeverFiresBeforeTheJobIsDue() {
        assertThat(OneTimeSchedules.atExpression(Instant.parse("2026-03-29T01:30:00Z"))).isEqualTo("at(2026-03-29T01:30:00)");
        assertThat(OneTimeSchedules.atExpression(Instant.parse("2026-03-29T01:30:00.001Z"))).isEqualTo("at(2026-03-29T01:30:01)");
        assertThat(OneTimeSchedules.atExpression(Instant.parse("2026-12-31T23:59:59.500Z"))).isEqualTo("at(2027-01-01T00:00:00)");
    }

    @Test
    void create_givesTheTargetTheQueuesDlqAsDeadLetterTarget_andAnExplicitRetryPolicy() {
        List<CreateScheduleRequest> sent = new ArrayList<>();
        SchedulerClient scheduler = new SchedulerClient() {
            @Override
            public CreateScheduleResponse createSchedule(CreateScheduleRequest request) {
                sent.add(request);
                return CreateScheduleResponse.builder().scheduleArn("arn:aws:scheduler:eu-west-1:123456789012:schedule/x").build();
            }

            @Override
            public String serviceName() {
                return "scheduler";
            }

            @Override
            public void close() {
            }
        };
        Topology topology = Topology.defaults();
        QueueDef normal = topology.queue("normal");
        OneTimeSchedules schedules = new OneTimeSchedules(scheduler, "arn:aws:iam::123456789012:role/sched",
                new QueueDirectory(new NamedQueues(), topology));

        schedules.create(OneTimeSchedules.nameForJob(UUID), Instant.parse("2026-03-29T01:30:00Z"), normal, "{}", null);

        assertThat(sent).hasSize(1);
        Target target = sent.get(0).target();
        assertThat(target.arn()).isEqualTo("arn:aws:sqs:eu-west-1:123456789012:" + topology.sqsName(normal));
        assertThat(target.deadLetterConfig().arn())
                .isEqualTo("arn:aws:sqs:eu-west-1:123456789012:" + topology.dlqSqsName(normal));
        assertThat(target.retryPolicy().maximumEventAgeInSeconds()).isEqualTo(86_400);
        assertThat(target.retryPolicy().maximumRetryAttempts()).isEqualTo(185);
    }

    /** SQS that knows every queue: URL and ARN derived from the name, as the service would answer. */
    private static final class NamedQueues implements SqsClient {
        @Override
        public GetQueueUrlResponse getQueueUrl(GetQueueUrlRequest request) {
            return GetQueueUrlResponse.builder()
                    .queueUrl("https://sqs.eu-west-1.amazonaws.com/123456789012/" + request.queueName()).build();
        }

        @Override
        public GetQueueAttributesResponse getQueueAttributes(GetQueueAttributesRequest request) {
            String name = request.queueUrl().substring(request.queueUrl().lastIndexOf('/') + 1);
            return GetQueueAttributesResponse.builder().attributes(Map.of(QueueAttributeName.QUEUE_ARN,
                    "arn:aws:sqs:eu-west-1:123456789012:" + name)).build();
        }

        @Override
        public String serviceName() {
            return "sqs";
        }

        @Override
        public void close() {
        }
    }
}
