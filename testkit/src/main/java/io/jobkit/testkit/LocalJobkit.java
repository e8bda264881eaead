package io.jobkit.testkit;

import io.jobkit.client.JobClient;
import io.jobkit.client.provision.Provisioner;
import io.jobkit.client.topology.Topology;
import io.jobkit.handlers.JobHandlers;
import io.jobkit.handlers.worker.Worker;
import io.jobkit.handlers.worker.WorkerOptions;
import io.jobkit.local.LocalCloud;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One test class's jobkit on the shared local cloud: its own prefix, so its queues, DLQs, table and schedule group
 * are its own, a {@link JobClient} for it, and workers that stop when the class is done. Handed out by
 * {@link JobkitExtension}.
 */
public final class LocalJobkit {
    private final LocalCloud cloud;
    private final SqsClient sqs;
    private final DynamoDbClient dynamo;
    private final SchedulerClient scheduler;
    private final Topology topology;
    private final JobClient client;
    private final List<Worker> workers = new ArrayList<>();

    LocalJobkit(LocalCloud cloud, SqsClient sqs, DynamoDbClient dynamo, SchedulerClient scheduler, Topology topology) {
        this.cloud = cloud;
        this.sqs = sqs;
        this.dynamo = dynamo;
        this.scheduler = scheduler;
        this.topology = topology;
        Provisioner.of(sqs, dynamo, scheduler, topology).provision();
        this.client = JobClient.builder().sqsClient(sqs).dynamoDbClient(dynamo).schedulerClient(scheduler)
                .schedulerRoleArn(LocalCloud.SCHEDULER_ROLE_ARN).topology(topology).build();
    }

    /** This class's topology (prefix {@code tk<n>...}), already provisioned. */
    public Topology topology() {
        return topology;
    }

    /** A client for this class's queues and table; shared by the class, closed after it. */
    public JobClient client() {
        return client;
    }

    /**
     * A worker for this class's queues running {@code handlers}, started; stopped (gracefully) after the class. Poll
     * wait is 1 s so a test's last job does not hold shutdown for 20 s.
     */
    public Worker startWorker(JobHandlers handlers) {
        return startWorker(handlers, o -> { });
    }

    public Worker startWorker(JobHandlers handlers, Consumer<WorkerOptions.Builder> options) {
        WorkerOptions.Builder b = WorkerOptions.builder().pollWait(Duration.ofSeconds(1)).shutdownTimeout(Duration.ofSeconds(5));
        options.accept(b);
        Worker worker = Worker.create(client, handlers, b.build()).start();
        synchronized (workers) {
            workers.add(worker);
        }
        return worker;
    }

    /**
     * The environment a separate process (the CLI, a worker, a Spring application) needs for this class's jobkit:
     * endpoints, region, credentials, {@code JOBKIT_PREFIX} and the scheduler role.
     */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        cloud.clientEnvironment().forEach((k, v) -> {
            if (!k.startsWith("JOBKIT_")) env.put(k, v);
        });
        env.put("JOBKIT_PREFIX", topology.prefix());
        env.put("JOBKIT_SCHEDULER_ROLE_ARN", LocalCloud.SCHEDULER_ROLE_ARN);
        return env;
    }

    /**
     * The same as {@link #environment()} as the Spring Boot starter's {@code jobkit.*} properties, e.g. for
     * {@code @DynamicPropertySource}: {@code jobkit.getSpringProperties().forEach((k, v) -> registry.add(k, () -> v))}.
     */
    public Map<String, String> springProperties() {
        Map<String, String> env = environment();
        Map<String, String> p = new LinkedHashMap<>();
        p.put("jobkit.prefix", topology.prefix());
        p.put("jobkit.scheduler-role-arn", LocalCloud.SCHEDULER_ROLE_ARN);
        p.put("jobkit.aws.region", env.get("AWS_REGION"));
        p.put("jobkit.aws.sqs-endpoint", env.get("AWS_ENDPOINT_URL_SQS"));
        p.put("jobkit.aws.dynamodb-endpoint", env.get("AWS_ENDPOINT_URL_DYNAMODB"));
        p.put("jobkit.aws.scheduler-endpoint", env.get("AWS_ENDPOINT_URL_SCHEDULER"));
        p.put("jobkit.aws.access-key-id", LocalCloud.ACCESS_KEY_ID);
        p.put("jobkit.aws.secret-access-key", LocalCloud.SECRET_ACCESS_KEY);
        return p;
    }

    public SqsClient sqs() {
        return sqs;
    }

    public DynamoDbClient dynamoDb() {
        return dynamo;
    }

    public SchedulerClient scheduler() {
        return scheduler;
    }

    /** The shared cloud itself, e.g. to tick its scheduler. */
    public LocalCloud cloud() {
        return cloud;
    }

    void close() {
        synchronized (workers) {
            for (Worker w : workers) w.close();
            workers.clear();
        }
        client.close();
    }
}
