package io.jobkit.client.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Random;
import java.util.UUID;

/**
 * Time-ordered job ids: UUIDv7 (RFC 9562) with a 12-bit counter in {@code rand_a} that is seeded randomly each
 * millisecond and incremented within it, so ids from one process sort in creation order and the canonical string
 * form sorts the same way as the timestamp (the status index relies on that for newest-first listings).
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

    public synchronized String next() {
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
        long msb = (lastMillis << 16) | (0x7L << 12) | counter;
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }
}
