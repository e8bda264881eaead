package io.jobkit.client.spi;

import io.jobkit.client.JobkitException;
import io.jobkit.client.topology.QueueDef;
import io.jobkit.client.topology.Topology;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Resolves the topology's queues to SQS URLs and ARNs once, and caches them. */
public final class QueueDirectory {
    private final SqsClient sqs;
    private final Topology topology;
    private final ConcurrentMap<String, String> urls = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, String> arns = new ConcurrentHashMap<>();

    public QueueDirectory(SqsClient sqs, Topology topology) {
        this.sqs = sqs;
        this.topology = topology;
    }

    public Topology topology() {
        return topology;
    }

    public String url(QueueDef queue) {
        return urlOf(topology.sqsName(queue));
    }

    public String dlqUrl(QueueDef queue) {
        return urlOf(topology.dlqSqsName(queue));
    }

    public String arn(QueueDef queue) {
        return arnOf(url(queue));
    }

    public String dlqArn(QueueDef queue) {
        return arnOf(dlqUrl(queue));
    }

    private String urlOf(String sqsName) {
        return urls.computeIfAbsent(sqsName, name -> {
            try {
                return sqs.getQueueUrl(r -> r.queueName(name)).queueUrl();
            } catch (QueueDoesNotExistException e) {
                throw new JobkitException("SQS queue '" + name + "' does not exist; provision the jobkit topology first"
                        + " (local/run up locally, cdk deploy on AWS) or check JOBKIT_PREFIX and AWS_ENDPOINT_URL_SQS", e);
            }
        });
    }

    private String arnOf(String url) {
        return arns.computeIfAbsent(url, u -> sqs.getQueueAttributes(r -> r.queueUrl(u)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN));
    }
}
