package io.jobkit.client.internal;

import io.jobkit.client.spi.OutgoingMessage;

import io.jobkit.client.JobkitException;
import io.jobkit.client.queues.RedriveMethod;
import io.jobkit.client.queues.RedriveProgress;
import io.jobkit.client.queues.DeadLetter;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;

import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 *   <li>Pace to {@code maxPerSecond} when given; report progress after every batch; stop when the count is reached,
 *       the source is empty, or a batch holds only copies already skipped (the loop went round).</li>
 * </ol>
 *
 * <p><b>Copies dead-lettered after the loop began are skipped.</b> The count alone does not keep the loop off them:
 * a copy the loop moved that fails again and comes back takes the place of an old one still to be read, and moving
 * it would run its job in a second new cycle in one redrive. Which timestamp says when a copy reached the DLQ:
 * <ul>
 *   <li>{@code SentTimestamp} (SQS's own clock, on every message). A copy the worker dead-letters ({@code DeadLetters})
 *       is a new {@code SendMessage} to the DLQ, so it is the DLQ arrival. A copy SQS's redrive policy moves keeps
 *       the send time into the source queue — for anything this loop moved, that is the loop's own send, so it is
 *       after the start too. Every copy that descends from this loop's moves therefore has it at or after the start.</li>
 *   <li>{@code jobkit-dlq-at} (the dead-lettering worker's clock, on worker copies only): also checked, and either
 *       one past the start skips the copy.</li>
 *   <li>Not {@code ApproximateFirstReceiveTimestamp}: it is set by the first receive <i>from the DLQ</i> — this
 *       loop's own receive, or a {@code dlq peek} — so it says nothing about the arrival.</li>
 * </ul>
 * The one copy it cannot date exactly: a message sent to the queue before the start and moved by the redrive policy
 * after it (its arrival is not readable from SQS). It is not one of this loop's messages, so moving it runs its job
 * one cycle, not two. The start is read from the client's {@link Clock} and truncated to milliseconds; a client
 * clock behind SQS's leaves copies that arrived just before the start (safe: they stay in the DLQ, skipped, for the
 * next redrive), a client clock ahead of SQS's narrows the protection by the skew (SigV4 already refuses more than
 * 5 minutes). Skipped copies are made visible again when the loop ends (their receive count grows by one; a DLQ
 * has no redrive policy, so nothing else changes).
 *
 * <p><b>A second copy of the same job and cycle is dropped</b> (deleted from the DLQ once the first one was sent):
 * a worker's dead-letter {@code SendMessage} retried by the SDK after a lost response leaves two identical copies.
 * The worker would drop the second one too ({@code claimRedriven} is conditional on the cycle), but only if the first
 * had already claimed; dropping it here keeps one redrive to one message per job and cycle.
 */
final class MoveLoop {
    static final Duration VISIBILITY = Duration.ofSeconds(60);
    private static final int MAX_FAILED_ROUNDS = 5;

    private final SqsClient sqs;
    private final Clock clock;

    MoveLoop(SqsClient sqs, Clock clock) {
        this.sqs = sqs;
        this.clock = clock;
    }

    /**
     * The outcome: messages moved, copies left in the source because they arrived after the start, second copies of
     * a job and cycle dropped, and the reason when it stopped early.
     */
    record Outcome(long moved, long total, long skipped, long duplicatesDropped, String failureReason, Duration elapsed) {
    }

