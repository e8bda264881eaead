package io.jobkit.client.internal;

import io.jobkit.client.Job;
import io.jobkit.client.spi.OutgoingMessage;
import io.jobkit.client.spi.QueueDirectory;
import io.jobkit.client.topology.QueueDef;
import io.jobkit.client.wire.Envelope;
import io.jobkit.client.wire.EnvelopeCodec;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

import java.util.Map;

/**
 * Sends a job's stored envelope to its queue again (a manual retry, a reconciler repair), with the attributes the
 * workers route by. On a FIFO queue it keeps the job's message group, and takes a deduplication id of its own: the
 * original one may still be inside SQS's 5-minute deduplication window.
 */
final class StoredEnvelopes {
    private final SqsClient sqs;
    private final QueueDirectory queues;

    StoredEnvelopes(SqsClient sqs, QueueDirectory queues) {
        this.sqs = sqs;
        this.queues = queues;
    }

    /** @param dedupSuffix appended to the job id for the FIFO deduplication id; unique per re-send */
    void send(Job job, String body, String dedupSuffix) {
        QueueDef queue = queues.topology().queue(job.queue());
        SendMessageRequest.Builder send = SendMessageRequest.builder().queueUrl(queues.url(queue)).messageBody(body)
                .messageAttributes(Map.of(OutgoingMessage.TYPE_ATTRIBUTE, string(job.type()),
                        OutgoingMessage.ID_ATTRIBUTE, string(job.id())));
        if (queue.fifo()) {
            Envelope envelope = EnvelopeCodec.decode(body);
            String group = envelope.options() != null && envelope.options().groupKey() != null
                    ? envelope.options().groupKey() : job.id();
            send.messageGroupId(group).messageDeduplicationId(job.id() + dedupSuffix);
        }
        sqs.sendMessage(send.build());
    }

    private static MessageAttributeValue string(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
