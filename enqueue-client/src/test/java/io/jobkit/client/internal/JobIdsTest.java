package io.jobkit.client.internal;

import io.jobkit.client.testing.TestClock;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class JobIdsTest {

    @Test
    void ids_areVersion7_andSortInCreationOrder_evenWithinOneMillisecond() {
        JobIds ids = new JobIds(Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC), new Random(1));
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 5000; i++) made.add(ids.next());
        assertThat(made).isSorted();
        assertThat(new HashSet<>(made)).hasSize(made.size());
        assertThat(UUID.fromString(made.get(0)).version()).isEqualTo(7);
        assertThat(UUID.fromString(made.get(0)).variant()).isEqualTo(2);
    }

    @Test
    void laterMilliseconds_giveLargerIds() {
        TestClock clock = new TestClock(Instant.parse("2026-11-23T10:00:00Z"));
        JobIds ids = new JobIds(clock, new Random(2));
        String first = ids.next();
        clock.advance(java.time.Duration.ofMillis(1));
        assertThat(ids.next()).isGreaterThan(first);
        assertThat(UUID.fromString(first).getMostSignificantBits() >>> 16).isEqualTo(clock.instant().toEpochMilli() - 1);
    }

}
