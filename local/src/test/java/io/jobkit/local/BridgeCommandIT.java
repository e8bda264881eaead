package io.jobkit.local;

import io.jobkit.local.scheduler.LocalScheduler;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ActionAfterCompletion;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@code local/run bridge} against a scheduler that stores but never fires (a LocalScheduler with firing disabled,
 * standing in for LocalStack): the schedule it holds arrives in SQS, sent by the bridge.
 */
class BridgeCommandIT {

    @Test
    void bridge_firesTheSchedulesAnotherEndpointStores_intoSqs() throws Exception {
        try (LocalCloud cloud = LocalCloud.builder().sqsPort(0).dynamoDbPort(0).schedulerPort(0).start();
             SqsClient sqs = cloud.sqsClient();
             LocalScheduler store = LocalScheduler.builder().port(0).firingEnabled(false).build().start();
             SchedulerClient remote = SchedulerClient.builder().endpointOverride(store.endpoint()).region(Region.US_EAST_1)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "y"))).build()) {
            String url = sqs.getQueueUrl(r -> r.queueName("jobkit-normal")).queueUrl();
            String arn = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            remote.createScheduleGroup(r -> r.name("jobkit"));
            String at = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC)
                    .format(Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.SECONDS));
            remote.createSchedule(r -> r.name("from-localstack").groupName("jobkit")
                    .scheduleExpression("at(" + at + ")").actionAfterCompletion(ActionAfterCompletion.DELETE)
                    .flexibleTimeWindow(f -> f.mode("OFF"))
                    .target(t -> t.arn(arn).roleArn(LocalCloud.SCHEDULER_ROLE_ARN)
                            .input("{\"v\":1,\"id\":\"<aws.scheduler.execution-id>\",\"type\":\"noop\",\"payload\":{}}")));

            try (BridgeCommand.Running bridge = BridgeCommand.open(List.of("--scheduler-endpoint", store.endpoint().toString(),
                    "--sqs-endpoint", cloud.sqsEndpoint().toString(), "--refresh", "1s", "--group", "jobkit"),
                    Map.of("AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local", "AWS_REGION", "us-east-1"))) {
                assertThat(bridge.groups()).containsExactly("jobkit");
                List<Message> received = await().atMost(Duration.ofSeconds(20)).until(
                        () -> sqs.receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(1)).messages(), m -> !m.isEmpty());
                assertThat(received.get(0).body()).contains("\"type\":\"noop\"").doesNotContain("<aws.scheduler.execution-id>");
            }
        }
    }

    @Test
    void bridge_withoutASchedulerEndpoint_isAUsageError() {
        assertThatThrownBy(() -> BridgeCommand.open(List.of("--refresh", "1s"), Map.of()))
                .isInstanceOf(UsageException.class)
                .hasMessage("--scheduler-endpoint is required, e.g. http://localhost:4566");
        assertThatThrownBy(() -> BridgeCommand.open(List.of("--scheduler-endpoint", "http://x:1", "--refresh", "soon"), Map.of()))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--refresh: duration 'soon' is not valid");
    }
}
