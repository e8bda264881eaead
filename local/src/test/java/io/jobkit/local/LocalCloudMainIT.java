package io.jobkit.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The real main class in a child JVM, as {@code local/run} starts it. */
class LocalCloudMainIT {

    @Test
    void up_printsExportLinesThatWork_andStopsCleanlyOnSigterm(@TempDir Path tmp) throws Exception {
        // A java.io.tmpdir that does not exist yet: DynamoDB Local extracts its SQLite natives there.
        Path missingTmp = tmp.resolve("not-yet-created");
        try (ChildJvm child = ChildJvm.start(LocalCloudMain.class, List.of("-Djava.io.tmpdir=" + missingTmp),
                "up", "--sqs-port", "0", "--dynamodb-port=0", "--scheduler-port=0", "--prefix", "child")) {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .failFast(() -> !child.process().isAlive())
                    .until(() -> child.stdout().stream().anyMatch(line -> line.startsWith("# Ctrl-C")));
            Map<String, String> env = exports(child.stdout());

            assertThat(env).containsKeys("AWS_ENDPOINT_URL_SQS", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL_SCHEDULER")
                    .containsEntry("JOBKIT_SCHEDULER_ROLE_ARN", LocalCloud.SCHEDULER_ROLE_ARN)
                    .containsEntry("AWS_REGION", "us-east-1")
                    .containsEntry("AWS_ACCESS_KEY_ID", "local")
                    .containsEntry("AWS_SECRET_ACCESS_KEY", "local")
                    .containsEntry("JOBKIT_PREFIX", "child");
            assertThat(child.stdout()).anyMatch(line -> line.matches("# jobkit local cloud is up in \\d+\\.\\d s .*"));
            assertThat(child.stdout()).anyMatch(line -> line.contains("child-normal (DLQ child-normal-dlq)"));
            assertThat(child.stdout()).anyMatch(line -> line.matches("#   group +child \\(EventBridge Scheduler.*"));
            int schedulerPort = URI.create(env.get("AWS_ENDPOINT_URL_SCHEDULER")).getPort();
            int sqsPort = URI.create(env.get("AWS_ENDPOINT_URL_SQS")).getPort();
            int dynamoPort = URI.create(env.get("AWS_ENDPOINT_URL_DYNAMODB")).getPort();
            try (SqsClient sqs = sqs(env); DynamoDbClient dynamo = dynamo(env)) {
                assertThat(sqs.listQueues(r -> r.queueNamePrefix("child-")).queueUrls()).hasSize(8);
                assertThat(dynamo.listTables().tableNames()).containsExactly("child-jobs");
            }
            assertThat(missingTmp).isDirectory();

            child.process().destroy();  // SIGTERM on Linux

            Integer exit = child.awaitExit(Duration.ofSeconds(20));
            assertThat(exit).as(child.transcript()).isNotNull().isIn(0, 143);
            assertThat(FreePorts.isFree(sqsPort)).as("SQS port %d free after exit", sqsPort).isTrue();
            assertThat(FreePorts.isFree(dynamoPort)).as("DynamoDB port %d free after exit", dynamoPort).isTrue();
            assertThat(FreePorts.isFree(schedulerPort)).as("Scheduler port %d free after exit", schedulerPort).isTrue();
        }
    }

    @Test
    void closedCloud_leavesNoThreadThatKeepsTheJvmAlive() throws Exception {
        try (ChildJvm child = ChildJvm.start(StartAndCloseMain.class, List.of())) {
            Integer exit = child.awaitExit(Duration.ofSeconds(90));

            assertThat(exit).as("exited on its own; " + child.transcript()).isEqualTo(0);
            assertThat(child.stdout()).contains("closed");
        }
    }

    private static Map<String, String> exports(List<String> stdout) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : stdout) {
            if (!line.startsWith("export ")) continue;
            String[] kv = line.substring("export ".length()).split("=", 2);
            env.put(kv[0], kv[1]);
        }
        return env;
    }

    private static SqsClient sqs(Map<String, String> env) {
        return SqsClient.builder().endpointOverride(URI.create(env.get("AWS_ENDPOINT_URL_SQS")))
                .region(Region.of(env.get("AWS_REGION")))
                .credentialsProvider(credentials(env))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    private static DynamoDbClient dynamo(Map<String, String> env) {
        return DynamoDbClient.builder().endpointOverride(URI.create(env.get("AWS_ENDPOINT_URL_DYNAMODB")))
                .region(Region.of(env.get("AWS_REGION")))
                .credentialsProvider(credentials(env))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    private static StaticCredentialsProvider credentials(Map<String, String> env) {
        return StaticCredentialsProvider.create(
                AwsBasicCredentials.create(env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY")));
    }
}
