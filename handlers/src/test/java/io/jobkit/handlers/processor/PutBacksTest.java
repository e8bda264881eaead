package io.jobkit.handlers.processor;

import io.jobkit.client.topology.QueueDef;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PutBacksTest {

    private static ReceivedMessage receivedAgo(Duration ago) {
        return new ReceivedMessage("m", "r", "{}", QueueDef.standard("normal"), 1, null, null, Map.of(),
                Instant.now().minus(ago));
    }

    @Test
    void aFreshReceive_keepsTheDelay_upToSqsTwelveHoursLessAMargin() {
        assertThat(PutBacks.clamp(receivedAgo(Duration.ZERO), Duration.ofMinutes(30))).isEqualTo(Duration.ofMinutes(30));
        assertThat(PutBacks.clamp(receivedAgo(Duration.ZERO), Duration.ofHours(20)))
                .isBetween(Duration.ofHours(12).minusMinutes(11), Duration.ofHours(12).minusMinutes(10));
    }

    @Test
    void aLongRun_leavesOnlyWhatIsLeftOfTheTwelveHoursSinceTheReceive() {
        Duration left = PutBacks.clamp(receivedAgo(Duration.ofHours(11)), Duration.ofHours(2));
        assertThat(left).isBetween(Duration.ofMinutes(49), Duration.ofMinutes(50));
        assertThat(PutBacks.clamp(receivedAgo(Duration.ofHours(13)), Duration.ofMinutes(5))).isZero();
    }
}
