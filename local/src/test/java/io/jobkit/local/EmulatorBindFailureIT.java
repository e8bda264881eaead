package io.jobkit.local;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The path behind the up-front port check: when another process takes a port between the check and the bind,
 * each emulator's own bind failure still becomes the clear message.
 */
class EmulatorBindFailureIT {

    @Test
    void elasticMqStart_onTakenPort_failsNamingPortAndFlag() throws IOException {
        try (ServerSocket squatter = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int taken = squatter.getLocalPort();

            assertThatThrownBy(() -> ElasticMqServer.start(taken, "us-east-1"))
                    .isInstanceOf(PortUnavailableException.class)
                    .hasMessageStartingWith("port " + taken + " (SQS) is already in use; choose another with --sqs-port");
        }
    }

    @Test
    void dynamoDbLocalStart_onTakenPort_failsNamingPortAndFlag() throws IOException {
        try (ServerSocket squatter = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int taken = squatter.getLocalPort();

            assertThatThrownBy(() -> DynamoDbLocalServer.start(taken))
                    .isInstanceOf(PortUnavailableException.class)
                    .hasMessageStartingWith("port " + taken + " (DynamoDB) is already in use; choose another with"
                            + " --dynamodb-port");
        }
    }
}
