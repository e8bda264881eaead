package io.jobkit.handlers.processor;

import io.jobkit.client.topology.QueueDef;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ClockSkewTest {
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private final ClockSkew skew = new ClockSkew(Clock.fixed(NOW, ZoneOffset.UTC));

    private static ReceivedMessage sentAt(Instant sent) {
        return new ReceivedMessage("m", "r", "{}", QueueDef.standard("normal"), 1, sent, null, Map.of(), NOW);
    }

    @Test
    void aMessageSentFurtherInTheFutureThanTheAllowance_revealsALaggingClock() {
        assertThat(skew.observe(sentAt(NOW.plusSeconds(30)))).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aMessageThatWaitedInTheQueue_orASmallDifference_isNotSkew() {
        assertThat(skew.observe(sentAt(NOW.minusSeconds(3600)))).isZero();
        assertThat(skew.observe(sentAt(NOW.plus(ClockSkew.ALLOWANCE)))).isZero();
        assertThat(skew.observe(sentAt(null))).isZero();
    }

    @Test
    void theDefaultLease_leavesMoreThanTheAllowanceAfterOneMissedBeat() {
        ProcessorOptions defaults = ProcessorOptions.builder().build();
        assertThat(ClockSkew.marginOf(defaults)).isEqualTo(Duration.ofSeconds(10)).isGreaterThan(ClockSkew.ALLOWANCE);
    }
}
