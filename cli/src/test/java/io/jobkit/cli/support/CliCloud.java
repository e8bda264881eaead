package io.jobkit.cli.support;

import io.jobkit.cli.JobkitCli;
import io.jobkit.client.JobClient;
import io.jobkit.client.provision.Provisioner;
import io.jobkit.client.topology.QueueDef;
import io.jobkit.client.topology.Topology;
import io.jobkit.handlers.JobHandlers;
import io.jobkit.handlers.processor.ProcessorOptions;
import io.jobkit.handlers.worker.Worker;
import io.jobkit.handlers.worker.WorkerOptions;
import io.jobkit.local.LocalCloud;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One test's slice of the shared local cloud: its own topology prefix, the environment a process would get, the
 * real CLI entry point run in-process against it, and helpers to look inside its queues.
 */
public final class CliCloud {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final ProcessorOptions FAST = ProcessorOptions.builder().leaseDuration(Duration.ofSeconds(3))
            .heartbeatInterval(Duration.ofSeconds(1)).cancelGrace(Duration.ofSeconds(2)).build();

    private final LocalCloud cloud;
    private final Topology topology;
    private final SqsClient sqs;
    private final DynamoDbClient dynamo;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    CliCloud(LocalCloud cloud) {
        this.cloud = cloud;
        this.topology = Topology.builder().prefix("c" + SEQUENCE.incrementAndGet() + "x"
                + Long.toString(System.nanoTime() % 46656, 36)).build();
        this.sqs = cloud.sqsClient();
        this.dynamo = cloud.dynamoDbClient();
        try (SchedulerClient scheduler = cloud.schedulerClient()) {
            Provisioner.of(sqs, dynamo, scheduler, topology).provision();
        }
    }

    public Topology topology() {
        return topology;
    }

    public SqsClient sqs() {
        return sqs;
    }

    /** The environment a process would get: endpoints, region, credentials, and this test's JOBKIT_PREFIX. */
    public Map<String, String> environment() {
        Map<String, String> env = new HashMap<>(cloud.clientEnvironment());
        env.put("JOBKIT_PREFIX", topology.prefix());
        return env;
    }

    /** Runs {@code jobkit args...} through the real entry point with {@link #environment()}. */
    public CliRun run(String... args) {
        return run(environment(), args);
    }

    public CliRun run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = JobkitCli.commandLine(env, new PrintWriter(out), new PrintWriter(err), false).execute(args);
        return new CliRun(exit, out.toString(), err.toString());
    }

    public JobClient client() {
        JobClient client = JobClient.fromEnvironment(environment());
        closeables.add(client);
        return client;
    }

    /**
     * The local SQS event source on {@code queue} of this topology, invoking {@code handlers} in process, with its
     * mapping served by the cloud's local Lambda API; stopped when the test ends.
     */
    public io.jobkit.local.lambda.LocalEventSource startLambda(JobHandlers handlers, String queue) {
        JobClient client = client();
        io.jobkit.local.lambda.LocalEventSource source = io.jobkit.local.lambda.LocalEventSource.start(client,
                io.jobkit.local.lambda.LocalFunction.inProcess(io.jobkit.local.lambda.FunctionSettings.of(1),
                        cloud.region().id(), () -> new io.jobkit.handlers.lambda.JobLambdaHandler(client, handlers,
                                io.jobkit.handlers.lambda.LambdaOptions.builder().build())),
                io.jobkit.local.lambda.EventSourceOptions.builder().queues(List.of(queue)).build());
        cloud.lambdaApi().register(source);
        closeables.add(0, source);
        return source;
    }

    /** The local Lambda API's endpoint (AWS_ENDPOINT_URL_LAMBDA). */
    public java.net.URI lambdaEndpoint() {
        return cloud.lambdaEndpoint();
    }

    /** A container worker on this topology with fast leases and 1 s polls; stopped when the test ends. */
    public Worker startWorker(JobHandlers handlers) {
        Worker worker = Worker.create(client(), handlers, WorkerOptions.builder().pollWait(Duration.ofSeconds(1))
                .shutdownTimeout(Duration.ofSeconds(5)).heartbeatInterval(Duration.ofSeconds(1)).processor(FAST).build()).start();
        closeables.add(0, worker);
        return worker;
    }

    public String queueUrl(String queue) {
        QueueDef q = topology.queue(queue);
        return sqs.getQueueUrl(r -> r.queueName(topology.sqsName(q))).queueUrl();
    }

    public String dlqUrl(String queue) {
        QueueDef q = topology.queue(queue);
        return sqs.getQueueUrl(r -> r.queueName(topology.dlqSqsName(q))).queueUrl();
    }

    /** Receives and deletes every message of a queue. */
    public List<Message> drain(String queueUrl) {
        List<Message> all = new ArrayList<>();
        while (true) {
            List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0)
                    .visibilityTimeout(60).messageAttributeNames("All")
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            if (batch.isEmpty()) return all;
            all.addAll(batch);
            for (Message m : batch) sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
        }
    }

    void close() {
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception e) {
                // best effort: the next test has its own prefix
            }
        }
        sqs.close();
        dynamo.close();
    }
}
