package io.jobkit.client.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Random;
import java.util.UUID;

/**
 * Time-ordered job ids: UUIDv7 (RFC 9562) with a 12-bit counter in {@code rand_a} that is seeded randomly each
 * millisecond and incremented within it, so ids from one process sort in creation order and the canonical string
 * form sorts the same way as the timestamp (the status index relies on that for newest-first listings).
 *
 * <p>Jobs tracked {@code lean} or {@code none} get the same layout with version 8 (RFC 9562's vendor-specific
 * version) and the level in the two bits after the variant, so a {@code get} of such an id can tell "not tracked
 * (yet)" from "no such job" without any record: ids jobkit made before tracking levels are all version 7.
 */
public final class JobIds {
    private final Clock clock;
    private final Random random;
    private long lastMillis = -1;
    private int counter;

    public JobIds(Clock clock) {
        this(clock, new SecureRandom());
    }

    JobIds(Clock clock, Random random) {
        this.clock = clock;
        this.random = random;
    }

    public String next() {
        return next(io.jobkit.client.TrackingLevel.FULL);
    }

    /** A new id for a job tracked at {@code level}. */
    public synchronized String next(io.jobkit.client.TrackingLevel level) {
        long millis = clock.millis();
        if (millis > lastMillis) {
            lastMillis = millis;
            counter = random.nextInt(1 << 11); // leave headroom so the counter rarely overflows within a millisecond
        } else {
            counter++;
            if (counter >= (1 << 12)) { // overflow: borrow the next millisecond rather than break the order
                lastMillis++;
                counter = 0;
            }
        }
        int version = level == io.jobkit.client.TrackingLevel.FULL ? 7 : 8;
        long msb = (lastMillis << 16) | ((long) version << 12) | counter;
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        if (version == 8) {
            long marker = level == io.jobkit.client.TrackingLevel.LEAN ? 0b01L : 0b10L;
            lsb = (lsb & ~(0b11L << 60)) | (marker << 60);
        }
        return new UUID(msb, lsb).toString();
    }

    /**
     * The tracking level a jobkit-made id says its job has: {@code LEAN} or {@code NONE} for the version-8 ids above,
     * empty for anything else (version-7 ids, caller-chosen ids, SQS message ids).
     */
    public static java.util.Optional<io.jobkit.client.TrackingLevel> trackingOf(String id) {
        if (id == null || id.length() != 36 || id.charAt(14) != '8') return java.util.Optional.empty();
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
        long lsb = uuid.getLeastSignificantBits();
        if ((lsb >>> 62) != 0b10L) return java.util.Optional.empty();
        long marker = (lsb >>> 60) & 0b11L;
        if (marker == 0b01L) return java.util.Optional.of(io.jobkit.client.TrackingLevel.LEAN);
        if (marker == 0b10L) return java.util.Optional.of(io.jobkit.client.TrackingLevel.NONE);
        return java.util.Optional.empty();
    }
}
