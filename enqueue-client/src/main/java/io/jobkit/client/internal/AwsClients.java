package io.jobkit.client.internal;

import io.jobkit.client.JobValidationException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;

/**
 * Builds SDK clients the way AWS users expect: region and credentials from the default chains, endpoints from
 * {@code AWS_ENDPOINT_URL_<SERVICE>} or {@code AWS_ENDPOINT_URL}. The SDK reads those from the process environment
 * itself; they are applied explicitly here too so an environment given as a map (tests, the CLI's flags) behaves the
 * same. The URL-connection HTTP client keeps start-up light and pulls in neither Netty nor Apache.
 */
public final class AwsClients {
    private final Map<String, String> env;

    public AwsClients(Map<String, String> env) {
        this.env = env;
    }

    public SqsClient sqs() {
        return configure(SqsClient.builder(), "SQS").build();
    }

    public DynamoDbClient dynamoDb() {
        return configure(DynamoDbClient.builder(), "DYNAMODB").build();
    }

    public SchedulerClient scheduler() {
        return configure(SchedulerClient.builder(), "SCHEDULER").build();
    }

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder, String service) {
        builder.credentialsProvider(credentials());
        String region = firstNonBlank(env.get("AWS_REGION"), env.get("AWS_DEFAULT_REGION"));
        if (region != null) builder.region(Region.of(region));
        String endpoint = firstNonBlank(env.get("AWS_ENDPOINT_URL_" + service), env.get("AWS_ENDPOINT_URL"));
        if (endpoint != null) builder.endpointOverride(uri(endpoint, service));
        if (builder instanceof AwsSyncClientBuilder<?, ?> sync) {
            sync.httpClientBuilder(UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(5)).socketTimeout(Duration.ofSeconds(30)));
        }
        return builder;
    }

    private AwsCredentialsProvider credentials() {
        String key = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        if (key != null && secret != null) {
            String token = env.get("AWS_SESSION_TOKEN");
            return StaticCredentialsProvider.create(token != null
                    ? AwsSessionCredentials.create(key, secret, token) : AwsBasicCredentials.create(key, secret));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    private static URI uri(String endpoint, String service) {
        try {
            URI uri = new URI(endpoint);
            if (uri.getScheme() == null || uri.getHost() == null) throw new URISyntaxException(endpoint, "no scheme or host");
            return uri;
        } catch (URISyntaxException e) {
            throw new JobValidationException("AWS_ENDPOINT_URL_" + service + " '" + endpoint + "' is not a URL; use e.g. http://localhost:9324");
        }
    }

    private static String firstNonBlank(String a, String b) {
        if (a != null && !a.isBlank()) return a.trim();
        if (b != null && !b.isBlank()) return b.trim();
        return null;
    }
}
