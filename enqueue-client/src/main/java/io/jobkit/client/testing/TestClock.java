package io.jobkit.client.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} a test moves by hand, for everything in jobkit that takes one (JobClient, the local scheduler,
 * backoff and schedule computations): simulate a day of schedules or a long backoff without sleeping. Thread-safe;
 * always UTC.
 */
public final class TestClock extends Clock {
    private final AtomicReference<Instant> now;

    public TestClock(Instant start) {
        this.now = new AtomicReference<>(Objects.requireNonNull(start, "start"));
    }

    /** A clock standing at the real current time, so records it stamps look plausible next to real ones. */
    public static TestClock startingNow() {
        return new TestClock(Instant.now());
    }

    public void set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant"));
    }

    public void advance(Duration duration) {
        now.updateAndGet(t -> t.plus(duration));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** The same clock: jobkit works in UTC instants throughout. */
    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
