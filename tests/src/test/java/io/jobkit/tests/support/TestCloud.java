package io.jobkit.tests.support;

import io.jobkit.client.JobClient;
import io.jobkit.client.provision.Provisioner;
import io.jobkit.client.topology.QueueDef;
import io.jobkit.client.topology.Topology;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One test's view of the shared local cloud: its own freshly provisioned topology (a unique prefix, so tests never
 * see each other's queues, jobs or schedules), SDK clients, and helpers to look inside queues.
 */
public final class TestCloud {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final Map<String, String> baseEnvironment;
    private final Topology topology;
    private final SqsClient sqs;
    private final DynamoDbClient dynamo;
    private final SchedulerClient scheduler;

    /**
     * @param baseEnvironment endpoints, region and credentials of the backend ({@code AWS_ENDPOINT_URL_SQS}, ...)
     */
    public TestCloud(Map<String, String> baseEnvironment, SqsClient sqs, DynamoDbClient dynamo, Consumer<Topology.Builder> customize) {
        this(baseEnvironment, sqs, dynamo, null, customize);
    }

    /**
     * @param scheduler the backend's EventBridge Scheduler, or null; with one, the topology's schedule group is
     *                  provisioned and {@link #client()} can schedule (role ARN from {@code JOBKIT_SCHEDULER_ROLE_ARN})
     */
    public TestCloud(Map<String, String> baseEnvironment, SqsClient sqs, DynamoDbClient dynamo, SchedulerClient scheduler,
                     Consumer<Topology.Builder> customize) {
        this.baseEnvironment = Map.copyOf(baseEnvironment);
        this.sqs = sqs;
        this.dynamo = dynamo;
        this.scheduler = scheduler;
        Topology.Builder b = Topology.builder().prefix("t" + SEQUENCE.incrementAndGet() + "x" + Long.toString(System.nanoTime() % 46656, 36));
        customize.accept(b);
        this.topology = b.build();
        Provisioner.of(sqs, dynamo, scheduler, topology).provision();
    }

    /** Another isolated topology on the same cloud. */
    public TestCloud fresh(Consumer<Topology.Builder> customize) {
        return new TestCloud(baseEnvironment, sqs, dynamo, scheduler, customize);
    }

    public Topology topology() {
        return topology;
    }

    public SqsClient sqs() {
        return sqs;
    }

    public DynamoDbClient dynamo() {
        return dynamo;
    }

    /** The backend's EventBridge Scheduler client, or null. */
    public SchedulerClient scheduler() {
        return scheduler;
    }

    /** The scheduler role ARN the backend expects on schedules, or null. */
    public String schedulerRoleArn() {
        return baseEnvironment.get("JOBKIT_SCHEDULER_ROLE_ARN");
    }

    /** The process-style environment a JobClient, worker or CLI would get: endpoints, credentials, JOBKIT_PREFIX. */
    public Map<String, String> environment() {
        Map<String, String> env = new java.util.HashMap<>(baseEnvironment);
        env.put("JOBKIT_PREFIX", topology.prefix());
        return env;
    }

    public JobClient client() {
        return client(b -> { });
    }

    public JobClient client(Consumer<JobClient.Builder> customize) {
        JobClient.Builder b = JobClient.builder().sqsClient(sqs).dynamoDbClient(dynamo).topology(topology);
        if (scheduler != null) b.schedulerClient(scheduler).schedulerRoleArn(schedulerRoleArn());
        customize.accept(b);
        return b.build();
    }

    public String queueUrl(String queue) {
        QueueDef q = topology.queue(queue);
        return sqs.getQueueUrl(r -> r.queueName(topology.sqsName(q))).queueUrl();
    }

    public String dlqUrl(String queue) {
        QueueDef q = topology.queue(queue);
        return sqs.getQueueUrl(r -> r.queueName(topology.dlqSqsName(q))).queueUrl();
    }

    /** Visible + in flight + delayed messages of a queue, as SQS reports them. */
    public int depth(String queueUrl) {
        Map<QueueAttributeName, String> a = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED));
    }

    public int visible(String queueUrl) {
        return Integer.parseInt(sqs.getQueueAttributes(r -> r.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    /** Receives (and deletes) every visible message of a queue. */
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
}
