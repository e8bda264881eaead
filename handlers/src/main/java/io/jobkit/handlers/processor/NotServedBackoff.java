package io.jobkit.handlers.processor;

import java.time.Duration;

/**
 * How long a message of a type this worker does not serve goes back: 1 s after its first receive, doubling per
 * receive, at most 60 s. Short at first, because on a queue shared by workers of different types the next receive is
 * likely another worker's; bounded, so a type that nobody serves costs one receive and one visibility change per
 * message per minute rather than a busy loop.
 */
final class NotServedBackoff {
    static final Duration FIRST = Duration.ofSeconds(1);
    static final Duration CAP = Duration.ofSeconds(60);

    private NotServedBackoff() {
    }

    static Duration after(int receiveCount) {
        int doublings = Math.min(6, Math.max(0, receiveCount - 1));
        Duration d = FIRST.multipliedBy(1L << doublings);
        return d.compareTo(CAP) > 0 ? CAP : d;
    }
}
