package io.jobkit.client.spi;

import io.jobkit.client.JobValidationException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Builds SDK clients the way AWS users expect: region and credentials from the default chains, endpoints from
 * {@code AWS_ENDPOINT_URL_<SERVICE>} or {@code AWS_ENDPOINT_URL}. The SDK reads those from the process environment
 * itself; they are applied explicitly here too so an environment given as a map (tests, the CLI's flags) behaves the
 * same. The URL-connection HTTP client keeps start-up light and pulls in neither Netty nor Apache.
 *
 * <p>Every client gets explicit {@link CallSettings}: an API call timeout (all attempts and backoff), an attempt
 * timeout (one HTTP exchange), and the {@code standard} retry mode, so no call can hang a worker thread for the SDK's
 * unbounded default, and every client reports throttled attempts to {@link ThrottleWatch}.
 */
public final class AwsClients {
    private final Map<String, String> env;
    private final CallSettings settings;
    private final HttpSettings http;

    public AwsClients(Map<String, String> env) {
        this(env, CallSettings.fromEnvironment(env));
    }

    public AwsClients(Map<String, String> env, CallSettings settings) {
        this.env = env;
        this.settings = Objects.requireNonNull(settings, "settings");
        this.http = HttpSettings.fromEnvironment(env);
    }

    public HttpSettings http() {
        return http;
    }

    /**
     * Which HTTP client the SDK clients use.
     *
     * <p>{@code urlconnection} (the default, and the Lambda bundle's only one) starts fastest and brings no
     * dependencies, but it reuses connections through the JDK's keep-alive cache, which keeps at most
     * {@code http.maxConnections} (5) idle connections per host: a worker running 16 jobs at once keeps opening new
     * TCP (and, on AWS, TLS) connections. {@code apache} is the SDK's pooled Apache client with a pool of
     * {@code maxConnections} per client; {@code jobkit worker} and the CLI use it.
     *
     * @param client         {@code JOBKIT_HTTP_CLIENT}: {@code urlconnection} or {@code apache}
     * @param maxConnections {@code JOBKIT_HTTP_MAX_CONNECTIONS}, the Apache pool size per SDK client (default 64)
     */
    public record HttpSettings(String client, int maxConnections) {
        public static final String CLIENT_ENV = "JOBKIT_HTTP_CLIENT";
        public static final String MAX_CONNECTIONS_ENV = "JOBKIT_HTTP_MAX_CONNECTIONS";

        public HttpSettings {
            if (!client.equals("urlconnection") && !client.equals("apache")) {
                throw new JobValidationException(CLIENT_ENV + " '" + client + "' is not an HTTP client jobkit supports;"
                        + " use urlconnection or apache");
            }
            if (maxConnections < 1 || maxConnections > 1000) {
                throw new JobValidationException(MAX_CONNECTIONS_ENV + " " + maxConnections + " is out of range; use 1 to 1000");
            }
        }

        public static HttpSettings fromEnvironment(Map<String, String> env) {
            String client = firstNonBlank(env.get(CLIENT_ENV), "urlconnection").trim().toLowerCase(Locale.ROOT);
            int max = 64;
            String maxText = firstNonBlank(env.get(MAX_CONNECTIONS_ENV), null);
            if (maxText != null) {
                try {
                    max = Integer.parseInt(maxText.trim());
                } catch (NumberFormatException e) {
                    throw new JobValidationException(MAX_CONNECTIONS_ENV + " '" + maxText + "' is not a number");
                }
            }
            return new HttpSettings(client, max);
        }
    }

    public CallSettings settings() {
        return settings;
    }

    /**
     * Timeouts and retries of every SDK call.
     *
     * <p>Why {@code standard} and not {@code adaptive}: adaptive mode adds a client-side token bucket that, once it
     * has seen throttling, makes the calling thread wait before sending. One SDK client serves claims, lease
     * heartbeats and outcome writes for every queue, so a throttled hot path would delay the heartbeats and let
     * leases lapse; jobkit prefers failing an attempt within a known time and letting the processor back off with
     * the message's visibility. Standard mode still retries throttling and 5xx with jittered exponential backoff and
     * has a retry quota (a circuit breaker) against retry storms. {@code AWS_RETRY_MODE=adaptive} opts in.
     *
     * @param apiCallTimeout        whole call, retries and backoff included. Default 60 s
     *                              ({@code JOBKIT_AWS_CALL_TIMEOUT})
     * @param apiCallAttemptTimeout one attempt. Default 30 s: above SQS's 20 s long poll with room for a slow
     *                              response ({@code JOBKIT_AWS_ATTEMPT_TIMEOUT})
     * @param retryMode             default {@code STANDARD} ({@code AWS_RETRY_MODE}: standard or adaptive)
     * @param maxAttempts           attempts per call, first included. Default 3 ({@code AWS_MAX_ATTEMPTS})
     */
    public record CallSettings(Duration apiCallTimeout, Duration apiCallAttemptTimeout, RetryMode retryMode, int maxAttempts) {
        public static final CallSettings DEFAULTS = new CallSettings(Duration.ofSeconds(60), Duration.ofSeconds(30),
                RetryMode.STANDARD, 3);

        public CallSettings {
            Objects.requireNonNull(retryMode, "retryMode");
            if (apiCallAttemptTimeout.compareTo(Duration.ofSeconds(21)) < 0) {
                throw new JobValidationException("AWS attempt timeout " + apiCallAttemptTimeout.toSeconds() + "s is too short:"
                        + " SQS long polls wait 20 s, so use at least 21s");
            }
            if (apiCallTimeout.compareTo(apiCallAttemptTimeout) < 0) {
                throw new JobValidationException("AWS call timeout " + apiCallTimeout.toSeconds() + "s is shorter than the"
                        + " attempt timeout " + apiCallAttemptTimeout.toSeconds() + "s; make the call timeout the larger");
            }
            if (maxAttempts < 1 || maxAttempts > 10) {
                throw new JobValidationException("AWS_MAX_ATTEMPTS " + maxAttempts + " is out of range; use 1 to 10");
            }
        }

        public static CallSettings fromEnvironment(Map<String, String> env) {
            Duration call = duration(env, "JOBKIT_AWS_CALL_TIMEOUT", DEFAULTS.apiCallTimeout);
            Duration attempt = duration(env, "JOBKIT_AWS_ATTEMPT_TIMEOUT", DEFAULTS.apiCallAttemptTimeout);
            RetryMode mode = DEFAULTS.retryMode;
            String modeText = firstNonBlank(env.get("AWS_RETRY_MODE"), null);
            if (modeText != null) {
                // the SDK's "adaptive" is the older rate limiter kept for compatibility; ADAPTIVE_V2 is the current one
                mode = switch (modeText.toLowerCase(Locale.ROOT)) {
                    case "standard" -> RetryMode.STANDARD;
                    case "adaptive", "adaptive_v2" -> RetryMode.ADAPTIVE_V2;
                    default -> throw new JobValidationException("AWS_RETRY_MODE '" + modeText
                            + "' is not a retry mode jobkit supports; use standard or adaptive");
                };
            }
            int attempts = DEFAULTS.maxAttempts;
            String attemptsText = firstNonBlank(env.get("AWS_MAX_ATTEMPTS"), null);
            if (attemptsText != null) {
                try {
                    attempts = Integer.parseInt(attemptsText);
                } catch (NumberFormatException e) {
                    throw new JobValidationException("AWS_MAX_ATTEMPTS '" + attemptsText + "' is not a number");
                }
            }
            return new CallSettings(call, attempt, mode, attempts);
        }

        private static Duration duration(Map<String, String> env, String name, Duration fallback) {
            String text = firstNonBlank(env.get(name), null);
            if (text == null) return fallback;
            try {
                return io.jobkit.client.Durations.parse(text);
            } catch (RuntimeException e) {
                throw new JobValidationException(name + " '" + text + "' is not a duration; use e.g. 30s or 2m");
            }
        }
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
        builder.overrideConfiguration(o -> o
                .apiCallTimeout(settings.apiCallTimeout())
                .apiCallAttemptTimeout(settings.apiCallAttemptTimeout())
                .retryStrategy(AwsRetryStrategy.forRetryMode(settings.retryMode()).toBuilder()
                        .maxAttempts(settings.maxAttempts()).build())
                .addMetricPublisher(ThrottleWatch.forProcess()));
        if (builder instanceof AwsSyncClientBuilder<?, ?> sync) {
            if (http.client().equals("apache")) {
                sync.httpClientBuilder(PooledHttp.builder(http.maxConnections()));
            } else {
                sync.httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5)).socketTimeout(Duration.ofSeconds(30)));
            }
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
