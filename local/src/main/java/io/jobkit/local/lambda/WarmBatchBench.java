package io.jobkit.local.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.jobkit.client.EnqueueRequest;
import io.jobkit.client.JobClient;
import io.jobkit.client.topology.QueueDef;
import io.jobkit.handlers.JobContext;
import io.jobkit.handlers.JobHandler;
import io.jobkit.handlers.JobHandlers;
import io.jobkit.handlers.lambda.JobLambdaHandler;
import io.jobkit.handlers.lambda.LambdaOptions;
import io.jobkit.handlers.processor.JobProcessor;
import io.jobkit.handlers.processor.ReceivedMessage;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The warm path, measured per batch of 10 {@code demo.noop} jobs, every variant on fresh jobs in the same round so
 * that they share the machine's noise.
 *
 * <ul>
 *   <li>{@code handler}: the job handler called directly ten times (the work itself).</li>
 *   <li>{@code processor}: {@code JobProcessor.process} for each record in turn: jobkit's claim and outcome writes.</li>
 *   <li>{@code entrypoint p=1} / {@code p=4}: {@code JobLambdaHandler.handleRequest} in this JVM, parallelism 1 and 4.</li>
 *   <li>{@code RIC p=4}: the same batch through a warm isolated environment (JSON over the local Runtime API).</li>
 * </ul>
 */
final class WarmBatchBench {
    static final int BATCH = 10;

    private final JobClient client;
    private final JobHandlers handlers;
    private final FunctionEnvironment isolated;
    private final QueueDef queue;
    private final String url;
    private final String arn;

    WarmBatchBench(JobClient client, JobHandlers handlers, FunctionEnvironment isolated) {
        this.client = client;
        this.handlers = handlers;
        this.isolated = isolated;
        this.queue = client.topology().queue("normal");
        this.url = client.runtime().queues().url(queue);
        this.arn = client.runtime().queues().arn(queue);
    }

    /** Milliseconds per batch for each variant, one entry per measured round. */
    Map<String, List<Double>> run(int warmup, int rounds) throws Exception {
        Map<String, List<Double>> millis = new LinkedHashMap<>();
        try (JobProcessor processor = new JobProcessor(client, handlers, LambdaOptions.defaults().processor());
             JobLambdaHandler sequential = new JobLambdaHandler(client, handlers, LambdaOptions.builder().parallelism(1).build());
             JobLambdaHandler parallel = new JobLambdaHandler(client, handlers, LambdaOptions.defaults())) {
            Map<String, Function<SQSEvent, Object>> variants = new LinkedHashMap<>();
            variants.put("handler", this::direct);
            variants.put("processor", e -> sequentially(processor, e));
            variants.put("entrypoint p=1", e -> sequential.handleRequest(e, null));
            variants.put("entrypoint p=4", e -> parallel.handleRequest(e, null));
            if (isolated != null) {
                variants.put("RIC p=4", e -> isolated.invoke(UUID.randomUUID().toString(), e, Instant.now().plusSeconds(60)));
            }
            for (int round = 0; round < warmup + rounds; round++) {
                for (Map.Entry<String, Function<SQSEvent, Object>> v : variants.entrySet()) {
                    SQSEvent batch = freshBatch();
                    long begin = System.nanoTime();
                    v.getValue().apply(batch);
                    double took = (System.nanoTime() - begin) / 1e6;
                    if (round >= warmup) millis.computeIfAbsent(v.getKey(), k -> new ArrayList<>()).add(took);
                }
            }
        }
        client.runtime().sqs().purgeQueue(r -> r.queueUrl(url));
        return millis;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Object direct(SQSEvent event) {
        JobHandlers.Registration registration = handlers.find("demo.noop").orElseThrow();
        JobHandler handler = registration.handler();
        try {
            for (SQSEvent.SQSMessage ignored : event.getRecords()) handler.handle(null, NoContext.INSTANCE);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return null;
    }

    private Object sequentially(JobProcessor processor, SQSEvent event) {
        for (SQSEvent.SQSMessage r : event.getRecords()) {
            Map<String, String> attributes = new HashMap<>();
            r.getMessageAttributes().forEach((k, v) -> attributes.put(k, v.getStringValue()));
            processor.process(new ReceivedMessage(r.getMessageId(), r.getReceiptHandle(), r.getBody(), queue, 1, null,
                    null, attributes), null);
        }
        return null;
    }

    private SQSEvent freshBatch() {
        List<EnqueueRequest> jobs = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) jobs.add(EnqueueRequest.of("demo.noop", Map.of("i", i)));
        client.enqueueAll(jobs);
        List<Message> messages = new ArrayList<>();
        while (messages.size() < BATCH) {
            messages.addAll(client.runtime().sqs().receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(BATCH - messages.size())
                    .waitTimeSeconds(1).visibilityTimeout(120).messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                    .messageAttributeNames("All")).messages());
        }
        return SqsEvents.event(messages, arn);
    }

    /** The least a handler can be given: nothing is recorded. */
    private enum NoContext implements JobContext {
        INSTANCE;

        public String jobId() {
            return "bench";
        }

        public String type() {
            return "demo.noop";
        }

        public int attempt() {
            return 1;
        }

        public int maxAttempts() {
            return 1;
        }

        public String queue() {
            return "normal";
        }

        public Instant deadline() {
            return Instant.MAX;
        }

        public Duration remaining() {
            return Duration.ofDays(1);
        }

        public void progress(int percent, String message) {
        }

        public void log(String format, Object... args) {
        }

        public boolean isCancelled() {
            return false;
        }

        public String cancelReason() {
            return null;
        }

        public JobClient client() {
            return null;
        }
    }
}
