package io.jobkit.handlers.processor;

import io.jobkit.client.topology.Topology;

import java.time.Duration;

/**
 * How long a message goes back when the store (DynamoDB) failed while processing it: 2 s after the first receive,
 * doubling per receive, at most 15 minutes. SQS's ApproximateReceiveCount is the only memory a message carries
 * across workers, so it is the clock of the backoff; an outage of hours costs a standard queue's message a few dozen
 * receives, and {@link PutBacks} re-sends a worn copy fresh before the redrive policy's limit.
 */
final class StoreBackoff {
    static final Duration FIRST = Duration.ofSeconds(2);
    static final Duration CAP = Duration.ofMinutes(15);
    /** A FIFO message this close to the receive limit is reported loudly: it cannot be refreshed. */
    static final int FIFO_LAST_CHANCE = Topology.MAX_RECEIVE_COUNT - 5;

    private StoreBackoff() {
    }

    static Duration after(int receiveCount) {
        int doublings = Math.min(20, Math.max(0, receiveCount - 1));
        Duration d = FIRST.multipliedBy(1L << doublings);
        return d.compareTo(CAP) > 0 ? CAP : d;
    }
}
