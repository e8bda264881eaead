package io.jobkit.client.internal;

import io.jobkit.client.JobkitException;
import io.jobkit.client.queues.RedriveMethod;
import io.jobkit.client.queues.RedriveProgress;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Moves messages from one queue to another where {@code StartMessageMoveTask} is not available.
 *
 * <ol>
 *   <li>Count the source's messages: the loop moves at most that many, so messages that fail again and come back
 *       while it runs are not moved round in circles (SQS's move task behaves the same).</li>
 *   <li>Receive up to 10 (invisible for {@link #VISIBILITY} meanwhile), send them to the destination with their body
 *       and every message attribute (the worker recognises a redriven copy by {@code jobkit-dlq-cycle}).</li>
 *   <li>Delete from the source only the messages whose send succeeded. A send that failed leaves its message in the
 *       source, visible again after the timeout; a crash between send and delete leaves both copies. So an
 *       interruption can duplicate a message — the worker drops the second copy of a cycle — but never lose one.</li>
 *   <li>Pace to {@code maxPerSecond} when given; report progress after every batch; stop when the count is reached
 *       or the source is empty.</li>
 * </ol>
 */
final class MoveLoop {
    static final Duration VISIBILITY = Duration.ofSeconds(60);
    private static final int MAX_FAILED_ROUNDS = 5;

    private final SqsClient sqs;

    MoveLoop(SqsClient sqs) {
        this.sqs = sqs;
    }

    /** The outcome: messages moved, and the reason when it stopped early. */
    record Outcome(long moved, long total, String failureReason, Duration elapsed) {
    }

    Outcome move(String fromUrl, String toUrl, boolean fifo, long total, Integer maxPerSecond,
                 Consumer<RedriveProgress> progress) {
        long start = System.nanoTime();
        long moved = 0;
        int failedRounds = 0;
        String failure = null;
        while (moved < total) {
            int want = (int) Math.min(10, total - moved);
            if (maxPerSecond != null) want = Math.min(want, maxPerSecond);
            int batchSize = want;
            // a 1 s long poll asks every SQS server, so an empty answer really means empty
            List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(fromUrl).maxNumberOfMessages(batchSize)
                    .waitTimeSeconds(1).visibilityTimeout((int) VISIBILITY.toSeconds()).messageAttributeNames("All")
                    .messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID)).messages();
            if (batch.isEmpty()) break;
            int sent = sendThenDelete(fromUrl, toUrl, fifo, batch);
            moved += sent;
            if (sent < batch.size()) {
                failedRounds++;
                if (failedRounds >= MAX_FAILED_ROUNDS) {
                    failure = (batch.size() - sent) + " message(s) could not be sent to the destination "
                            + MAX_FAILED_ROUNDS + " times in a row; they are still in the source queue";
                    break;
                }
            } else {
                failedRounds = 0;
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            progress.accept(new RedriveProgress(RedriveMethod.MOVE_LOOP, "RUNNING", moved, total, elapsed));
            if (maxPerSecond != null) pace(moved, maxPerSecond, elapsed);
        }
        return new Outcome(moved, total, failure, Duration.ofNanos(System.nanoTime() - start));
    }

    /** Sends the batch and deletes what was sent; returns how many were moved. */
    private int sendThenDelete(String fromUrl, String toUrl, boolean fifo, List<Message> batch) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        Map<String, Message> byEntryId = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            Message m = batch.get(i);
            String id = Integer.toString(i);
            byEntryId.put(id, m);
            SendMessageBatchRequestEntry.Builder e = SendMessageBatchRequestEntry.builder().id(id).messageBody(m.body())
                    .messageAttributes(m.messageAttributes());
            if (fifo) {
                String group = m.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID);
                // the DLQ message id as deduplication id: a loop restarted within 5 minutes does not send it twice
                e.messageGroupId(group != null ? group : "jobkit").messageDeduplicationId(m.messageId());
            }
            entries.add(e.build());
        }
        SendMessageBatchResponse response;
        try {
            response = sqs.sendMessageBatch(r -> r.queueUrl(toUrl).entries(entries));
        } catch (RuntimeException e) {
            return 0;  // nothing deleted: the messages become visible in the source again
        }
        List<DeleteMessageBatchRequestEntry> deletes = new ArrayList<>();
        for (SendMessageBatchResultEntry ok : response.successful()) {
            deletes.add(DeleteMessageBatchRequestEntry.builder().id(ok.id())
                    .receiptHandle(byEntryId.get(ok.id()).receiptHandle()).build());
        }
        if (!deletes.isEmpty()) {
            // a failed delete leaves a sent message in the source too: it is moved twice, never lost
            sqs.deleteMessageBatch(r -> r.queueUrl(fromUrl).entries(deletes));
        }
        return response.successful().size();
    }

    private static void pace(long moved, int maxPerSecond, Duration elapsed) {
        long due = moved * 1000 / maxPerSecond;
        long ahead = due - elapsed.toMillis();
        if (ahead <= 0) return;
        try {
            Thread.sleep(ahead);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobkitException("interrupted while redriving; moved messages stay moved, the rest stay in the DLQ", e);
        }
    }
}
