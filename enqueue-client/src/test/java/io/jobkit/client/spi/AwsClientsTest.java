package io.jobkit.client.spi;

import io.jobkit.client.JobValidationException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AwsClientsTest {
    private static final Map<String, String> BASE = Map.of("AWS_REGION", "eu-west-1", "AWS_ACCESS_KEY_ID", "x",
            "AWS_SECRET_ACCESS_KEY", "y", "AWS_ENDPOINT_URL", "http://127.0.0.1:1");

    @Test
    void everyClient_hasCallAndAttemptTimeouts_standardRetries_andTheThrottleWatch() {
        AwsClients aws = new AwsClients(BASE);
        try (SqsClient sqs = aws.sqs(); DynamoDbClient dynamo = aws.dynamoDb(); SchedulerClient scheduler = aws.scheduler()) {
            for (ClientOverrideConfiguration o : List.of(sqs.serviceClientConfiguration().overrideConfiguration(),
                    dynamo.serviceClientConfiguration().overrideConfiguration(),
                    scheduler.serviceClientConfiguration().overrideConfiguration())) {
                assertThat(o.apiCallTimeout()).contains(Duration.ofSeconds(60));
                assertThat(o.apiCallAttemptTimeout()).contains(Duration.ofSeconds(30));
                assertThat(o.retryStrategy()).hasValueSatisfying(r -> assertThat(r.maxAttempts()).isEqualTo(3));
                assertThat(o.metricPublishers()).contains(ThrottleWatch.forProcess());
            }
        }
    }

    @Test
    void environment_overridesTimeoutsRetryModeAndAttempts() {
        Map<String, String> env = new HashMap<>(BASE);
        env.put("JOBKIT_AWS_CALL_TIMEOUT", "2m");
        env.put("JOBKIT_AWS_ATTEMPT_TIMEOUT", "45s");
        env.put("AWS_RETRY_MODE", "adaptive");
        env.put("AWS_MAX_ATTEMPTS", "5");
        AwsClients aws = new AwsClients(env);
        assertThat(aws.settings()).isEqualTo(new AwsClients.CallSettings(Duration.ofMinutes(2), Duration.ofSeconds(45),
                RetryMode.ADAPTIVE_V2, 5));
        try (DynamoDbClient dynamo = aws.dynamoDb()) {
            ClientOverrideConfiguration o = dynamo.serviceClientConfiguration().overrideConfiguration();
            assertThat(o.apiCallTimeout()).contains(Duration.ofMinutes(2));
            assertThat(o.apiCallAttemptTimeout()).contains(Duration.ofSeconds(45));
            assertThat(o.retryStrategy()).hasValueSatisfying(r -> assertThat(r.maxAttempts()).isEqualTo(5));
        }
    }

    @Test
    void settings_refuseAnAttemptTimeoutBelowTheLongPoll_andACallTimeoutBelowTheAttempt() {
        assertThatThrownBy(() -> AwsClients.CallSettings.fromEnvironment(Map.of("JOBKIT_AWS_ATTEMPT_TIMEOUT", "10s")))
                .isInstanceOf(JobValidationException.class).hasMessageContaining("SQS long polls wait 20 s");
        assertThatThrownBy(() -> AwsClients.CallSettings.fromEnvironment(Map.of("JOBKIT_AWS_CALL_TIMEOUT", "25s")))
                .isInstanceOf(JobValidationException.class).hasMessageContaining("shorter than the attempt timeout");
        assertThatThrownBy(() -> AwsClients.CallSettings.fromEnvironment(Map.of("AWS_RETRY_MODE", "eager")))
                .isInstanceOf(JobValidationException.class).hasMessageContaining("use standard or adaptive");
    }

    @Test
    void httpClient_isUrlConnectionByDefault_apacheWhenAsked_andABadChoiceIsNamed() {
        assertThat(AwsClients.HttpSettings.fromEnvironment(Map.of()))
                .isEqualTo(new AwsClients.HttpSettings("urlconnection", 64));
        assertThat(AwsClients.HttpSettings.fromEnvironment(Map.of("JOBKIT_HTTP_CLIENT", "Apache",
                "JOBKIT_HTTP_MAX_CONNECTIONS", "128"))).isEqualTo(new AwsClients.HttpSettings("apache", 128));
        assertThatThrownBy(() -> AwsClients.HttpSettings.fromEnvironment(Map.of("JOBKIT_HTTP_CLIENT", "netty")))
                .isInstanceOf(JobValidationException.class).hasMessageContaining("use urlconnection or apache");
        assertThatThrownBy(() -> AwsClients.HttpSettings.fromEnvironment(Map.of("JOBKIT_HTTP_MAX_CONNECTIONS", "0")))
                .isInstanceOf(JobValidationException.class).hasMessageContaining("out of range");
        Map<String, String> env = new HashMap<>(BASE);
        env.put("JOBKIT_HTTP_CLIENT", "apache");
        try (DynamoDbClient dynamo = new AwsClients(env).dynamoDb()) {
            assertThat(dynamo.serviceClientConfiguration().overrideConfiguration().apiCallTimeout())
                    .contains(Duration.ofSeconds(60));
        }
    }
}