    /** {@code startedAt}: when the loop began (before the count), the bound for "dead-lettered after the start". */
    Outcome move(String fromUrl, String toUrl, boolean fifo, long total, Instant startedAt, Integer maxPerSecond,
                 Consumer<RedriveProgress> progress) {
        long start = System.nanoTime();
        Instant cutoff = startedAt.truncatedTo(ChronoUnit.MILLIS);
        long moved = 0;
        long dropped = 0;
        int failedRounds = 0;
        String failure = null;
        Map<String, String> skipped = new LinkedHashMap<>();  // message id -> latest receipt handle
        Set<String> movedKeys = new HashSet<>();               // job id + cycle of copies sent in this loop
        while (moved + dropped < total) {
            int want = (int) Math.min(10, total - moved - dropped);
            if (maxPerSecond != null) want = Math.min(want, maxPerSecond);
            int batchSize = want;
            // a 1 s long poll asks every SQS server, so an empty answer really means empty
            List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(fromUrl).maxNumberOfMessages(batchSize)
                    .waitTimeSeconds(1).visibilityTimeout((int) VISIBILITY.toSeconds()).messageAttributeNames("All")
                    .messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID,
                            MessageSystemAttributeName.SENT_TIMESTAMP)).messages();
            if (batch.isEmpty()) break;
            List<Message> movable = new ArrayList<>();
            List<Message> duplicates = new ArrayList<>();
            Set<String> batchKeys = new HashSet<>();
            boolean wentRound = true;
            for (Message m : batch) {
                if (deadLetteredAfter(m, cutoff)) {
                    if (skipped.put(m.messageId(), m.receiptHandle()) == null) wentRound = false;
                    continue;
                }
                wentRound = false;
                String key = jobCycle(m);
                if (key != null && (movedKeys.contains(key) || !batchKeys.add(key))) duplicates.add(m);
                else movable.add(m);
            }
            if (wentRound) break;  // only copies skipped before: every older one has been read
            int sent = movable.isEmpty() ? 0 : sendThenDelete(fromUrl, toUrl, fifo, movable, movedKeys);
            moved += sent;
            // a duplicate goes only once its twin is in the destination; otherwise it stays for the next round
            List<Message> droppable = duplicates.stream().filter(m -> movedKeys.contains(jobCycle(m))).toList();
            dropped += delete(fromUrl, droppable);
            if (sent < movable.size()) {
                failedRounds++;
                if (failedRounds >= MAX_FAILED_ROUNDS) {
                    failure = (movable.size() - sent) + " message(s) could not be sent to the destination "
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
        release(fromUrl, skipped);
        return new Outcome(moved, total, skipped.size(), dropped, failure, Duration.ofNanos(System.nanoTime() - start));
    }

    /** Whether SQS's {@code SentTimestamp} or jobkit's {@code jobkit-dlq-at} is at or after the loop's start. */
    static boolean deadLetteredAfter(Message m, Instant cutoff) {
        String sent = m.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP);
        if (sent != null) {
            try {
                if (!Instant.ofEpochMilli(Long.parseLong(sent)).isBefore(cutoff)) return true;
            } catch (NumberFormatException e) {
                // not SQS's format: fall through to jobkit's attribute
            }
        }
        MessageAttributeValue at = m.messageAttributes().get(DeadLetter.AT_ATTRIBUTE);
        if (at != null && at.stringValue() != null) {
            try {
                return !Instant.parse(at.stringValue().trim()).isBefore(cutoff);
            } catch (DateTimeParseException e) {
                return false;
            }
        }
        return false;
    }

    /** {@code jobId#cycle} of a jobkit dead letter, or null for a message without both (never deduplicated). */
    static String jobCycle(Message m) {
        MessageAttributeValue id = m.messageAttributes().get(OutgoingMessage.ID_ATTRIBUTE);
        MessageAttributeValue cycle = m.messageAttributes().get(DeadLetter.CYCLE_ATTRIBUTE);
        if (id == null || cycle == null || id.stringValue() == null || cycle.stringValue() == null) return null;
        return id.stringValue() + "#" + cycle.stringValue().trim();
    }

    private int delete(String fromUrl, List<Message> messages) {
        if (messages.isEmpty()) return 0;
        List<DeleteMessageBatchRequestEntry> deletes = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            deletes.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i))
                    .receiptHandle(messages.get(i).receiptHandle()).build());
        }
        return sqs.deleteMessageBatch(r -> r.queueUrl(fromUrl).entries(deletes)).successful().size();
    }

    /** Skipped copies become visible again at once, as if the loop had not read them. Best effort: else after the timeout. */
    private void release(String fromUrl, Map<String, String> skipped) {
        List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
        for (String handle : skipped.values()) {
            entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(entries.size()))
                    .receiptHandle(handle).visibilityTimeout(0).build());
            if (entries.size() == 10) {
                changeVisibility(fromUrl, entries);
                entries = new ArrayList<>();
            }
        }
        if (!entries.isEmpty()) changeVisibility(fromUrl, entries);
    }

    private void changeVisibility(String fromUrl, List<ChangeMessageVisibilityBatchRequestEntry> entries) {
        try {
            sqs.changeMessageVisibilityBatch(r -> r.queueUrl(fromUrl).entries(entries));
        } catch (RuntimeException e) {
            // they become visible after VISIBILITY anyway; nothing is lost
        }
    }

    /** Sends the batch and deletes what was sent; returns how many were moved and notes their job and cycle. */
    private int sendThenDelete(String fromUrl, String toUrl, boolean fifo, List<Message> batch, Set<String> movedKeys) {
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
            Message m = byEntryId.get(ok.id());
            deletes.add(DeleteMessageBatchRequestEntry.builder().id(ok.id()).receiptHandle(m.receiptHandle()).build());
            String key = jobCycle(m);
            if (key != null) movedKeys.add(key);
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
