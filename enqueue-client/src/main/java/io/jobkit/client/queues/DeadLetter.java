package io.jobkit.client.queues;

import java.time.Instant;

/**
 * A message in a dead-letter queue, as {@link io.jobkit.client.JobClient#peekDeadLetters(String, int)} shows it.
 * The {@code jobkit-dlq-*} fields are set when a jobkit worker dead-lettered the message; a message moved by SQS's
 * redrive policy (a worker crashed on it {@code maxReceiveCount} times) has none of them.
 *
 * @param messageId      the SQS message id in the DLQ
 * @param jobId          the {@code jobkit-id} attribute, or null for a message without one
 * @param type           the {@code jobkit-type} attribute, or null
 * @param reason         why it was dead-lettered ({@code jobkit-dlq-reason}), or null
 * @param source         the logical queue it came from ({@code jobkit-dlq-source}), or null
 * @param cycle          the attempt cycle it died in ({@code jobkit-dlq-cycle}), or null
 * @param deadLetteredAt when it was dead-lettered ({@code jobkit-dlq-at}, else SQS's SentTimestamp)
 * @param receiveCount   how often the DLQ copy has been received (peeks included)
 * @param body           the message body: the job's envelope
 */
public record DeadLetter(String messageId, String jobId, String type, String reason, String source, Integer cycle,
                         Instant deadLetteredAt, int receiveCount, String body) {
    /** Why the worker dead-lettered the message, in a sentence. */
    public static final String REASON_ATTRIBUTE = "jobkit-dlq-reason";
    /** The logical queue the message came from. */
    public static final String SOURCE_ATTRIBUTE = "jobkit-dlq-source";
    /** The attempt cycle the job died in; a redriven copy starts exactly one fresh cycle. */
    public static final String CYCLE_ATTRIBUTE = "jobkit-dlq-cycle";
    /** When the worker dead-lettered it (ISO-8601). */
    public static final String AT_ATTRIBUTE = "jobkit-dlq-at";
}
