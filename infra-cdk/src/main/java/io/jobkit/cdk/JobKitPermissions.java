package io.jobkit.cdk;

import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.GrantOnPrincipalOptions;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.kms.IKey;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Exactly the IAM actions jobkit's code calls, per role: a producer ({@code JobClient} enqueue), a reader (status,
 * listings), an admin (schedules, DLQ redrive) and a worker. Every statement names its resources; the only
 * wildcards are the schedule-name pattern inside the jobkit group and ListSchedules (which has no resource type),
 * both suppressed in cdk-nag with their reason.
 */
final class JobKitPermissions {
    static final List<String> SQS_SEND = List.of("sqs:SendMessage", "sqs:GetQueueUrl", "sqs:GetQueueAttributes");
    static final List<String> SQS_INSPECT = List.of("sqs:GetQueueAttributes", "sqs:GetQueueUrl");
    static final List<String> SQS_CONSUME = List.of("sqs:ReceiveMessage", "sqs:DeleteMessage",
            "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes");
    static final List<String> SQS_DLQ_ADMIN = List.of("sqs:ReceiveMessage", "sqs:DeleteMessage",
            "sqs:ChangeMessageVisibility", "sqs:PurgeQueue", "sqs:GetQueueAttributes",
            "sqs:StartMessageMoveTask", "sqs:ListMessageMoveTasks", "sqs:CancelMessageMoveTask");
    /** TransactWriteItems is authorised per item by these same actions. */
    static final List<String> TABLE_WRITE = List.of("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:GetItem",
            "dynamodb:DeleteItem", "dynamodb:ConditionCheckItem", "dynamodb:BatchWriteItem");
    /**
     * What an enqueuer writes: new job items (a conditional TransactWriteItems, or BatchWriteItem for batches) and
     * dedup items, the read of a dedup key's holder, the mark-failed UpdateItem of a job whose send failed, and the
     * DeleteItem that releases its dedup key. Split by partition key below.
     */
    static final List<String> ENQUEUE_ITEM_WRITE = List.of("dynamodb:PutItem", "dynamodb:GetItem",
            "dynamodb:ConditionCheckItem", "dynamodb:BatchWriteItem");
    static final List<String> ENQUEUE_JOB_UPDATE = List.of("dynamodb:UpdateItem");
    static final List<String> ENQUEUE_DEDUP_DELETE = List.of("dynamodb:DeleteItem");
    /** Partition-key prefixes (see the store's JobItems): job status/envelope items and dedup items. */
    static final String JOB_KEYS = "JOB#*";
    static final String DEDUP_KEYS = "DEDUP#*";
    static final List<String> TABLE_READ = List.of("dynamodb:GetItem", "dynamodb:Query");
    static final List<String> INDEX_READ = List.of("dynamodb:Query");
    static final List<String> SCHEDULE_WRITE = List.of("scheduler:CreateSchedule", "scheduler:DeleteSchedule",
            "scheduler:GetSchedule");
    /** On top of enqueue's create/delete/get: pause, resume and edit recurring schedules. */
    static final List<String> SCHEDULE_ADMIN = List.of("scheduler:UpdateSchedule");
    static final List<String> SCHEDULE_LIST = List.of("scheduler:ListSchedules");
    /** The console's own items: queue pause controls and audit entries (one PutItem each). */
    static final List<String> CONSOLE_ITEM_WRITE = List.of("dynamodb:PutItem");
    static final List<String> CONSOLE_KEYS = List.of("QUEUE#*", "AUDIT#*");
    /**
     * Sign-in items shared by the console's execution environments: revoked sessions ({@code SESSION#<id>}: PutItem
     * on sign-out, GetItem on each cookie call) and spent OIDC states and codes ({@code OIDC#...}: a conditional
     * PutItem). Table reads are already allowed by {@link #read}; this adds the writes, on those keys only.
     */
    static final List<String> SESSION_ITEM_WRITE = List.of("dynamodb:PutItem");
    static final List<String> SESSION_KEYS = List.of("SESSION#*", "OIDC#*");
    /** The session key, read once per execution environment. */
    static final List<String> SESSION_SECRET_READ = List.of("secretsmanager:GetSecretValue");
    /** Workers cleanup deletes stale heartbeat items, all in the WORKERS partition. */
    static final List<String> WORKER_CLEANUP = List.of("dynamodb:DeleteItem");
    static final String WORKER_KEYS = "WORKERS";
    /** Queue pause finds the queue's mappings (no resource type in IAM: '*')... */
    static final List<String> LAMBDA_LIST_MAPPINGS = List.of("lambda:ListEventSourceMappings");
    /** ...and disables or enables exactly the mappings this app deployed. */
    static final List<String> LAMBDA_UPDATE_MAPPING = List.of("lambda:UpdateEventSourceMapping");
    /** SQS SendMessage to a KMS queue and DynamoDB writes to a KMS table. */
    static final List<String> KMS_WRITE = List.of("kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey");
    static final List<String> KMS_READ = List.of("kms:Decrypt", "kms:DescribeKey");

