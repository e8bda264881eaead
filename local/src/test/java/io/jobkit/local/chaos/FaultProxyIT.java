package io.jobkit.local.chaos;

import io.jobkit.local.LocalCloud;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SqsException;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each fault kind, one at a time, as the real AWS SDK (no retries) sees it through the proxy. */
class FaultProxyIT {
    private static LocalCloud cloud;
    private static DynamoDbClient direct;

    @BeforeAll
    static void start() {
        cloud = LocalCloud.builder().sqsPort(0).dynamoDbPort(0).schedulerPort(0).start();
        direct = cloud.dynamoDbClient();
    }

    @AfterAll
    static void stop() {
        direct.close();
        cloud.close();
    }

    private static DynamoDbClient dynamoVia(FaultProxy proxy) {
        return DynamoDbClient.builder().endpointOverride(proxy.endpoint()).region(cloud.region())
                .credentialsProvider(cloud.credentialsProvider())
                .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(1)).build())
                .overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(1))).build();
    }

    private static SqsClient sqsVia(FaultProxy proxy) {
        return SqsClient.builder().endpointOverride(proxy.endpoint()).region(cloud.region())
                .credentialsProvider(cloud.credentialsProvider()).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(1))).build();
    }

    private static String table() {
        return cloud.topology().tableName();
    }

    private static void put(DynamoDbClient client, String pk) {
        client.putItem(r -> r.tableName(table()).item(Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS("T"))));
    }

    private static boolean exists(String pk) {
        return direct.getItem(r -> r.tableName(table()).key(Map.of("pk", AttributeValue.fromS(pk), "sk",
                AttributeValue.fromS("T"))).consistentRead(true)).hasItem();
    }

    private static FaultProxy dynamoProxy(FaultKind kind) throws Exception {
        return FaultProxy.always(FaultProxy.Service.DYNAMODB, cloud.dynamoDbEndpoint(), kind, Duration.ofSeconds(3));
    }

    @Test
    void withoutAFault_requestsPassThrough_onAKeptAliveConnection() throws Exception {
        try (FaultProxy proxy = dynamoProxy(null); DynamoDbClient client = dynamoVia(proxy)) {
            for (int i = 0; i < 3; i++) put(client, "pass-" + i);
            assertThat(exists("pass-2")).isTrue();
            assertThat(proxy.requests()).isEqualTo(3);
            assertThat(proxy.faults().values()).allMatch(n -> n == 0);
        }
    }

    @Test
    void aLostResponse_appliesTheWrite_butTheCallerSeesAConnectionError() throws Exception {
        String pk = "lost-" + UUID.randomUUID();
        try (FaultProxy proxy = dynamoProxy(FaultKind.RESPONSE_LOST); DynamoDbClient client = dynamoVia(proxy)) {
            assertThatThrownBy(() -> put(client, pk)).isInstanceOf(SdkClientException.class);
            assertThat(exists(pk)).as("the write reached DynamoDB").isTrue();
            assertThat(proxy.faults().get(FaultKind.RESPONSE_LOST)).isEqualTo(1);
        }
    }

    @Test
    void aReset_failsTheCall_beforeAnythingIsWritten() throws Exception {
        String pk = "reset-" + UUID.randomUUID();
        try (FaultProxy proxy = dynamoProxy(FaultKind.CONNECTION_RESET); DynamoDbClient client = dynamoVia(proxy)) {
            assertThatThrownBy(() -> put(client, pk)).isInstanceOf(SdkClientException.class);
            assertThat(exists(pk)).isFalse();
        }
    }

    @Test
    void aHang_outlastsTheSocketTimeout() throws Exception {
        try (FaultProxy proxy = dynamoProxy(FaultKind.HANG); DynamoDbClient client = dynamoVia(proxy)) {
            assertThatThrownBy(() -> put(client, "hang")).isInstanceOf(SdkClientException.class)
                    .hasMessageContaining("timed out");
        }
    }

    @Test
    void dynamoDbErrors_haveTheShapesTheSdkMapsToItsExceptions() throws Exception {
        try (FaultProxy proxy = dynamoProxy(FaultKind.THROTTLED); DynamoDbClient client = dynamoVia(proxy)) {
            assertThatThrownBy(() -> put(client, "t")).isInstanceOfSatisfying(ProvisionedThroughputExceededException.class,
                    e -> assertThat(e.isThrottlingException()).isTrue());
        }
        try (FaultProxy proxy = dynamoProxy(FaultKind.SERVER_ERROR_500); DynamoDbClient client = dynamoVia(proxy)) {
            assertThatThrownBy(() -> put(client, "e")).isInstanceOf(InternalServerErrorException.class);
        }
        try (FaultProxy proxy = dynamoProxy(FaultKind.UNAVAILABLE_503); DynamoDbClient client = dynamoVia(proxy)) {
            assertThatThrownBy(() -> put(client, "u")).isInstanceOfSatisfying(
                    software.amazon.awssdk.services.dynamodb.model.DynamoDbException.class,
                    e -> assertThat(e.statusCode()).isEqualTo(503));
        }
    }

    @Test
    void sqsErrors_carryTheQueryCompatibleCode_andAnOutageFailsEveryCallUntilItEnds() throws Exception {
        URI upstream = cloud.sqsEndpoint();
        try (FaultProxy proxy = FaultProxy.always(FaultProxy.Service.SQS, upstream, FaultKind.THROTTLED, Duration.ofSeconds(1));
             SqsClient sqs = sqsVia(proxy)) {
            assertThatThrownBy(sqs::listQueues).isInstanceOfSatisfying(SqsException.class, e -> {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("RequestThrottled");
                assertThat(e.isThrottlingException()).isTrue();
            });
        }
        try (FaultProxy proxy = FaultProxy.start(FaultProxy.Service.SQS, upstream, 0, Duration.ofSeconds(1), 1);
             SqsClient sqs = sqsVia(proxy)) {
            proxy.outage(true);
            assertThatThrownBy(sqs::listQueues).isInstanceOfSatisfying(SqsException.class,
                    e -> assertThat(e.statusCode()).isEqualTo(503));
            proxy.outage(false);
            assertThat(sqs.listQueues().queueUrls()).isNotEmpty();
            assertThat(proxy.faults().get(FaultKind.OUTAGE)).isEqualTo(1);
        }
    }
}
