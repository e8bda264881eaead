package io.jobkit.local.chaos;

import io.jobkit.client.Backoff;
import io.jobkit.client.JobClient;
import io.jobkit.client.JobError;
import io.jobkit.client.JobOptions;
import io.jobkit.client.Priority;
import io.jobkit.client.store.ClaimRequest;
import io.jobkit.client.store.TransitionResult;
import io.jobkit.client.topology.Topology;
import io.jobkit.local.LocalCloud;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Leaves stale records the way production leaves them, for the reconciler part of a chaos run: a client whose
 * process "dies" just before SendMessage (an Error thrown from an SDK interceptor, so none of jobkit's tidy-up runs),
 * on a clock an hour in the past so the records are old enough for the reconciler's smallest threshold.
 *
 * <ul>
 *   <li>even ones: QUEUED with no message (the process died between the record write and the send);</li>
 *   <li>odd ones: claimed and recorded RETRYING with a next attempt in the past, and no message (a worker died after
 *       the retry write and before its message was sent back with the backoff delay).</li>
 * </ul>
 * Every planted job is a {@link ChaosHandlers#SHORT} job, so once the reconciler re-sends it, it runs and succeeds.
 */
final class StalePlanter implements AutoCloseable {
    static final Duration PAST = Duration.ofHours(1);

    /** Where the process "dies"; an Error so nothing catches it on the way out. */
    static final class ProcessDied extends Error {
        ProcessDied() {
            super("the process died just before SendMessage");
        }
    }

    private final SqsClient dyingSqs;
    private final JobClient past;
    private final Clock pastClock = Clock.offset(Clock.systemUTC(), PAST.negated());

    StalePlanter(LocalCloud cloud, Topology topology, DynamoDbClient dynamo, SchedulerClient scheduler) {
        Map<String, String> env = cloud.clientEnvironment();
        this.dyingSqs = SqsClient.builder().endpointOverride(cloud.sqsEndpoint()).region(Region.of(env.get("AWS_REGION")))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY"))))
                .overrideConfiguration(o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                        String op = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
                        if ("SendMessage".equals(op) || "SendMessageBatch".equals(op)) throw new ProcessDied();
                    }
                }))
                .build();
        this.past = JobClient.builder().sqsClient(dyingSqs).dynamoDbClient(dynamo).schedulerClient(scheduler)
                .topology(topology).clock(pastClock)
                .build();
    }

    /** Plants {@code k} stale records (see the class comment) and returns their ids. */
    List<String> plant(int k, long seed) {
        List<String> ids = new ArrayList<>();
        JobOptions base = JobOptions.of(b -> b.maxAttempts(5).backoff(Backoff.fixed(Duration.ofSeconds(1))));
        for (int i = 0; i < k; i++) {
            String id = "chaos-stale-" + seed + "-" + i;
            try {
                past.enqueue(ChaosHandlers.SHORT, Map.of("ms", 10), base.toBuilder().jobId(id).build());
                throw new IllegalStateException("planting " + id + ": the send was expected to die and did not");
            } catch (ProcessDied expected) {
                // the record is QUEUED, its envelope stored, and no message was sent
            }
            if (i % 2 == 1) {
                String owner = "chaos-planter-" + id;
                TransitionResult claimed = past.runtime().store().claim(new ClaimRequest(id, ChaosHandlers.SHORT, "normal",
                        Priority.NORMAL, 5, Map.of(), owner, pastClock.instant().plus(Duration.ofMinutes(2))));
                TransitionResult retried = past.runtime().store().retry(id, owner,
                        new JobError("Planted", "a planted retry whose message was never sent", null, 1),
                        pastClock.instant().plus(Duration.ofMinutes(1)), null);
                if (!(claimed instanceof TransitionResult.Applied) || !(retried instanceof TransitionResult.Applied)) {
                    throw new IllegalStateException("planting RETRYING " + id + ": claim " + claimed + ", retry " + retried);
                }
            }
            ids.add(id);
        }
        return ids;
    }

    @Override
    public void close() {
        past.close();
        dyingSqs.close();
    }
}
