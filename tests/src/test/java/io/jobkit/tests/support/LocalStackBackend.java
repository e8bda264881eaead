package io.jobkit.tests.support;

import io.jobkit.client.spi.AwsClients;
import io.jobkit.local.scheduler.SchedulerBridge;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * LocalStack for the scenario suite: one container per test JVM with SQS, DynamoDB and EventBridge Scheduler, and a
 * {@link SchedulerBridge} that reads LocalStack's schedules and fires the due ones into its SQS (LocalStack itself
 * never fires them). Needs a Docker engine and {@code LOCALSTACK_AUTH_TOKEN}.
 */
final class LocalStackBackend implements ExtensionContext.Store.CloseableResource {
    /** The image the compose file targets too; current LocalStack images need an auth token. */
    static final DockerImageName IMAGE = DockerImageName.parse("localstack/localstack:2026.04.0");

    private final LocalStackContainer container;
    private final Map<String, String> environment = new HashMap<>();
    final SqsClient sqs;
    final DynamoDbClient dynamo;
    final SchedulerClient scheduler;
    private final SchedulerBridge bridge;

    LocalStackBackend() {
        container = new LocalStackContainer(IMAGE).withServices("sqs", "dynamodb", "scheduler")
                .withEnv("LOCALSTACK_AUTH_TOKEN", System.getenv().getOrDefault("LOCALSTACK_AUTH_TOKEN", ""));
        container.start();
        String endpoint = container.getEndpoint().toString();
        environment.put("AWS_ENDPOINT_URL_SQS", endpoint);
        environment.put("AWS_ENDPOINT_URL_DYNAMODB", endpoint);
        environment.put("AWS_ENDPOINT_URL_SCHEDULER", endpoint);
        environment.put("AWS_REGION", container.getRegion());
        environment.put("AWS_ACCESS_KEY_ID", container.getAccessKey());
        environment.put("AWS_SECRET_ACCESS_KEY", container.getSecretKey());
        environment.put("JOBKIT_SCHEDULER_ROLE_ARN", "arn:aws:iam::000000000000:role/jobkit-scheduler");
        AwsClients aws = new AwsClients(environment);
        sqs = aws.sqs();
        dynamo = aws.dynamoDb();
        scheduler = aws.scheduler();
        bridge = SchedulerBridge.builder().schedulerClient(scheduler).sqsClient(sqs).region(container.getRegion())
                .refreshInterval(Duration.ofSeconds(1)).build().start();
    }

    Map<String, String> environment() {
        return Map.copyOf(environment);
    }

    @Override
    public void close() {
        bridge.close();
        sqs.close();
        dynamo.close();
        scheduler.close();
        container.stop();
    }
}
