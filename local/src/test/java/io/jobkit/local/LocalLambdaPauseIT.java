package io.jobkit.local;

import io.jobkit.client.Job;
import io.jobkit.client.JobClient;
import io.jobkit.client.JobStatus;
import io.jobkit.client.control.QueueControls;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The local SQS event source honours a queue's pause control item, as a disabled event source mapping would. */
class LocalLambdaPauseIT {

    @Test
    void pausedQueue_isNotPolledByTheLocalEventSource_untilResumed() {
        try (LocalCloud cloud = LocalCloud.builder().sqsPort(0).dynamoDbPort(0).schedulerPort(0).start();
             DynamoDbClient dynamo = cloud.dynamoDbClient();
             JobClient client = JobClient.fromEnvironment(cloud.clientEnvironment())) {
            QueueControls controls = new QueueControls(dynamo, client.topology().tableName(), Clock.systemUTC());
            controls.pause("normal", "test");
            LocalLambda lambda = new LocalLambda(cloud, 1, false, null);
            try {
                String id = client.enqueue("demo.noop", Map.of());
                // the event source looks at the control about once a second; 4 s is several looks
                await().pollDelay(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(5)).until(() -> true);
                assertThat(client.get(id).orElseThrow().status()).as("not received while paused").isEqualTo(JobStatus.QUEUED);

                controls.resume("normal", "test");
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> client.get(id).map(Job::status).orElse(null) == JobStatus.SUCCEEDED);
            } finally {
                lambda.close();
            }
        }
    }
}
