package io.jobkit.client.internal;

import io.jobkit.client.spi.QueueDirectory;
import io.jobkit.client.spi.OutgoingMessage;

import io.jobkit.client.JobValidationException;
import io.jobkit.client.queues.DeadLetter;
import io.jobkit.client.queues.QueueStats;
import io.jobkit.client.topology.QueueDef;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads queues without disturbing them: depths from {@code GetQueueAttributes}, and peeks at messages.
 *
 * <p>SQS has no way to read a message without receiving it. A peek therefore receives with a short visibility
 * timeout (so paging sees each message once) and then makes every peeked message visible again at once with
 * {@code ChangeMessageVisibilityBatch}. While the peek runs — and for at most {@link #PEEK_VISIBILITY} should the
 * process die in between — those messages are invisible, and each peek adds one to their receive count. That is
 * harmless in a DLQ (nothing consumes it and it has no redrive policy of its own), which is why only DLQs are peeked
 * by default: in a working queue each peek would count towards the redrive policy's {@code maxReceiveCount}.
 */
public final class QueueInspector {
    /** How long a peeked message stays invisible if the peeking process dies before releasing it. */
    public static final Duration PEEK_VISIBILITY = Duration.ofSeconds(30);
    public static final int MAX_PEEK = 1000;
    private static final int AGE_SAMPLE = 10;

    private final SqsClient sqs;
    private final QueueDirectory queues;
    private final Clock clock;

    public QueueInspector(SqsClient sqs, QueueDirectory queues, Clock clock) {
        this.sqs = sqs;
        this.queues = queues;
        this.clock = clock;
    }

    /**
     * Depths of the queue and its DLQ. The oldest dead letter's age comes from a sample of up to 10 DLQ messages; the
     * queue's own oldest age only when {@code sampleQueueAge} (see the class comment for what sampling costs).
     */
    public QueueStats stats(QueueDef queue, boolean sampleQueueAge) {
        String url = queues.url(queue);
        String dlqUrl = queues.dlqUrl(queue);
        Map<QueueAttributeName, String> main = depths(url);
        Map<QueueAttributeName, String> dlq = depths(dlqUrl);
        long dlqDepth = count(dlq, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)
                + count(dlq, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)
                + count(dlq, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED);
        long visible = count(main, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
        Duration oldest = sampleQueueAge && visible > 0 ? oldestAge(url) : null;
        Duration dlqOldest = count(dlq, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES) > 0 ? oldestAge(dlqUrl) : null;
        return new QueueStats(queue.name(), queues.topology().sqsName(queue), visible,
                count(main, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE),
                count(main, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED),
                queues.topology().dlqSqsName(queue), dlqDepth, oldest, dlqOldest);
    }

    /** Up to {@code limit} messages of the queue's DLQ, left in place (see the class comment). */
    public List<DeadLetter> peekDeadLetters(QueueDef queue, int limit) {
        if (limit < 1 || limit > MAX_PEEK) {
            throw new JobValidationException("peek limit " + limit + " is out of range; use 1 to " + MAX_PEEK);
        }
        List<DeadLetter> letters = new ArrayList<>();
        for (Message m : peek(queues.dlqUrl(queue), limit)) letters.add(toDeadLetter(m));
        return letters;
    }

    /** Deletes every message in the queue's DLQ; returns how many there were just before. */
    public long purgeDeadLetters(QueueDef queue) {
        String dlqUrl = queues.dlqUrl(queue);
        Map<QueueAttributeName, String> before = depths(dlqUrl);
        sqs.purgeQueue(r -> r.queueUrl(dlqUrl));
        return count(before, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)
                + count(before, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)
                + count(before, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED);
    }

    /** Visible + in flight + delayed messages of an SQS queue. */
    public long depth(String url) {
        Map<QueueAttributeName, String> a = depths(url);
        return count(a, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)
                + count(a, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)
                + count(a, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED);
    }

    private Duration oldestAge(String url) {
        // one receive of up to 10 with visibility 0: the messages stay visible, and the sample needs no release
        List<Message> sample = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(AGE_SAMPLE).waitTimeSeconds(0)
                .visibilityTimeout(0).messageSystemAttributeNames(MessageSystemAttributeName.SENT_TIMESTAMP)).messages();
        Instant now = clock.instant();
        Duration oldest = null;
        for (Message m : sample) {
            Instant sent = sentAt(m);
            if (sent == null) continue;
            Duration age = Duration.between(sent, now);
            if (age.isNegative()) age = Duration.ZERO;
            if (oldest == null || age.compareTo(oldest) > 0) oldest = age;
        }
        return oldest;
    }

    private List<Message> peek(String url, int limit) {
        Map<String, Message> seen = new LinkedHashMap<>();
        List<String> receipts = new ArrayList<>();
        try {
            while (seen.size() < limit) {
                int want = Math.min(10, limit - seen.size());
                List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(want).waitTimeSeconds(0)
                        .visibilityTimeout((int) PEEK_VISIBILITY.toSeconds()).messageAttributeNames("All")
                        .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
                if (batch.isEmpty()) break;
                for (Message m : batch) {
                    receipts.add(m.receiptHandle());
                    seen.putIfAbsent(m.messageId(), m);
                }
            }
        } finally {
            release(url, receipts);
        }
        return new ArrayList<>(seen.values()).subList(0, Math.min(limit, seen.size()));
    }

    private void release(String url, List<String> receipts) {
        for (int from = 0; from < receipts.size(); from += 10) {
            List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
            List<String> chunk = receipts.subList(from, Math.min(receipts.size(), from + 10));
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(i))
                        .receiptHandle(chunk.get(i)).visibilityTimeout(0).build());
            }
            sqs.changeMessageVisibilityBatch(r -> r.queueUrl(url).entries(entries));
        }
    }

    private DeadLetter toDeadLetter(Message m) {
        Map<String, MessageAttributeValue> a = m.messageAttributes();
        Integer cycle = null;
        String cycleText = text(a, DeadLetter.CYCLE_ATTRIBUTE);
        if (cycleText != null) {
            try {
                cycle = Integer.parseInt(cycleText.trim());
            } catch (NumberFormatException e) {
                cycle = null;  // not written by jobkit; shown as absent
            }
        }
        Instant at = null;
        String atText = text(a, DeadLetter.AT_ATTRIBUTE);
        if (atText != null) {
            try {
                at = Instant.parse(atText);
            } catch (DateTimeParseException e) {
                at = null;
            }
        }
        if (at == null) at = sentAt(m);
        String receives = m.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
        return new DeadLetter(m.messageId(), text(a, OutgoingMessage.ID_ATTRIBUTE), text(a, OutgoingMessage.TYPE_ATTRIBUTE),
                text(a, DeadLetter.REASON_ATTRIBUTE), text(a, DeadLetter.SOURCE_ATTRIBUTE), cycle, at,
                receives == null ? 0 : Integer.parseInt(receives), m.body());
    }

    private Map<QueueAttributeName, String> depths(String url) {
        return sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
    }

    private static long count(Map<QueueAttributeName, String> attributes, QueueAttributeName name) {
        String v = attributes.get(name);
        return v == null ? 0 : Long.parseLong(v);
    }

    private static Instant sentAt(Message m) {
        String sent = m.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP);
        return sent == null ? null : Instant.ofEpochMilli(Long.parseLong(sent));
    }

    private static String text(Map<String, MessageAttributeValue> attributes, String name) {
        MessageAttributeValue v = attributes.get(name);
        return v == null ? null : v.stringValue();
    }
}
