package io.jobkit.handlers.processor;

import io.jobkit.client.spi.QueueDirectory;
import io.jobkit.client.topology.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Putting a message back for later without it counting against the job.
 *
 * <ol>
 *   <li>SQS counts every receive towards the redrive policy's limit, even ones that put a message back without a
 *       failure (early, a copy of a job running elsewhere, a type at its limit). A message close to the limit is
 *       re-sent as a fresh copy — same body and attributes, a new receive count — and the old one deleted, so only
 *       real crash loops ever reach the DLQ that way. (FIFO queues keep the visibility change: a copy would move to
 *       the end of its group.)</li>
 *   <li>SQS refuses a visibility that would keep a message hidden more than 12 hours after it was received; delays
 *       are clamped to what this receive still allows, less a margin for Lambda's batching window. The job record
 *       (not-before, next attempt) makes a message that comes back early wait again.</li>
 * </ol>
 */
final class PutBacks {
    /** Receives after which a put-back sends a fresh copy instead. */
    static final int WORN_AT = Topology.MAX_RECEIVE_COUNT - 10;
    static final Duration VISIBILITY_LIMIT = Duration.ofHours(12);
    private static final Duration MARGIN = Duration.ofMinutes(10);
    private static final Duration MAX_SEND_DELAY = Duration.ofMinutes(15);
    private static final Logger LOG = LoggerFactory.getLogger(PutBacks.class);

    private final SqsClient sqs;
    private final QueueDirectory queues;

    PutBacks(SqsClient sqs, QueueDirectory queues) {
        this.sqs = sqs;
        this.queues = queues;
    }

    /** What to do with {@code m} so that it comes back after about {@code delay}. */
    Disposition putBack(ReceivedMessage m, Duration delay) {
        Duration allowed = clamp(m, delay);
        if (m.receiveCount() >= WORN_AT && !m.queue().fifo()) {
            try {
                freshCopy(m, allowed.compareTo(MAX_SEND_DELAY) > 0 ? MAX_SEND_DELAY : allowed);
                return new Disposition.Delete();
            } catch (RuntimeException e) {
                LOG.warn("message {} has been received {} times and could not be re-sent fresh ({}); putting it back",
                        m.messageId(), m.receiveCount(), e.toString());
            }
        }
        return new Disposition.ReturnAfter(allowed);
    }

    /** The longest visibility SQS still accepts for this receive, at most {@code wanted}. */
    static Duration clamp(ReceivedMessage m, Duration wanted) {
        Duration left = VISIBILITY_LIMIT.minus(Duration.between(m.receivedAt(), Instant.now())).minus(MARGIN);
        if (left.isNegative()) left = Duration.ZERO;
        return wanted.compareTo(left) > 0 ? Duration.ofSeconds(left.toSeconds()) : wanted;
    }

    private void freshCopy(ReceivedMessage m, Duration delay) {
        Map<String, MessageAttributeValue> attributes = new HashMap<>();
        m.messageAttributes().forEach((name, value) -> attributes.put(name, MessageAttributeValue.builder()
                .dataType(name.equals(DeadLetters.CYCLE_ATTRIBUTE) ? "Number" : "String").stringValue(value).build()));
        sqs.sendMessage(r -> r.queueUrl(queues.url(m.queue())).messageBody(m.body()).messageAttributes(attributes)
                .delaySeconds((int) delay.toSeconds()));
    }
}
