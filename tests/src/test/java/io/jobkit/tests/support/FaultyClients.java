package io.jobkit.tests.support;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * SDK clients for a {@link TestCloud} with an {@link ExecutionInterceptor} that injects faults on demand, talking
 * to the real emulators over HTTP:
 *
 * <ul>
 *   <li>{@link #loseResponses}: the request reaches the emulator and is applied, then the response is replaced by a
 *       connection error, so the SDK retries a write that already happened (a lost response);</li>
 *   <li>{@link #failBefore}: the request fails before it is sent (an outage; the SDK does not retry it here);</li>
 *   <li>{@link #hold}: the calling thread runs a hook before sending (e.g. to block it: a slow call);</li>
 *   <li>{@link #after}: the calling thread runs a hook once the emulator has applied the request, before its
 *       response reaches the caller (what others do while an answer is on its way).</li>
 * </ul>
 * Every call is recorded, so tests count what actually reached the emulator.
 */
public final class FaultyClients implements ExecutionInterceptor {
    /** One call that reached the emulator: operation and request. */
    public record Call(String operation, SdkRequest request) {
    }

    private final TestCloud cloud;
    private final AtomicInteger responsesToLose = new AtomicInteger();
    private volatile Predicate<SdkRequest> loseWhen = r -> true;
    private final AtomicInteger callsToFail = new AtomicInteger();
    private volatile Predicate<SdkRequest> failWhen = r -> true;
    private volatile Predicate<SdkRequest> holdWhen = r -> false;
    private volatile Runnable holdHook = () -> { };
    private volatile Predicate<SdkRequest> afterWhen = r -> false;
    private volatile Runnable afterHook = () -> { };
    private final CopyOnWriteArrayList<Call> sent = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> lost = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<software.amazon.awssdk.core.SdkResponse> responses = new CopyOnWriteArrayList<>();

    public FaultyClients(TestCloud cloud) {
        this.cloud = cloud;
    }

    public DynamoDbClient dynamo() {
        Map<String, String> env = cloud.environment();
        return DynamoDbClient.builder()
                .endpointOverride(cloud.dynamo().serviceClientConfiguration().endpointOverride().orElseThrow())
                .region(Region.of(env.get("AWS_REGION")))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY"))))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.addExecutionInterceptor(this))
                .build();
    }

    public SqsClient sqs() {
        Map<String, String> env = cloud.environment();
        return SqsClient.builder()
                .endpointOverride(cloud.sqs().serviceClientConfiguration().endpointOverride().orElseThrow())
                .region(Region.of(env.get("AWS_REGION")))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY"))))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.addExecutionInterceptor(this))
                .build();
    }

    /** The next {@code n} matching requests are applied, but their responses are lost. */
    public void loseResponses(int n, Predicate<SdkRequest> when) {
        loseWhen = when;
        responsesToLose.set(n);
    }

    /** The next {@code n} matching requests fail before they are sent. */
    public void failBefore(int n, Predicate<SdkRequest> when) {
        failWhen = when;
        callsToFail.set(n);
    }

    /** Runs {@code hook} on the calling thread before each matching request is sent. */
    public void hold(Predicate<SdkRequest> when, Runnable hook) {
        holdHook = hook;
        holdWhen = when;
    }

    /** Runs {@code hook} on the calling thread after each matching request was applied, before it returns. */
    public void after(Predicate<SdkRequest> when, Runnable hook) {
        afterHook = hook;
        afterWhen = when;
    }

    public java.util.List<Call> calls() {
        return java.util.List.copyOf(sent);
    }

    /** Every response the client returned to its caller. */
    public java.util.List<software.amazon.awssdk.core.SdkResponse> responses() {
        return java.util.List.copyOf(responses);
    }

    /** How many responses were lost for an operation. */
    public int lost(String operation) {
        AtomicInteger n = lost.get(operation);
        return n == null ? 0 : n.get();
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        if (holdWhen.test(request)) holdHook.run();
        if (failWhen.test(request) && callsToFail.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw SdkClientException.create("injected fault: " + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME)
                    + " failed before it was sent");
        }
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        sent.add(new Call(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), context.request()));
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        responses.add(context.response());
        if (afterWhen.test(context.request())) afterHook.run();
    }

    @Override
    public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        if (loseWhen.test(context.request()) && responsesToLose.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
            lost.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
            // a retryable I/O failure after the emulator applied the request: the SDK sends it again
            throw SdkClientException.create("injected fault: response to " + operation + " lost",
                    new IOException("connection reset after the request was applied"));
        }
        return context.httpResponse();
    }
}
