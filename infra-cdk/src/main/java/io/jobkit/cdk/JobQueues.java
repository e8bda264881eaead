package io.jobkit.cdk;

import io.jobkit.client.topology.QueueDef;
import io.jobkit.client.topology.Topology;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.amazon.awscdk.services.sqs.QueueProps;
import software.constructs.Construct;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One SQS queue and its DLQ per topology queue.
 *
 * <ol>
 *   <li>The DLQ first: same encryption, TLS-only policy, the longer DLQ retention; both are retained on stack
 *       deletion when deletion protection is on.</li>
 *   <li>Then the queue, with a redrive policy at {@link Topology#MAX_RECEIVE_COUNT} (the poison-message safety net;
 *       jobkit moves exhausted jobs to the DLQ itself) and a visibility timeout derived from its consumer.</li>
 * </ol>
 */
final class JobQueues {

    /** A topology queue and the two SQS queues that implement it. */
    record JobQueue(QueueDef def, Queue queue, Queue dlq) {
    }

    private JobQueues() {
    }

    static List<JobQueue> create(Construct scope, JobKitProps props, IKey key) {
        Construct parent = new Construct(scope, "Queues");
        Topology topology = props.topology();
        List<JobQueue> out = new ArrayList<>();
        for (QueueDef def : topology.queues()) {
            Queue dlq = new Queue(parent, def.name() + "-dlq", base(def, key, props)
                    .queueName(topology.dlqSqsName(def))
                    .retentionPeriod(cdk(props.dlqRetention()))
                    .build());
            Queue queue = new Queue(parent, def.name(), base(def, key, props)
                    .queueName(topology.sqsName(def))
                    .retentionPeriod(cdk(props.queueRetention()))
                    .visibilityTimeout(cdk(visibilityTimeout(def, props.worker(def.name()))))
                    .deadLetterQueue(DeadLetterQueue.builder().queue(dlq).maxReceiveCount(Topology.MAX_RECEIVE_COUNT).build())
                    .build());
            out.add(new JobQueue(def, queue, dlq));
        }
        return List.copyOf(out);
    }

    private static QueueProps.Builder base(QueueDef def, IKey key, JobKitProps props) {
        QueueProps.Builder b = QueueProps.builder()
                // Adds a queue policy denying every sqs:* request made without TLS (aws:SecureTransport=false).
                .enforceSsl(true)
                // With deletion protection the queues outlive the stack like the table: deleting the stack must not
                // drop queued jobs or the DLQ evidence of failed ones.
                .removalPolicy(removalPolicy(props));
        if (key != null) {
            b.encryption(QueueEncryption.KMS).encryptionMasterKey(key);
        } else {
            // SSE-SQS: encrypted at rest at no cost, and EventBridge Scheduler can send without KMS permissions.
            b.encryption(QueueEncryption.SQS_MANAGED);
        }
        if (def.fifo()) {
            // Recurring schedules cannot pass a deduplication id; content-based deduplication lets their sends into
            // a FIFO queue succeed. An explicit MessageDeduplicationId (what JobClient sends) still wins.
            b.fifo(true).contentBasedDeduplication(true);
        }
        return b;
    }

    /** RETAIN under deletion protection (queues, DLQs, table, key), DESTROY for throw-away stacks. */
    static RemovalPolicy removalPolicy(JobKitProps props) {
        return props.deletionProtection() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    }

    /**
     * A Lambda-served queue needs at least 6 × the function timeout + the batching window (AWS's guidance for SQS
     * event sources); other consumers extend visibility themselves, so the topology's value stands.
     */
    static Duration visibilityTimeout(QueueDef def, QueueWorkerOptions worker) {
        if (worker.runtime() != WorkerRuntime.LAMBDA) return def.visibilityTimeout();
        Duration lambda = worker.lambdaVisibilityTimeout();
        return lambda.compareTo(def.visibilityTimeout()) > 0 ? lambda : def.visibilityTimeout();
    }

    static software.amazon.awscdk.Duration cdk(Duration d) {
        return software.amazon.awscdk.Duration.seconds(d.toSeconds());
    }
}
