package io.jobkit.client.queues;

import java.time.Duration;

/**
 * One queue's depth as SQS reports it (approximate counts, as every SQS count is), with its dead-letter queue.
 *
 * @param queue             the logical queue name ({@code normal}, {@code reports})
 * @param sqsName           the SQS queue name ({@code <prefix>-normal})
 * @param visible           messages ready to be received ({@code ApproximateNumberOfMessages})
 * @param inFlight          received and not yet deleted: running jobs, and retries waiting out their backoff
 *                          ({@code ApproximateNumberOfMessagesNotVisible})
 * @param delayed           sent with a delay that has not passed ({@code ApproximateNumberOfMessagesDelayed})
 * @param dlqSqsName        the SQS name of the queue's DLQ
 * @param dlqDepth          every message in the DLQ: visible, in flight and delayed
 * @param oldestAge         age of the oldest message seen in a sample of the queue, or null when not sampled; see
 *                          {@link io.jobkit.client.JobClient#queueStats(String, boolean)}
 * @param dlqOldestAge      age of the oldest dead letter seen in a sample of up to 10, or null when the DLQ is empty
 */
public record QueueStats(String queue, String sqsName, long visible, long inFlight, long delayed, String dlqSqsName,
                         long dlqDepth, Duration oldestAge, Duration dlqOldestAge) {
}