    private final List<JobQueues.JobQueue> queues;
    private final Table table;
    private final SchedulerAccess scheduler;
    private final IKey key;

    JobKitPermissions(List<JobQueues.JobQueue> queues, Table table, SchedulerAccess scheduler, IKey key) {
        this.queues = queues;
        this.table = table;
        this.scheduler = scheduler;
        this.key = key;
    }

    /**
     * What {@code JobClient} needs to enqueue, batch, schedule and deduplicate, and no more: item writes only under
     * the job and dedup partitions, UpdateItem only on job items (marking a failed enqueue), DeleteItem only on
     * dedup items (releasing the key of that failed enqueue). IAM cannot say "only items this caller created" and
     * cannot require a condition expression, so an enqueuer can still overwrite a job item whose id it knows with a
     * PutItem, mark a QUEUED job failed, or release a dedup key; it can no longer delete jobs or touch worker,
     * lease or other items outside those partitions.
     */
    Grant enqueue(IGrantable grantee) {
        String tableArn = table.getTableArn();
        Grant g = allow(grantee, SQS_SEND, queueArns())
                .combine(allowKeys(grantee, ENQUEUE_ITEM_WRITE, tableArn, List.of(JOB_KEYS, DEDUP_KEYS)))
                .combine(allowKeys(grantee, ENQUEUE_JOB_UPDATE, tableArn, List.of(JOB_KEYS)))
                .combine(allowKeys(grantee, ENQUEUE_DEDUP_DELETE, tableArn, List.of(DEDUP_KEYS)))
                .combine(allow(grantee, SCHEDULE_WRITE, List.of(scheduler.scheduleArnPattern)))
                .combine(passSchedulerRole(grantee));
        if (key != null) g = g.combine(allow(grantee, KMS_WRITE, List.of(key.getKeyArn())));
        NagRules.scheduleWildcard(grantee, scheduler.groupName);
        return g;
    }

    /** Job status and listings, queue and DLQ depths, schedule listings. */
    Grant read(IGrantable grantee) {
        Grant g = allow(grantee, TABLE_READ, List.of(table.getTableArn()))
                .combine(allow(grantee, INDEX_READ, List.of(JobsTable.statusIndexArn(table))))
                .combine(allow(grantee, SQS_INSPECT, concat(queueArns(), dlqArns())))
                .combine(allow(grantee, List.of("scheduler:GetSchedule"), List.of(scheduler.scheduleArnPattern)))
                .combine(allow(grantee, SCHEDULE_LIST, List.of("*")));
        if (key != null) g = g.combine(allow(grantee, KMS_READ, List.of(key.getKeyArn())));
        NagRules.scheduleWildcard(grantee, scheduler.groupName);
        NagRules.listSchedules(grantee);
        return g;
    }

    /** Enqueue + read, schedule updates, and DLQ inspection, purge and redrive (SQS message move tasks). */
    Grant admin(IGrantable grantee) {
        return enqueue(grantee)
                .combine(read(grantee))
                .combine(allow(grantee, SCHEDULE_ADMIN, List.of(scheduler.scheduleArnPattern)))
                .combine(allow(grantee, SQS_DLQ_ADMIN, dlqArns()));
    }

