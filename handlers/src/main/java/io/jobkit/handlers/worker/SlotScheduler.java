package io.jobkit.handlers.worker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which queue may take the worker's free slots, so the worker never runs more than its concurrency and
 * urgent queues go first.
 *
 * <ul>
 *   <li><b>Strict priority.</b> A queue may receive, and start what it received, only while no queue before it in
 *       the worker's list has a known backlog ("hungry": its last receive filled the batch, or it received messages
 *       it had no slot for). Until its first receive a queue counts as hungry, so a worker starting on a backlog
 *       serves it in priority order from the first job.</li>
 *   <li><b>Starvation guard.</b> A queue held back by priority for {@code starvationInterval} may receive anyway,
 *       so low-priority work still moves under sustained high-priority load.</li>
 *   <li><b>No prefetch.</b> A hungry queue reserves its slots before a short receive (1 s wait: its messages are
 *       there); an idle queue long-polls without reserving — it would otherwise pin slots for up to 20 s — and takes
 *       slots only for what arrives; anything it cannot start goes straight back to the queue.</li>
 *   <li><b>Except where a receive is an attempt.</b> A queue tracked {@code none} counts a job's attempts by SQS's
 *       receive count, so a message handed back unstarted would lose an attempt (and a {@code maxAttempts(1)} job
 *       would go to the DLQ without ever running). Such a queue's idle long poll reserves one slot and asks for one
 *       message, so it receives only what it can start; a message makes it hungry, and a backlog is then received
 *       in reserved batches like any other.</li>
 *   <li><b>Batching.</b> A hungry queue waits up to {@link #GATHER} for several slots to free up before it receives,
 *       so a busy worker asks SQS for messages a few at a time instead of once per finished job. Its messages wait
 *       in a backlog anyway; the gather adds at most that much to their queueing time.</li>
 * </ul>
 */
final class SlotScheduler {
    /** A permission to receive: how many messages to ask for, how long to wait, and whether slots are reserved. */
    record Turn(String queue, int maxMessages, Duration pollWait, boolean reserved) {
    }

    /**
     * How long a hungry queue may wait for more free slots to receive a fuller batch. At 25 ms and half a batch a
     * busy worker received about 4 messages per ReceiveMessage; waiting up to 100 ms for a full one brings SQS
     * requests per job under 0.35 (see the benchmark) while a backlog's jobs wait at most that much longer.
     */
    static final Duration GATHER = Duration.ofMillis(100);

    private final List<String> order;
    private final int total;
    private final Map<String, Integer> queueLimits;
    private final Duration pollWait;
    private final Duration starvationInterval;
    private final Clock clock;
    private final java.util.Set<String> receiveIsAnAttempt;
    private final Map<String, Integer> queueInUse = new HashMap<>();
    private final Map<String, Boolean> hungry = new HashMap<>();
    private final Map<String, Instant> heldBackSince = new HashMap<>();
    private final Map<String, Long> gatheringSince = new HashMap<>();
    private int inUse;
    private boolean closed;

    SlotScheduler(List<String> order, int total, Map<String, Integer> queueLimits, Duration pollWait,
                  Duration starvationInterval, Clock clock) {
        this(order, total, queueLimits, pollWait, starvationInterval, clock, java.util.Set.of());
    }

    /** @param receiveIsAnAttempt queues whose receives count as attempts (tracked {@code none}): never handed back */
    SlotScheduler(List<String> order, int total, Map<String, Integer> queueLimits, Duration pollWait,
                  Duration starvationInterval, Clock clock, java.util.Set<String> receiveIsAnAttempt) {
        this.receiveIsAnAttempt = java.util.Set.copyOf(receiveIsAnAttempt);
        this.order = List.copyOf(order);
        this.total = total;
        this.queueLimits = Map.copyOf(queueLimits);
        this.pollWait = pollWait;
        this.starvationInterval = starvationInterval;
        this.clock = clock;
        order.forEach(q -> {
            queueInUse.put(q, 0);
            hungry.put(q, true);
        });
    }

    /** Blocks until {@code queue} may receive; null once the scheduler is closed. */
    synchronized Turn awaitTurn(String queue) throws InterruptedException {
        while (!closed) {
            int free = free(queue);
            if (free > 0) {
                boolean heldBack = higherIsHungry(queue);
                if (!heldBack || starved(queue)) {
                    heldBackSince.remove(queue);
                    int max = Math.min(10, free);
                    if (hungry.get(queue)) {
                        long waitMore = gatherMillisLeft(queue, max);
                        if (waitMore > 0) {
                            wait(waitMore);
                            continue;
                        }
                        gatheringSince.remove(queue);
                        reserve(queue, max);
                        return new Turn(queue, max, Duration.ofSeconds(Math.min(1, pollWait.toSeconds())), true);
                    }
                    if (receiveIsAnAttempt.contains(queue)) {
                        // one slot, so an idle queue never pins the others' slots; what it receives makes it hungry,
                        // and its next turns are the short reserved polls of a backlog
                        reserve(queue, 1);
                        return new Turn(queue, 1, pollWait, true);
                    }
                    return new Turn(queue, max, pollWait, false);
                }
                heldBackSince.putIfAbsent(queue, clock.instant());
            }
            wait(heldBackSince.containsKey(queue) ? Math.max(1, starvationInterval.toMillis() / 4) : 1000);
        }
        return null;
    }

    /**
     * Takes slots for {@code received} messages of a turn and returns how many may start; the caller returns the
     * rest to the queue. Updates the queue's backlog estimate.
     */
    synchronized int admit(Turn turn, int received) {
        String q = turn.queue();
        int admitted;
        if (turn.reserved()) {
            release(q, turn.maxMessages() - received);
            admitted = received;
        } else if (higherIsHungry(q) && !starved(q)) {
            admitted = 0; // a higher queue became hungry during this long poll: it gets the slots
        } else {
            admitted = Math.min(received, free(q));
            reserve(q, admitted);
        }
        hungry.put(q, received >= turn.maxMessages() || admitted < received);
        notifyAll();
        return admitted;
    }

    /** A job of {@code queue} finished: its slot is free again. */
    synchronized void release(String queue) {
        release(queue, 1);
    }

    synchronized int inUse() {
        return inUse;
    }

    synchronized void close() {
        closed = true;
        notifyAll();
    }

    private int free(String queue) {
        return Math.min(total - inUse, queueFree(queue));
    }

    private int queueFree(String queue) {
        return queueLimits.getOrDefault(queue, total) - queueInUse.get(queue);
    }

    /** A hungry queue at its own concurrency limit cannot use a slot, so it does not hold others back. */
    private boolean higherIsHungry(String queue) {
        for (String q : order) {
            if (q.equals(queue)) return false;
            if (hungry.get(q) && queueFree(q) > 0) return true;
        }
        return false;
    }

    /** Milliseconds a hungry queue should still wait for a fuller batch; 0 when it should receive now. */
    private long gatherMillisLeft(String queue, int free) {
        int target = Math.min(10, Math.min(queueLimits.getOrDefault(queue, total), total));
        if (free >= Math.max(1, target)) return 0;
        long now = System.nanoTime();
        long since = gatheringSince.computeIfAbsent(queue, q -> now);
        return Math.max(0, GATHER.toMillis() - (now - since) / 1_000_000);
    }

    private boolean starved(String queue) {
        Instant since = heldBackSince.get(queue);
        return since != null && !clock.instant().isBefore(since.plus(starvationInterval));
    }

    private void reserve(String queue, int n) {
        inUse += n;
        queueInUse.merge(queue, n, Integer::sum);
    }

    private void release(String queue, int n) {
        if (n <= 0) return;
        inUse -= n;
        queueInUse.merge(queue, -n, Integer::sum);
        notifyAll();
    }
}
