package io.jobkit.handlers.worker;

import io.jobkit.client.control.QueueControls;
import io.jobkit.client.spi.OutgoingMessage;
import io.jobkit.client.topology.QueueDef;
import io.jobkit.handlers.processor.Disposition;
import io.jobkit.handlers.processor.JobProcessor;
import io.jobkit.handlers.processor.ProcessResult;
import io.jobkit.handlers.processor.ReceivedMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Receives one queue's messages for the worker.
 *
 * <ol>
 *   <li>While the queue is paused (its control item, read through {@link QueueControls} at most 5 s old), receive
 *       nothing: look again in a second.</li>
 *   <li>Wait for a turn from the {@link SlotScheduler} (free slots, priority, starvation guard).</li>
 *   <li>Long-poll for at most as many messages as the turn allows.</li>
 *   <li>Start each admitted message on the job executor (a FIFO queue's messages one group at a time, in order);
 *       return the rest at once (visibility 0), and put back a message whose job type is at its concurrency limit
 *       for a growing delay.</li>
 *   <li>A FIFO group's messages waiting behind their running head are kept hidden (visibility extended every
 *       heartbeat), so they neither lapse to other workers nor wear out their receive count; a FIFO message whose
 *       type is at its limit waits in place, hidden, instead of being put back (which would cost a receive each
 *       time and move it towards the DLQ).</li>
 *   <li>On shutdown, return anything received but not started, including a FIFO group's unstarted rest.</li>
 * </ol>
 */