    /**
     * The admin console: what its routes call, route by route.
     * <ul>
     *   <li>jobs list/get/logs, stats, workers, audit read, schedules list/get: {@link #read} (Query and GetItem on
     *       the table and status index, GetQueueAttributes, GetSchedule, ListSchedules)</li>
     *   <li>enqueue, cancel, retry, bulk, schedule trigger and put/delete: {@link #enqueue} (SendMessage, job and
     *       dedup item writes, Create/Delete/GetSchedule, PassRole to the scheduler) plus UpdateSchedule</li>
     *   <li>DLQ peek, redrive, purge: the DLQ actions of {@link #admin} (Receive, ChangeMessageVisibility, Delete,
     *       PurgeQueue, StartMessageMoveTask, ListMessageMoveTasks, CancelMessageMoveTask)</li>
     *   <li>queue pause/resume and every audit entry: PutItem on {@code QUEUE#*} and {@code AUDIT#*} items; and
     *       ListEventSourceMappings (on '*') with UpdateEventSourceMapping on {@code mappingArns}</li>
     *   <li>workers cleanup: DeleteItem in the {@code WORKERS} partition</li>
     *   <li>browser sessions: PutItem on {@code SESSION#*} (sign-out) and {@code OIDC#*} (spent states and codes);
     *       GetSecretValue on the session key's secret</li>
     * </ul>
     */
    Grant console(IGrantable grantee, List<String> mappingArns, String sessionSecretArn) {
        String tableArn = table.getTableArn();
        Grant g = admin(grantee)
                .combine(allowKeys(grantee, CONSOLE_ITEM_WRITE, tableArn, CONSOLE_KEYS))
                .combine(allowKeys(grantee, SESSION_ITEM_WRITE, tableArn, SESSION_KEYS))
                .combine(allow(grantee, SESSION_SECRET_READ, List.of(sessionSecretArn)))
                .combine(allowKeys(grantee, WORKER_CLEANUP, tableArn, List.of(WORKER_KEYS)));
        if (!mappingArns.isEmpty()) {
            g = g.combine(allow(grantee, LAMBDA_LIST_MAPPINGS, List.of("*")))
                    .combine(allow(grantee, LAMBDA_UPDATE_MAPPING, mappingArns));
            NagRules.listEventSourceMappings(grantee);
        }
        return g;
    }

    /**
     * A worker: consume its own queues (unless an SQS event source already grants that), send to every queue and
     * DLQ (follow-up jobs; exhausted jobs moved to the DLQ by the worker), read and write the table including the
     * status index, and schedule long retries.
     */
    Grant worker(IGrantable grantee, List<JobQueues.JobQueue> own, boolean consume) {
        Grant g = allow(grantee, SQS_SEND, concat(queueArns(), dlqArns()))
                .combine(allow(grantee, concat(TABLE_WRITE, List.of("dynamodb:Query")), List.of(table.getTableArn())))
                .combine(allow(grantee, INDEX_READ, List.of(JobsTable.statusIndexArn(table))))
                .combine(allow(grantee, SCHEDULE_WRITE, List.of(scheduler.scheduleArnPattern)))
                .combine(passSchedulerRole(grantee));
        if (consume) {
            g = g.combine(allow(grantee, SQS_CONSUME, own.stream().map(q -> q.queue().getQueueArn()).toList()));
        }
        if (key != null) g = g.combine(allow(grantee, KMS_WRITE, List.of(key.getKeyArn())));
        NagRules.scheduleWildcard(grantee, scheduler.groupName);
        return g;
    }

    /** Creating a schedule hands it the scheduler role; only to the scheduler service. */
    private Grant passSchedulerRole(IGrantable grantee) {
        return Grant.addToPrincipal(GrantOnPrincipalOptions.builder()
                .grantee(grantee)
                .actions(List.of("iam:PassRole"))
                .resourceArns(List.of(scheduler.role.getRoleArn()))
                .conditions(Map.of("StringEquals", Map.of("iam:PassedToService", SchedulerAccess.SERVICE)))
                .build());
    }

    /** Item actions limited to partition keys matching {@code prefixes} ({@code dynamodb:LeadingKeys}). */
    private static Grant allowKeys(IGrantable grantee, List<String> actions, String tableArn, List<String> prefixes) {
        return Grant.addToPrincipal(GrantOnPrincipalOptions.builder()
                .grantee(grantee).actions(actions).resourceArns(List.of(tableArn))
                .conditions(Map.of("ForAllValues:StringLike", Map.of("dynamodb:LeadingKeys", prefixes)))
                .build());
    }

    private static Grant allow(IGrantable grantee, List<String> actions, List<String> resources) {
        return Grant.addToPrincipal(GrantOnPrincipalOptions.builder()
                .grantee(grantee).actions(actions).resourceArns(resources).build());
    }

    private List<String> queueArns() {
        return queues.stream().map(q -> q.queue().getQueueArn()).toList();
    }

    private List<String> dlqArns() {
        return queues.stream().map(q -> q.dlq().getQueueArn()).toList();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).collect(ArrayList::new, ArrayList::add, ArrayList::addAll);
    }
}
