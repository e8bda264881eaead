package io.jobkit.handlers.processor;

import io.jobkit.client.topology.Topology;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class StoreBackoffTest {

    @Test
    void theBackoffGrowsWithTheReceiveCount_upToItsCap() {
        assertThat(StoreBackoff.after(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(StoreBackoff.after(2)).isEqualTo(Duration.ofSeconds(4));
        assertThat(StoreBackoff.after(5)).isEqualTo(Duration.ofSeconds(32));
        assertThat(StoreBackoff.after(20)).isEqualTo(StoreBackoff.CAP);
        assertThat(StoreBackoff.after(1000)).isEqualTo(StoreBackoff.CAP);
    }

    @Test
    void aStandardQueueMessageIsRefreshedBeforeTheRedriveLimit_evenAtTheCap() {
        // by the time the worn-copy refresh starts, an outage has lasted hours, not minutes
        Duration before = Duration.ZERO;
        for (int receive = 1; receive < PutBacks.WORN_AT; receive++) before = before.plus(StoreBackoff.after(receive));
        assertThat(before).isGreaterThan(Duration.ofHours(6));
        assertThat(PutBacks.WORN_AT).isLessThan(Topology.MAX_RECEIVE_COUNT);
    }
}
