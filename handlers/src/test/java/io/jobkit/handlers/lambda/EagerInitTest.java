package io.jobkit.handlers.lambda;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** When the init builds the SDK clients on a background thread, and when the first invocation does. */
class EagerInitTest {
    private static final String API = "127.0.0.1:9001";

    @Test
    void underALambdaRuntime_theInitBuildsTheClients() {
        assertThat(JobLambdaHandler.eagerInit(Map.of("AWS_LAMBDA_RUNTIME_API", API))).isTrue();
        assertThat(JobLambdaHandler.eagerInit(Map.of("AWS_LAMBDA_RUNTIME_API", API,
                "AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand"))).isTrue();
        assertThat(JobLambdaHandler.eagerInit(Map.of("AWS_LAMBDA_RUNTIME_API", API,
                "AWS_LAMBDA_INITIALIZATION_TYPE", "provisioned-concurrency"))).isTrue();
    }

    @Test
    void forASnapStartSnapshot_theFirstInvocationAfterTheRestoreBuildsThem() {
        assertThat(JobLambdaHandler.eagerInit(Map.of("AWS_LAMBDA_RUNTIME_API", API,
                "AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start"))).isFalse();
    }

    @Test
    void outsideALambdaRuntime_orTurnedOff_theFirstInvocationBuildsThem() {
        assertThat(JobLambdaHandler.eagerInit(Map.of())).isFalse();
        assertThat(JobLambdaHandler.eagerInit(Map.of("AWS_LAMBDA_RUNTIME_API", API,
                JobLambdaHandler.EAGER_INIT_ENV, "false"))).isFalse();
        assertThat(JobLambdaHandler.eagerInit(Map.of("AWS_LAMBDA_RUNTIME_API", API,
                JobLambdaHandler.EAGER_INIT_ENV, " FALSE "))).isFalse();
    }
}
