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

    List<Run> run(int runs) {
        List<Run> results = new ArrayList<>();
        for (int i = 0; i < runs; i++) results.add(once());
        return results;
    }

    private Run once() {
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
