package io.jobkit.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that moves only when told, to simulate deadlines and dedup windows without sleeping. Thread-safe. */
public final class TestClock extends Clock {
    private volatile Instant now;

    public TestClock(Instant start) {
        this.now = start;
    }

    /** A clock at 2026-01-01T00:00:00Z. */
    public static TestClock create() {
        return new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    }

    public synchronized TestClock advance(Duration by) {
        now = now.plus(by);
        return this;
    }

    public synchronized TestClock set(Instant to) {
        now = to;
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this; // jobkit reads instants only
    }
}
