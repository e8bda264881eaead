package io.jobkit.client.provision;

import io.jobkit.client.topology.JobTable;
import io.jobkit.client.topology.QueueDef;
import io.jobkit.client.topology.Topology;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ConflictException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Creates jobkit's resources for a {@link Topology} where no CDK stack does: the local cloud, LocalStack, a test
 * account. Idempotent: what exists is brought to the topology's settings, nothing is deleted.
 *
 * <ol>
 *   <li>Each queue's DLQ first (14 days' retention, so a person has time to look), then the queue with a redrive
 *       policy pointing at it.</li>
 *   <li>The jobs table: on-demand, composite key, the sharded status index, TTL on {@link JobTable#TTL_ATTRIBUTE}.</li>
 *   <li>The schedule group, when a Scheduler client is given.</li>
 * </ol>
 */
public final class Provisioner {
    static final String DLQ_RETENTION_SECONDS = String.valueOf(14 * 24 * 3600);

    private final SqsClient sqs;
    private final DynamoDbClient dynamo;
    private final SchedulerClient scheduler;
    private final Topology topology;
    private final java.time.Duration jobRetention;

    private Provisioner(SqsClient sqs, DynamoDbClient dynamo, SchedulerClient scheduler, Topology topology,
                        java.time.Duration jobRetention) {
        this.sqs = sqs;
        this.dynamo = dynamo;
        this.scheduler = scheduler;
        this.topology = topology;
        this.jobRetention = jobRetention;
    }

    private Provisioner(SqsClient sqs, DynamoDbClient dynamo, SchedulerClient scheduler, Topology topology) {
        this(sqs, dynamo, scheduler, topology, null);
    }

    /**
     * The same provisioner, also checking the clients' job retention ({@code JOBKIT_RETENTION}) against each queue's
     * message retention, as the CDK app does: a finished record that TTL removes while a copy of its message can
     * still be in the queue (a duplicate delivery, a message put back) would run again as a brand-new job.
     * {@link #provision()} then refuses a retention shorter than any queue's.
     */
    public Provisioner jobRetention(java.time.Duration retention) {
        return new Provisioner(sqs, dynamo, scheduler, topology, retention);
    }

    /** A provisioner for queues and table; the schedule group is skipped. */
    public static Provisioner of(SqsClient sqs, DynamoDbClient dynamo, Topology topology) {
        return new Provisioner(sqs, dynamo, null, topology);
    }

    /** A provisioner for queues, table and schedule group. */
    public static Provisioner of(SqsClient sqs, DynamoDbClient dynamo, SchedulerClient scheduler, Topology topology) {
        return new Provisioner(sqs, dynamo, scheduler, topology);
    }

    /** Creates or updates everything; returns what it provisioned. */
    public ProvisionedResources provision() {
        List<ProvisionedResources.Queue> queues = new ArrayList<>();
        for (QueueDef q : topology.queues()) {
            queues.add(provisionQueue(q));
        }
        provisionTable();
        if (scheduler != null) provisionScheduleGroup();
        return new ProvisionedResources(List.copyOf(queues), topology.tableName(),
                scheduler != null ? topology.scheduleGroup() : null);
    }

    private ProvisionedResources.Queue provisionQueue(QueueDef q) {
        Map<QueueAttributeName, String> dlqAttributes = new HashMap<>();
        dlqAttributes.put(QueueAttributeName.MESSAGE_RETENTION_PERIOD, DLQ_RETENTION_SECONDS);
        if (q.fifo()) dlqAttributes.put(QueueAttributeName.FIFO_QUEUE, "true");
        String dlqUrl = createOrUpdate(topology.dlqSqsName(q), dlqAttributes);
        String dlqArn = sqs.getQueueAttributes(r -> r.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);

        Map<QueueAttributeName, String> attributes = new HashMap<>();
        attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, String.valueOf(q.visibilityTimeout().toSeconds()));
        attributes.put(QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":" + Topology.MAX_RECEIVE_COUNT + "}");
        if (q.fifo()) {
            attributes.put(QueueAttributeName.FIFO_QUEUE, "true");
            // EventBridge Scheduler sends to FIFO queues without a deduplication id, so they need content-based
            // deduplication (as the CDK stack sets it); jobkit's own sends carry an explicit id, which still wins
            attributes.put(QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true");
        }
        String url = createOrUpdate(topology.sqsName(q), attributes);
        if (jobRetention != null) checkRetention(q, url);
        return new ProvisionedResources.Queue(q.name(), url, dlqUrl);
    }

    /** SQS's default message retention, which jobkit's provisioning keeps for job queues. */
    static final long DEFAULT_QUEUE_RETENTION_SECONDS = 4 * 24 * 3600;

    private void checkRetention(QueueDef q, String url) {
        String seconds = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.MESSAGE_RETENTION_PERIOD))
                .attributes().get(QueueAttributeName.MESSAGE_RETENTION_PERIOD);
        java.time.Duration queueRetention = java.time.Duration.ofSeconds(seconds == null || seconds.isBlank()
                ? DEFAULT_QUEUE_RETENTION_SECONDS : Long.parseLong(seconds.trim()));
        if (jobRetention.compareTo(queueRetention) < 0) {
            throw new io.jobkit.client.JobValidationException("JOBKIT_RETENTION " + io.jobkit.client.Durations.format(jobRetention)
                    + " is shorter than the message retention of queue " + q.name() + " ("
                    + io.jobkit.client.Durations.format(queueRetention) + "): a finished job's record could expire while"
                    + " a copy of its message is still in the queue, and that copy would run as a new job; set"
                    + " JOBKIT_RETENTION to at least " + io.jobkit.client.Durations.format(queueRetention));
        }
    }

    private String createOrUpdate(String name, Map<QueueAttributeName, String> attributes) {
        try {
            return sqs.createQueue(r -> r.queueName(name).attributes(attributes)).queueUrl();
        } catch (QueueNameExistsException e) {
            // Exists with other attributes: bring it to the topology's settings. FifoQueue cannot change; drop it.
            String url = sqs.getQueueUrl(r -> r.queueName(name)).queueUrl();
            Map<QueueAttributeName, String> mutable = new HashMap<>(attributes);
            mutable.remove(QueueAttributeName.FIFO_QUEUE);
            sqs.setQueueAttributes(r -> r.queueUrl(url).attributes(mutable));
            return url;
        }
    }

    private void provisionTable() {
        String table = topology.tableName();
        try {
            dynamo.createTable(r -> r.tableName(table)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                            attribute(JobTable.PARTITION_KEY), attribute(JobTable.SORT_KEY),
                            attribute(JobTable.STATUS_INDEX_PARTITION_KEY), attribute(JobTable.STATUS_INDEX_SORT_KEY))
                    .keySchema(key(JobTable.PARTITION_KEY, KeyType.HASH), key(JobTable.SORT_KEY, KeyType.RANGE))
                    .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                            .indexName(JobTable.STATUS_INDEX)
                            .keySchema(key(JobTable.STATUS_INDEX_PARTITION_KEY, KeyType.HASH),
                                    key(JobTable.STATUS_INDEX_SORT_KEY, KeyType.RANGE))
                            .projection(Projection.builder().projectionType(ProjectionType.INCLUDE)
                                    .nonKeyAttributes(JobTable.STATUS_INDEX_PROJECTION).build())
                            .build()));
        } catch (ResourceInUseException e) {
            // already there
        }
        dynamo.waiter().waitUntilTableExists(r -> r.tableName(table));
        TimeToLiveDescription ttl = dynamo.describeTimeToLive(r -> r.tableName(table)).timeToLiveDescription();
        if (ttl == null || ttl.timeToLiveStatus() != TimeToLiveStatus.ENABLED) {
            dynamo.updateTimeToLive(r -> r.tableName(table).timeToLiveSpecification(
                    s -> s.enabled(true).attributeName(JobTable.TTL_ATTRIBUTE)));
        }
    }

    private void provisionScheduleGroup() {
        try {
            scheduler.createScheduleGroup(r -> r.name(topology.scheduleGroup()));
        } catch (ConflictException e) {
            // already there
        }
    }

    private static AttributeDefinition attribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
