package io.jobkit.local;

import io.jobkit.client.testing.TestClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobkit.client.topology.JobTable;
import io.jobkit.client.topology.QueueDef;
import io.jobkit.client.topology.Topology;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ActionAfterCompletion;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One local cloud on free ports, used over real HTTP by the real SDK clients; its scheduler runs on a test clock. */
class LocalCloudIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The scheduler's clock: starts at the real time, moved by hand. */
    private static final TestClock NOW = TestClock.startingNow();
    private static LocalCloud cloud;
    private static SqsClient sqs;
    private static DynamoDbClient dynamo;
    private static SchedulerClient scheduler;

    @BeforeAll
    static void start() {
        cloud = LocalCloud.builder().sqsPort(0).dynamoDbPort(0).schedulerPort(0).schedulerClock(NOW).start();
        sqs = cloud.sqsClient();
        dynamo = cloud.dynamoDbClient();
        scheduler = cloud.schedulerClient();
    }

    @AfterAll
    static void stop() {
        if (sqs != null) sqs.close();
        if (dynamo != null) dynamo.close();
        if (scheduler != null) scheduler.close();
        if (cloud != null) cloud.close();
    }

    @Test
    void start_onFreePorts_listensOnLoopbackAtTheReportedPorts() {
        assertThat(cloud.sqsEndpoint().getHost()).isEqualTo("127.0.0.1");
        assertThat(cloud.dynamoDbEndpoint().getHost()).isEqualTo("127.0.0.1");
        assertThat(cloud.schedulerEndpoint().getHost()).isEqualTo("127.0.0.1");
        assertThat(cloud.sqsEndpoint().getPort()).isPositive().isNotEqualTo(cloud.dynamoDbEndpoint().getPort());
        assertThat(cloud.schedulerEndpoint().getPort()).isPositive()
                .isNotIn(cloud.sqsEndpoint().getPort(), cloud.dynamoDbEndpoint().getPort());
        assertThat(cloud.startupTime()).isPositive();
    }

    @Test
    void start_provisionsEveryQueueWithARedrivePolicyNamingItsDlq() throws Exception {
        Topology topology = Topology.defaults();
        assertThat(topology.queues()).extracting(QueueDef::name).containsExactly("critical", "high", "normal", "low");
        for (QueueDef queue : topology.queues()) {
            String url = sqs.getQueueUrl(r -> r.queueName("jobkit-" + queue.name())).queueUrl();
            String dlqUrl = sqs.getQueueUrl(r -> r.queueName("jobkit-" + queue.name() + "-dlq")).queueUrl();
            String dlqArn = attributes(dlqUrl).get(QueueAttributeName.QUEUE_ARN);
            JsonNode redrive = JSON.readTree(attributes(url).get(QueueAttributeName.REDRIVE_POLICY));

            assertThat(dlqArn).isEqualTo("arn:aws:sqs:us-east-1:000000000000:jobkit-" + queue.name() + "-dlq");
            assertThat(redrive.get("deadLetterTargetArn").asText()).as(queue.name()).isEqualTo(dlqArn);
            assertThat(redrive.get("maxReceiveCount").asInt()).isEqualTo(Topology.MAX_RECEIVE_COUNT);
        }
        assertThat(cloud.provisioned().queues()).hasSize(4);
    }

    @Test
    void start_provisionsTheJobsTableWithTheStatusIndexAndTtl() {
        TableDescription table = dynamo.describeTable(r -> r.tableName("jobkit-jobs")).table();
        TimeToLiveDescription ttl = dynamo.describeTimeToLive(r -> r.tableName("jobkit-jobs")).timeToLiveDescription();

        assertThat(table.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
        assertThat(table.globalSecondaryIndexes()).extracting(GlobalSecondaryIndexDescription::indexName)
                .containsExactly(JobTable.STATUS_INDEX);
        assertThat(ttl.timeToLiveStatus()).isEqualTo(TimeToLiveStatus.ENABLED);
        assertThat(ttl.attributeName()).isEqualTo("expiresAt");
    }

    @Test
    void start_provisionsTheScheduleGroup() {
        assertThat(cloud.provisioned().scheduleGroup()).isEqualTo("jobkit");
        assertThat(scheduler.getScheduleGroup(r -> r.name("jobkit")).arn())
                .isEqualTo("arn:aws:scheduler:us-east-1:000000000000:schedule-group/jobkit");
    }

    @Test
    void scheduler_firesIntoTheLocalSqs_byItsClock() {
        String url = sqs.getQueueUrl(r -> r.queueName("jobkit-low")).queueUrl();
        Instant due = NOW.instant().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
        scheduler.createSchedule(r -> r.name("in-two-hours").groupName("jobkit")
                .scheduleExpression("at(" + due.toString().replace("Z", "") + ")")
                .flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.OFF))
                .actionAfterCompletion(ActionAfterCompletion.DELETE)
                .target(t -> t.arn("arn:aws:sqs:us-east-1:000000000000:jobkit-low")
                        .roleArn(LocalCloud.SCHEDULER_ROLE_ARN).input("{\"id\":\"<aws.scheduler.execution-id>\"}")));

        cloud.scheduler().tick();
        assertThat(sqs.receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(0)).messages()).isEmpty();

        NOW.set(due);
        cloud.scheduler().tick();
        List<Message> fired = sqs.receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(1)).messages();
        assertThat(fired).hasSize(1);
        assertThat(fired.get(0).body()).matches("\\{\"id\":\"[0-9a-f-]{36}\"}");
        assertThat(scheduler.listSchedules(r -> r.groupName("jobkit")).schedules()).as("deleted after firing").isEmpty();
        sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle(fired.get(0).receiptHandle()));
    }

    @Test
    void sqs_messageRoundTrips_sendReceiveDelete() {
        String url = sqs.getQueueUrl(r -> r.queueName("jobkit-normal")).queueUrl();
        sqs.sendMessage(r -> r.queueUrl(url).messageBody("{\"v\":1,\"type\":\"hello\"}"));

        List<Message> received = sqs.receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(5)).messages();
        assertThat(received).extracting(Message::body).containsExactly("{\"v\":1,\"type\":\"hello\"}");
        sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle(received.get(0).receiptHandle()));

        assertThat(sqs.receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(1).visibilityTimeout(0)).messages())
                .isEmpty();
    }

    @Test
    void dynamoDb_conditionalWrite_succeedsThenFailsOnItsCondition() {
        PutItemRequest createOnce = PutItemRequest.builder()
                .tableName("jobkit-jobs")
                .item(Map.of("pk", s("JOB#it-1"), "sk", s("JOB"), "status", s("QUEUED")))
                .conditionExpression("attribute_not_exists(pk)")
                .build();

        dynamo.putItem(createOnce);

        assertThatThrownBy(() -> dynamo.putItem(createOnce)).isInstanceOf(ConditionalCheckFailedException.class);
        assertThat(dynamo.getItem(r -> r.tableName("jobkit-jobs").key(Map.of("pk", s("JOB#it-1"), "sk", s("JOB"))))
                .item()).containsEntry("status", s("QUEUED"));
    }

    @Test
    void clientEnvironment_givesEndpointsRegionCredentialsAndPrefix() {
        assertThat(cloud.clientEnvironment()).containsExactly(
                Map.entry("AWS_ENDPOINT_URL_SQS", cloud.sqsEndpoint().toString()),
                Map.entry("AWS_ENDPOINT_URL_DYNAMODB", cloud.dynamoDbEndpoint().toString()),
                Map.entry("AWS_ENDPOINT_URL_SCHEDULER", cloud.schedulerEndpoint().toString()),
                Map.entry("JOBKIT_SCHEDULER_ROLE_ARN", "arn:aws:iam::000000000000:role/jobkit-scheduler"),
                Map.entry("AWS_ENDPOINT_URL_LAMBDA", cloud.lambdaEndpoint().toString()),
                Map.entry("JOBKIT_ADMIN_PAUSE_LAMBDA", "true"),
                Map.entry("AWS_REGION", "us-east-1"),
                Map.entry("AWS_DEFAULT_REGION", "us-east-1"),
                Map.entry("AWS_ACCESS_KEY_ID", "local"),
                Map.entry("AWS_SECRET_ACCESS_KEY", "local"),
                Map.entry("JOBKIT_PREFIX", "jobkit"));
    }

    @Test
    void emulators_refuseConnectionsOnNonLoopbackAddresses() {
        LoopbackOnly.assertUnreachableFromOtherInterfaces(cloud.sqsEndpoint().getPort());
        LoopbackOnly.assertUnreachableFromOtherInterfaces(cloud.dynamoDbEndpoint().getPort());
        LoopbackOnly.assertUnreachableFromOtherInterfaces(cloud.schedulerEndpoint().getPort());
        LoopbackOnly.assertUnreachableFromOtherInterfaces(cloud.lambdaEndpoint().getPort());
    }

    private static Map<QueueAttributeName, String> attributes(String url) {
        return sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.ALL)).attributes();
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
