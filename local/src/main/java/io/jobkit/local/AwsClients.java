package io.jobkit.local;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;

/**
 * SDK clients pointed at a local endpoint.
 *
 * <p>The HTTP client is chosen explicitly: DynamoDB Local drags the Apache and Netty clients onto the classpath
 * next to ours, and the SDK would otherwise pick one by classpath order. The URL-connection client is the one the
 * enqueue client and the Lambda bundle use; it starts no background threads and loads fastest, which is what
 * short-lived tools and tests want. Services that need many parallel connections build their own clients from
 * {@link LocalCloud#clientEnvironment()}.
 */
final class AwsClients {
    private AwsClients() {
    }

    static SqsClient sqs(URI endpoint, Region region, AwsCredentialsProvider credentials) {
        return configure(SqsClient.builder(), endpoint, region, credentials).build();
    }

    static DynamoDbClient dynamoDb(URI endpoint, Region region, AwsCredentialsProvider credentials) {
        return configure(DynamoDbClient.builder(), endpoint, region, credentials).build();
    }

    static SchedulerClient scheduler(URI endpoint, Region region, AwsCredentialsProvider credentials) {
        return configure(SchedulerClient.builder(), endpoint, region, credentials).build();
    }

    private static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(
            B builder, URI endpoint, Region region, AwsCredentialsProvider credentials) {
        return builder.endpointOverride(endpoint)
                .region(region)
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder());
    }
}
