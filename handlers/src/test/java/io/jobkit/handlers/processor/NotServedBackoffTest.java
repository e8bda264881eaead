package io.jobkit.handlers.processor;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class NotServedBackoffTest {

    @Test
    void startsAtOneSecond_doublesPerReceive_andStopsAtAMinute() {
        assertThat(NotServedBackoff.after(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(NotServedBackoff.after(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(NotServedBackoff.after(5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(NotServedBackoff.after(7)).isEqualTo(Duration.ofSeconds(60));
        assertThat(NotServedBackoff.after(900)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void aMessageNobodyServes_costsAboutOneReceiveAMinute_notABusyLoop() {
        // receives in the first hour of a message that every worker declines
        long seconds = 0;
        int receives = 0;
        while (seconds < 3600) {
            receives++;
            seconds += NotServedBackoff.after(receives).toSeconds();
        }
        assertThat(receives).isLessThan(70);
    }
}
