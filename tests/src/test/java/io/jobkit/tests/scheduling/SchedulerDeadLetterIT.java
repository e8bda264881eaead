package io.jobkit.tests.scheduling;

import io.jobkit.client.JobClient;
import io.jobkit.client.JobStatus;
import io.jobkit.client.spi.OneTimeSchedules;
import io.jobkit.client.topology.QueueDef;
import io.jobkit.client.wire.EnvelopeCodec;
import io.jobkit.tests.support.LocalCloudExtension;
import io.jobkit.tests.support.SimulatedScheduler;
import io.jobkit.tests.support.TestCloud;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.Target;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Schedules jobkit creates carry a dead-letter target (their queue's DLQ) and a retry policy, as GetSchedule reads
 * them back; and a delivery that fails (the target queue was deleted) ends in that DLQ with the reason attached
 * instead of being dropped. Local scheduler on a simulated clock.
 */
@ExtendWith(LocalCloudExtension.class)
class SchedulerDeadLetterIT {
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

    private GetScheduleResponse schedule(String name) {
        return sim.client().getSchedule(r -> r.name(name).groupName(cloud.topology().scheduleGroup()));
    }

    private String arn(String queueUrl) {
        return cloud.sqs().getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    private void assertDeadLettersToTheDlqOf(Target target, String queue) {
        assertThat(target.arn()).isEqualTo(arn(cloud.queueUrl(queue)));
        assertThat(target.deadLetterConfig().arn()).isEqualTo(arn(cloud.dlqUrl(queue)));
        assertThat(target.retryPolicy().maximumEventAgeInSeconds()).isEqualTo(86_400);
        assertThat(target.retryPolicy().maximumRetryAttempts()).isEqualTo(185);
    }

    @Test
    void oneTimeJobSchedule_readBack_hasTheQueuesDlqAndARetryPolicy() {
        String id = client.enqueue("noop", Map.of(), o -> o.delay(Duration.ofHours(2)));

        assertDeadLettersToTheDlqOf(schedule(OneTimeSchedules.nameForJob(id)).target(), "normal");
    }

    @Test
    void recurringSchedule_readBack_hasTheQueuesDlqAndARetryPolicy_alsoAfterAnUpdate() {
        client.schedules().upsert(s -> s.name("nightly").type("report.build").payload(Map.of()).expression("0 3 * * *"));
        assertDeadLettersToTheDlqOf(schedule("nightly").target(), "normal");

        client.schedules().upsert(s -> s.name("nightly").type("report.build").payload(Map.of()).expression("0 4 * * *"));
        assertDeadLettersToTheDlqOf(schedule("nightly").target(), "normal");
    }

    @Test
    void fifoQueueSchedule_hasTheRetryPolicy_butNoDeadLetterTarget_whichTheSchedulerRefusesForFifo() {
        TestCloud withFifo = cloud.fresh(t -> t.queue(QueueDef.fifo("orders")));
        JobClient orders = sim.jobClient(withFifo);
        String id = orders.enqueue("noop", Map.of(), o -> o.queue("orders").groupKey("tenant-1")
                .delay(Duration.ofHours(2)));

        Target target = sim.client().getSchedule(r -> r.name(OneTimeSchedules.nameForJob(id))
                .groupName(withFifo.topology().scheduleGroup())).target();
        assertThat(target.deadLetterConfig()).isNull();
        assertThat(target.retryPolicy().maximumRetryAttempts()).isEqualTo(185);
    }

    @Test
    void deliveryToADeletedQueue_isRetried_thenLandsInTheDlqWithTheReason() {
        String id = client.enqueue("noop", Map.of("n", 1), o -> o.delay(Duration.ofHours(2)));
        String dlqArn = arn(cloud.dlqUrl("normal"));
        String queueArn = arn(cloud.queueUrl("normal"));
        cloud.sqs().deleteQueue(r -> r.queueUrl(cloud.queueUrl("normal")));

        sim.advance(Duration.ofHours(3));

        List<Message> dead = cloud.drain(cloud.dlqUrl("normal"));
        assertThat(dead).hasSize(1);
        Message m = dead.get(0);
        assertThat(EnvelopeCodec.decode(m.body()).id()).as("the job's envelope, redrivable").isEqualTo(id);
        assertThat(m.messageAttributes().get("ERROR_CODE").stringValue()).isNotBlank();
        assertThat(m.messageAttributes().get("ERROR_MESSAGE").stringValue()).isNotBlank();
        assertThat(m.messageAttributes().get("EXHAUSTED_RETRY_CONDITION").stringValue()).isEqualTo("MaximumRetryAttempts");
        assertThat(m.messageAttributes().get("TARGET_ARN").stringValue()).isEqualTo(queueArn);
        assertThat(dlqArn).endsWith(":" + cloud.topology().dlqSqsName(cloud.topology().queue("normal")));
        assertThat(client.get(id).orElseThrow().status()).as("nothing claimed it yet").isEqualTo(JobStatus.SCHEDULED);
    }
}
