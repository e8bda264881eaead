package io.jobkit.local.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.jobkit.client.Job;
import io.jobkit.client.JobClient;
import io.jobkit.client.JobStatus;
import io.jobkit.client.topology.QueueDef;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The cold path, measured: a fresh JVM under the Runtime Interface Client until its first job is done. Per run: one
 * {@code demo.noop} job is enqueued and received; then the clock starts, the environment is spawned (JVM start + RIC +
 * handler init, until its first {@code /next}), and the received batch is invoked (SDK clients built, claim and
 * outcome written). The run ends when the response is back; the job must then be SUCCEEDED.
 *
 * <p>Two variants, run alternately so that both see the same machine: the default, where the init builds and primes
 * the SDK clients on a background thread while the runtime client fetches the event, and
 * {@code JOBKIT_LAMBDA_EAGER_INIT=false}, where the first invocation builds them (the behaviour before).
 */
final class ColdStartBench {

    /** One run, in milliseconds. */
    record Run(long initMillis, long firstInvocationMillis, long totalMillis) {
    }

    private final JobClient client;
    private final IsolatedRuntime runtime;
    private final FunctionSettings function;

    ColdStartBench(JobClient client, IsolatedRuntime runtime, FunctionSettings function) {
        this.client = client;
        this.runtime = runtime;
        this.function = function;
    }

    static final String EAGER = "clients built and primed during the init (default)";
    static final String LAZY = "clients built by the first invocation (JOBKIT_LAMBDA_EAGER_INIT=false)";

    /** {@code runs} runs of each variant, alternating; keyed by {@link #EAGER} and {@link #LAZY}. */
    java.util.Map<String, List<Run>> run(int runs) {
        IsolatedRuntime lazy = runtime.withEnvironment(java.util.Map.of("JOBKIT_LAMBDA_EAGER_INIT", "false"));
        java.util.Map<String, List<Run>> results = new java.util.LinkedHashMap<>();
        results.put(EAGER, new ArrayList<>());
        results.put(LAZY, new ArrayList<>());
        for (int i = 0; i < runs; i++) {
            results.get(EAGER).add(once(runtime));
            results.get(LAZY).add(once(lazy));
        }
        return results;
    }

    private Run once(IsolatedRuntime runtime) {
        String id = client.enqueue("demo.noop", java.util.Map.of("cold", true));
        SQSEvent event = receiveOne();
        Instant start = Instant.now();
        try (IsolatedEnvironment env = runtime.start(function)) {
            Instant ready = Instant.now();
            InvocationResult result = env.invoke(UUID.randomUUID().toString(), event, Instant.now().plus(function.timeout()));
            Instant done = Instant.now();
            if (!(result instanceof InvocationResult.Response r) || r.response() == null
                    || !r.response().getBatchItemFailures().isEmpty()) {
                throw new IllegalStateException("the cold invocation did not succeed: " + result);
            }
            JobStatus status = client.get(id).map(Job::status).orElse(null);
            if (status != JobStatus.SUCCEEDED) throw new IllegalStateException("job " + id + " is " + status);
            return new Run(env.initDuration().toMillis(), Duration.between(ready, done).toMillis(),
                    Duration.between(start, done).toMillis());
        }
    }

    private SQSEvent receiveOne() {
        QueueDef normal = client.topology().queue("normal");
        String url = client.runtime().queues().url(normal);
        List<Message> messages = List.of();
        while (messages.isEmpty()) {
            messages = client.runtime().sqs().receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(1).waitTimeSeconds(5)
                    .visibilityTimeout(60).messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                    .messageAttributeNames("All")).messages();
        }
        return SqsEvents.event(messages, client.runtime().queues().arn(normal));
    }
}