final class QueuePoller implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(QueuePoller.class);
    /** How often a paused queue's poller looks at the (cached) control again. */
    private static final long PAUSED_RECHECK_MILLIS = 1000;

    private final QueueDef queue;
    private final String queueUrl;
    private final SqsClient sqs;
    private final SlotScheduler slots;
    private final TypeLimits typeLimits;
    private final JobProcessor processor;
    private final ExecutorService jobs;
    private final Acknowledger acks;
    private final WorkerStats stats;
    private final int leaseSeconds;
    private final ScheduledExecutorService holds;
    private final QueueControls controls;
    private volatile boolean stopping;

    /** The longest a FIFO message waits in place for its job type's limit before it is put back after all. */
    static final Duration FIFO_TYPE_WAIT = Duration.ofMinutes(5);
    private static final long TYPE_POLL_MILLIS = 200;

    /** @param holds a timer for the non-blocking FIFO visibility holds (they only queue acknowledgements) */
    QueuePoller(QueueDef queue, String queueUrl, SqsClient sqs, SlotScheduler slots, TypeLimits typeLimits,
                JobProcessor processor, ExecutorService jobs, Acknowledger acks, WorkerStats stats,
                ScheduledExecutorService holds, QueueControls controls) {
        this.controls = controls;
        this.queue = queue;
        this.queueUrl = queueUrl;
        this.sqs = sqs;
        this.slots = slots;
        this.typeLimits = typeLimits;
        this.processor = processor;
        this.jobs = jobs;
        this.acks = acks;
        this.stats = stats;
        this.leaseSeconds = (int) Math.max(1, processor.options().leaseDuration().toSeconds());
        this.holds = holds;
    }

    void stop() {
        stopping = true;
    }

    @Override
    public void run() {
        long backoffMillis = 0;
        while (!stopping) {
            SlotScheduler.Turn turn;
            try {
                if (backoffMillis > 0) Thread.sleep(backoffMillis);
                if (controls.isPaused(queue.name())) {
                    Thread.sleep(PAUSED_RECHECK_MILLIS);
                    continue;
                }
                turn = slots.awaitTurn(queue.name());
            } catch (InterruptedException e) {
                break;
            }
            if (turn == null) break;
            List<Message> received;
            try {
                // Received messages stay hidden exactly as long as a lease: if this worker dies before its first
                // heartbeat, the job reappears when its lease expires, not after the queue's longer visibility timeout.
                received = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(turn.maxMessages())
                        .waitTimeSeconds((int) turn.pollWait().toSeconds())
                        .visibilityTimeout(leaseSeconds)
                        .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                        .messageAttributeNames("All")).messages();
                backoffMillis = 0;
            } catch (AbortedException e) {
                slots.admit(turn, 0);
                break;
            } catch (RuntimeException e) {
                slots.admit(turn, 0);
                backoffMillis = Math.min(30_000, Math.max(1000, backoffMillis * 2));
                LOG.warn("receiving from queue {} failed; retrying in {} ms: {}", queue.name(), backoffMillis, e.toString());
                continue;
            }
            if (stopping) {
                slots.admit(turn, 0);
                returnNow(received);
                break;
            }
            int admitted = slots.admit(turn, received.size());
            for (int i = admitted; i < received.size(); i++) {
                acks.changeVisibility(queueUrl, received.get(i).receiptHandle(), 0);
            }
            start(received.subList(0, admitted));
        }
    }

    /**
     * Starts admitted messages on the job pool. On a FIFO queue, one task per message group runs that group's
     * messages one after another in the order SQS gave them, so a group keeps its order even within one batch.
     */
    private void start(List<Message> admitted) {
        if (!queue.fifo()) {
            admitted.forEach(m -> submit(List.of(m)));
            return;
        }
        Map<String, List<Message>> groups = new LinkedHashMap<>();
        for (Message m : admitted) {
            groups.computeIfAbsent(m.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID), g -> new ArrayList<>()).add(m);
        }
        groups.values().forEach(this::submit);
    }

    private void submit(List<Message> inOrder) {
        try {
            jobs.execute(() -> runInOrder(inOrder));
        } catch (RejectedExecutionException e) {
            // the worker began shutting down between receive and start: hand the messages straight back
            inOrder.forEach(m -> slots.release(queue.name()));
            returnNow(inOrder);
        }
    }

    /**
     * Runs {@code messages} one after another; each holds a slot until it is done. A message that does not complete
     * (put back, retried, left) sends the rest straight back, unrun, so nothing overtakes it; so does a stop signal.
     * Messages not yet started are kept hidden while they wait.
     */
    private void runInOrder(List<Message> messages) {
        Set<Message> waiting = new LinkedHashSet<>(messages);
        ScheduledFuture<?> hold = null;
        if (messages.size() > 1 || queue.fifo()) {
            long beat = processor.options().heartbeatInterval().toMillis();
            hold = holds.scheduleAtFixedRate(() -> hide(waiting), beat, beat, TimeUnit.MILLISECONDS);
        }
        try {
            for (int i = 0; i < messages.size(); i++) {
                Message next = messages.get(i);
                boolean stopped = i > 0 && stopping;
                if (stopped || !runOne(next, waiting)) {
                    List<Message> rest = messages.subList(stopped ? i : i + 1, messages.size());
                    synchronized (waiting) {
                        waiting.clear(); // no hold re-hides what goes back now
                    }
                    for (Message later : rest) {
                        slots.release(queue.name());
                        acks.changeVisibility(queueUrl, later.receiptHandle(), 0);
                    }
                    return;
                }
            }
        } finally {
            if (hold != null) hold.cancel(false);
        }
    }

    /** Extends the visibility of messages received but not started (runs on the hold timer; never blocks). */
    private void hide(Set<Message> waiting) {
        synchronized (waiting) {
            for (Message m : waiting) acks.changeVisibility(queueUrl, m.receiptHandle(), leaseSeconds);
        }
    }

    /** Processes one message and acknowledges it; true when it is done (deleted). */
    private boolean runOne(Message m, Set<Message> waiting) {
        ReceivedMessage message = toReceived(m);
        String type = typeLimits.typeOf(message.attribute(OutgoingMessage.TYPE_ATTRIBUTE), message.body());
        if (!typeLimits.tryAcquire(type) && !(queue.fifo() && awaitTypePermit(type))) {
            synchronized (waiting) {
                waiting.remove(m);
            }
            slots.release(queue.name());
            execute(processor.putBack(message, typeLimitDelay(message.receiveCount())), m);
            return false;
        }
        synchronized (waiting) {
            waiting.remove(m); // from here the processor's lease keeper extends it
        }
        try {
            ProcessResult result = processor.process(message, null);
            stats.count(result);
            execute(result.disposition(), m);
            return result.disposition() instanceof Disposition.Delete;
        } finally {
            typeLimits.release(type);
            slots.release(queue.name());
        }
    }

    /**
     * A FIFO message whose type is at its limit waits here, kept hidden by the hold, rather than being put back: a
     * put-back would cost a receive each time and its group cannot move on anyway.
     */
    private boolean awaitTypePermit(String type) {
        long until = System.nanoTime() + FIFO_TYPE_WAIT.toNanos();
        while (!stopping && System.nanoTime() < until) {
            try {
                Thread.sleep(TYPE_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            if (typeLimits.tryAcquire(type)) return true;
        }
        return false;
    }

    private void execute(Disposition d, Message m) {
        if (d instanceof Disposition.Delete) {
            acks.delete(queueUrl, m.receiptHandle());
        } else if (d instanceof Disposition.ReturnAfter after) {
            acks.changeVisibility(queueUrl, m.receiptHandle(), (int) after.delay().toSeconds());
        }
    }

    /**
     * How long a message whose job type is at its limit waits before it is offered again: growing with its receive
     * count (2 s, 4 s, … up to a minute, with jitter), so a long backlog of a capped type does not spin the queue.
     */
    static Duration typeLimitDelay(int receiveCount) {
        long seconds = Math.min(60, 1L << Math.min(6, Math.max(1, receiveCount)));
        return Duration.ofSeconds(seconds - ThreadLocalRandom.current().nextLong(seconds / 4 + 1));
    }

    private void returnNow(List<Message> messages) {
        for (Message m : messages) {
            try {
                sqs.changeMessageVisibility(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle()).visibilityTimeout(0));
            } catch (RuntimeException e) {
                LOG.debug("could not return message {}; it reappears after its visibility timeout", m.messageId());
            }
        }
    }

    private ReceivedMessage toReceived(Message m) {
        Map<String, String> attributes = new HashMap<>();
        m.messageAttributes().forEach((k, v) -> {
            if (v.stringValue() != null) attributes.put(k, v.stringValue());
        });
        Map<MessageSystemAttributeName, String> system = m.attributes();
        String count = system.get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
        String sent = system.get(MessageSystemAttributeName.SENT_TIMESTAMP);
        return new ReceivedMessage(m.messageId(), m.receiptHandle(), m.body(), queue,
                count == null ? 1 : Integer.parseInt(count), sent == null ? null : Instant.ofEpochMilli(Long.parseLong(sent)),
                system.get(MessageSystemAttributeName.MESSAGE_GROUP_ID), attributes);
    }
}
