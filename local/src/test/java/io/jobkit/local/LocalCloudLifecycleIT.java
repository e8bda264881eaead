package io.jobkit.local;

import io.jobkit.client.topology.QueueDef;
import io.jobkit.client.topology.Topology;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Starting, failing to start, stopping and restarting local clouds in one JVM. */
class LocalCloudLifecycleIT {

    @Test
    void start_onSqsPortHeldByAnotherCloud_failsNamingPortServiceAndFlag() {
        try (LocalCloud first = LocalCloud.builder().sqsPort(0).dynamoDbPort(0).schedulerPort(0).start()) {
            int taken = first.sqsEndpoint().getPort();

            assertThatThrownBy(() -> LocalCloud.builder().sqsPort(taken).dynamoDbPort(0).schedulerPort(0).start())
                    .isInstanceOf(PortUnavailableException.class)
                    .hasMessage("port " + taken + " (SQS) is already in use; choose another with --sqs-port"
                            + " or stop the other process");
            // the first cloud is untouched by the failed attempt
            try (SqsClient sqs = first.sqsClient()) {
                assertThat(sqs.listQueues().queueUrls()).hasSize(8);
            }
        }
    }

    @Test
    void start_onDynamoDbPortHeldByAnotherProcess_failsNamingPortServiceAndFlag() throws IOException {
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress("0.0.0.0", 0));
            int taken = squatter.getLocalPort();

            assertThatThrownBy(() -> LocalCloud.builder().sqsPort(0).dynamoDbPort(taken).schedulerPort(0).start())
                    .isInstanceOf(PortUnavailableException.class)
                    .hasMessageContaining("port " + taken + " (DynamoDB) is already in use")
                    .hasMessageContaining("--dynamodb-port");
        }
    }

    @Test
    void start_onSchedulerPortHeldByAnotherProcess_failsNamingPortServiceAndFlag() throws IOException {
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress("127.0.0.1", 0));
            int taken = squatter.getLocalPort();

            assertThatThrownBy(() -> LocalCloud.builder().sqsPort(0).dynamoDbPort(0).schedulerPort(taken).start())
                    .isInstanceOf(PortUnavailableException.class)
                    .hasMessageContaining("port " + taken + " (EventBridge Scheduler) is already in use")
                    .hasMessageContaining("--scheduler-port");
        }
    }

    @Test
    void close_twice_isHarmlessAndFreesThePorts() {
        LocalCloud cloud = LocalCloud.builder().sqsPort(0).dynamoDbPort(0).schedulerPort(0).start();
        int sqsPort = cloud.sqsEndpoint().getPort();
        int dynamoPort = cloud.dynamoDbEndpoint().getPort();
        int schedulerPort = cloud.schedulerEndpoint().getPort();

        cloud.close();
        cloud.close();

        assertThat(FreePorts.isFree(sqsPort)).as("SQS port %d free", sqsPort).isTrue();
        assertThat(FreePorts.isFree(dynamoPort)).as("DynamoDB port %d free", dynamoPort).isTrue();
        assertThat(FreePorts.isFree(schedulerPort)).as("Scheduler port %d free", schedulerPort).isTrue();
    }

    @Test
    void startStopStart_onTheSamePortsInOneJvm_servesAFreshCloud() {
        int sqsPort = FreePorts.pick();
        int dynamoPort = FreePorts.pick();
        Topology topology = Topology.builder().prefix("restart").queue(QueueDef.fifo("ordered")).build();

        try (LocalCloud first = LocalCloud.builder().sqsPort(sqsPort).dynamoDbPort(dynamoPort).schedulerPort(0).topology(topology).start();
             SqsClient sqs = first.sqsClient()) {
            String url = sqs.getQueueUrl(r -> r.queueName("restart-normal")).queueUrl();
            sqs.sendMessage(r -> r.queueUrl(url).messageBody("left behind"));
        }

        try (LocalCloud second = LocalCloud.builder().sqsPort(sqsPort).dynamoDbPort(dynamoPort).schedulerPort(0).topology(topology).start();
             SqsClient sqs = second.sqsClient();
             DynamoDbClient dynamo = second.dynamoDbClient()) {
            String url = sqs.getQueueUrl(r -> r.queueName("restart-normal")).queueUrl();
            assertThat(url).isEqualTo("http://127.0.0.1:" + sqsPort + "/000000000000/restart-normal");
            assertThat(sqs.receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(1)).messages())
                    .as("in-memory state does not survive a restart").isEmpty();
            assertThat(sqs.getQueueUrl(r -> r.queueName("restart-ordered.fifo")).queueUrl()).endsWith(".fifo");
            assertThat(dynamo.listTables().tableNames()).containsExactly("restart-jobs");
        }
    }
}
