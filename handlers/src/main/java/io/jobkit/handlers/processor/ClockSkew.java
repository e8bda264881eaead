package io.jobkit.handlers.processor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The clock assumption behind leases, and the check that it holds.
 *
 * <p>A lease's expiry is written by the holder's clock ({@code now + lease} at every heartbeat) and compared by a
 * claiming worker against its own clock. A claimer whose clock runs ahead by δ sees the lease expire δ early. The
 * lease survives one missed heartbeat with {@link #marginOf margin} {@code lease − 2 × heartbeat} to spare (10 s
 * with the defaults, 30 s lease and 10 s beats; 20 s when no beat is missed), so jobkit assumes worker clocks agree
 * within {@link #ALLOWANCE} — far more than NTP or the Amazon Time Sync Service leave (milliseconds), and less than
 * the default margin.
 *
 * <p>The check: SQS stamps each message with its own clock ({@code SentTimestamp}). A message cannot have been sent
 * after it was received, so a SentTimestamp more than {@link #ALLOWANCE} in this worker's future means this clock
 * is behind SQS's by at least that much, and a WARN says so (at most once per {@link #REPEAT}). A clock that is
 * ahead cannot be told from a message that waited in the queue, so only lagging clocks are detected this way.
 */
final class ClockSkew {
    /** The largest clock difference between two workers that leases are built to tolerate. */
    static final Duration ALLOWANCE = Duration.ofSeconds(5);
    static final Duration REPEAT = Duration.ofMinutes(5);
    private static final Logger LOG = LoggerFactory.getLogger(ClockSkew.class);

    private final Clock clock;
    private final AtomicReference<Instant> lastWarning = new AtomicReference<>();

    ClockSkew(Clock clock) {
        this.clock = clock;
    }

    /** How much skew a lease with these options tolerates after one missed heartbeat. */
    static Duration marginOf(ProcessorOptions options) {
        return options.leaseDuration().minus(options.heartbeatInterval().multipliedBy(2));
    }

    /** Warns once at start when the options leave less than {@link #ALLOWANCE} for skew. */
    static void checkOptions(ProcessorOptions options) {
        Duration margin = marginOf(options);
        if (margin.compareTo(ALLOWANCE) < 0) {
            LOG.warn("lease {} with heartbeats every {} tolerates only {} of clock skew between workers after one"
                    + " missed beat (jobkit assumes up to {}); another worker may take over a live job early",
                    options.leaseDuration(), options.heartbeatInterval(), margin, ALLOWANCE);
        }
    }

    /**
     * Compares SQS's SentTimestamp with this clock.
     *
     * @return how far this clock is behind SQS's, when that exceeds {@link #ALLOWANCE}; otherwise zero
     */
    Duration observe(ReceivedMessage m) {
        if (m.sentAt() == null) return Duration.ZERO;
        Instant now = clock.instant();
        Duration behind = Duration.between(now, m.sentAt());
        if (behind.compareTo(ALLOWANCE) <= 0) return Duration.ZERO;
        Instant last = lastWarning.get();
        if ((last == null || !now.isBefore(last.plus(REPEAT))) && lastWarning.compareAndSet(last, now)) {
            LOG.warn("clock skew: message {} was sent by SQS at {}, {} after this worker's clock reads ({}); this"
                    + " clock is behind by more than the {} leases tolerate — sync it (NTP / Amazon Time Sync)",
                    m.messageId(), m.sentAt(), behind, now, ALLOWANCE);
        }
        return behind;
    }
}
