package io.jobkit.admin;

import io.jobkit.client.JobClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.LambdaClientBuilder;
import software.amazon.awssdk.services.lambda.model.EventSourceMappingConfiguration;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Queue pause on AWS: the Lambda event source mappings that read a queue are disabled on pause and enabled again on
 * resume ({@code ListEventSourceMappings EventSourceArn=<queue ARN>}, then {@code UpdateEventSourceMapping
 * Enabled=false|true} for each). Container workers read the control item instead; both are always written, so a
 * deployment with both runtimes stops both.
 *
 * <p>On only when {@value #VARIABLE}{@code =true} (the CDK app sets it on the admin function): elsewhere there may
 * be no Lambda workers and no Lambda permissions, and a pause must not fail for that.
 */
final class EventSources {
    static final String VARIABLE = "JOBKIT_ADMIN_PAUSE_LAMBDA";
    private static final Logger LOG = LoggerFactory.getLogger(EventSources.class);

    private final JobClient client;
    private final LambdaClient lambda;

    EventSources(JobClient client, LambdaClient lambda) {
        this.client = client;
        this.lambda = lambda;
    }

    /**
     * Sets every mapping of {@code queue} to {@code enabled}; returns the UUIDs changed (empty when no function reads
     * the queue).
     *
     * @throws QueuePause.EventSourcesFailed when Lambda refuses or cannot be reached
     */
    List<String> setEnabled(String queue, boolean enabled) {
        String arn = client.queueArn(queue);
        List<String> changed = new ArrayList<>();
        try {
            for (EventSourceMappingConfiguration m : lambda.listEventSourceMappingsPaginator(r -> r.eventSourceArn(arn))
                    .eventSourceMappings()) {
                lambda.updateEventSourceMapping(r -> r.uuid(m.uuid()).enabled(enabled));
                changed.add(m.uuid());
                LOG.info("{} event source mapping {} ({} → {})", enabled ? "enabled" : "disabled", m.uuid(), arn,
                        m.functionArn());
            }
        } catch (RuntimeException e) {
            throw new QueuePause.EventSourcesFailed("the queue's control item says "
                    + (enabled ? "running" : "paused") + ", but its Lambda event source mappings could not be "
                    + (enabled ? "enabled" : "disabled") + " (" + e.getMessage() + "); changed so far: " + changed
                    + "; call " + (enabled ? "resume" : "pause") + " again", e);
        }
        return changed;
    }

    /** A Lambda client from {@code env} (as the job client is built): region, credentials, {@code AWS_ENDPOINT_URL_LAMBDA}. */
    static LambdaClient lambdaClient(Map<String, String> env) {
        LambdaClientBuilder b = LambdaClient.builder().credentialsProvider(credentials(env))
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(30)))
                .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(30)));
        String region = first(env.get("AWS_REGION"), env.get("AWS_DEFAULT_REGION"));
        if (region != null) b.region(Region.of(region));
        String endpoint = first(env.get("AWS_ENDPOINT_URL_LAMBDA"), env.get("AWS_ENDPOINT_URL"));
        if (endpoint != null) {
            try {
                b.endpointOverride(URI.create(endpoint));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("AWS_ENDPOINT_URL_LAMBDA '" + endpoint + "' is not a URL", e);
            }
        }
        return b.build();
    }

    static boolean enabledIn(Map<String, String> env) {
        String v = env.get(VARIABLE);
        if (v == null || v.isBlank() || v.trim().equalsIgnoreCase("false")) return false;
        if (v.trim().equalsIgnoreCase("true")) return true;
        throw new IllegalArgumentException(VARIABLE + " '" + v + "' must be true or false");
    }

    static AwsCredentialsProvider credentials(Map<String, String> env) {
        String key = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        if (key == null || secret == null) return DefaultCredentialsProvider.builder().build();
        String token = env.get("AWS_SESSION_TOKEN");
        return StaticCredentialsProvider.create(token != null ? AwsSessionCredentials.create(key, secret, token)
                : AwsBasicCredentials.create(key, secret));
    }

    static String first(String a, String b) {
        if (a != null && !a.isBlank()) return a.trim();
        if (b != null && !b.isBlank()) return b.trim();
        return null;
    }
}
