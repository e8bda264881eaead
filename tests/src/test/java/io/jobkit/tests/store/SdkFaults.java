package io.jobkit.tests.store;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** SDK clients for the test cloud with a fault placed on one operation, as the client process would meet it. */
final class SdkFaults {
    /** Thrown where the process "dies": an Error, so nothing in jobkit's code catches and tidies up after it. */
    static final class ProcessDied extends Error {
        ProcessDied(String operation) {
            super("the process died just before " + operation);
        }
    }

    private SdkFaults() {
    }

    /** Dies before {@code operation} is transmitted: the call never reaches the service. */
    static ExecutionInterceptor dieBefore(String operation) {
        return new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                if (operation.equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
                    throw new ProcessDied(operation);
                }
            }
        };
    }

    /**
     * Lets {@code operation} reach the service and be applied, then loses the response as a reset connection would,
     * {@code times} times; {@code applied} counts the lost ones.
     */
    static ExecutionInterceptor loseResponse(String operation, int times, AtomicInteger applied) {
        return new ExecutionInterceptor() {
            @Override
            public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
                if (operation.equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))
                        && context.httpResponse().isSuccessful() && applied.get() < times) {
                    applied.incrementAndGet();
                    throw SdkClientException.create("Unable to execute HTTP request: Connection reset",
                            new IOException("Connection reset"));
                }
                return context.httpResponse();
            }
        };
    }

    static SqsClient sqs(Map<String, String> env, ExecutionInterceptor fault) {
        return SqsClient.builder().endpointOverride(URI.create(env.get("AWS_ENDPOINT_URL_SQS")))
                .region(Region.of(env.get("AWS_REGION"))).credentialsProvider(credentials(env))
                .overrideConfiguration(o -> o.addExecutionInterceptor(fault).retryStrategy(RetryMode.STANDARD))
                .build();
    }

    static SchedulerClient scheduler(Map<String, String> env, ExecutionInterceptor fault) {
        return SchedulerClient.builder().endpointOverride(URI.create(env.get("AWS_ENDPOINT_URL_SCHEDULER")))
                .region(Region.of(env.get("AWS_REGION"))).credentialsProvider(credentials(env))
                .overrideConfiguration(o -> o.addExecutionInterceptor(fault))
                .build();
    }

    private static StaticCredentialsProvider credentials(Map<String, String> env) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(env.get("AWS_ACCESS_KEY_ID"),
                env.get("AWS_SECRET_ACCESS_KEY")));
    }
}
