package io.jobkit.client;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackoffTest {

    @Test
    void exponential_doublesFromTheBase_untilTheCap() {
        Backoff b = Backoff.exponential(Duration.ofSeconds(10), Duration.ofMinutes(1)).withJitter(0);
        assertThat(b.delayAfter(1, () -> 0)).isEqualTo(Duration.ofSeconds(10));
        assertThat(b.delayAfter(2, () -> 0)).isEqualTo(Duration.ofSeconds(20));
        assertThat(b.delayAfter(3, () -> 0)).isEqualTo(Duration.ofSeconds(40));
        assertThat(b.delayAfter(4, () -> 0)).isEqualTo(Duration.ofMinutes(1));
        assertThat(b.delayAfter(25, () -> 0)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void exponential_doesNotOverflow_forLargeAttempts() {
        Backoff b = Backoff.exponential(Duration.ofHours(12), Backoff.MAX_CAP);
        assertThat(b.delayAfter(1000, () -> 0)).isEqualTo(Backoff.MAX_CAP);
    }

    @Test
    void linear_growsByTheStep() {
        Backoff b = Backoff.linear(Duration.ofSeconds(5), Duration.ofHours(1)).withJitter(0);
        assertThat(b.delayAfter(1, () -> 0)).isEqualTo(Duration.ofSeconds(5));
        assertThat(b.delayAfter(4, () -> 0)).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void fixed_isAlwaysTheSame() {
        Backoff b = Backoff.fixed(Duration.ofSeconds(30));
        assertThat(b.delayAfter(1, () -> 0.9)).isEqualTo(Duration.ofSeconds(30));
        assertThat(b.delayAfter(7, () -> 0.9)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void jitter_onlyShortens_byAtMostItsFraction() {
        Backoff b = Backoff.exponential(Duration.ofSeconds(100), Duration.ofHours(1)).withJitter(0.2);
        assertThat(b.delayAfter(1, () -> 0)).isEqualTo(Duration.ofSeconds(100));
        assertThat(b.delayAfter(1, () -> 0.5)).isEqualTo(Duration.ofSeconds(90));
        assertThat(b.delayAfter(1, () -> 0.999999)).isEqualTo(Duration.ofSeconds(81));
    }

    @Test
    void delays_areWholeSeconds_roundedUp() {
        Backoff b = new Backoff(Backoff.Strategy.FIXED, Duration.ofMillis(1500), null, 0);
        assertThat(b.delayAfter(1, () -> 0)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void defaults_areExponentialFrom10sCappedAt1h() {
        Backoff d = Backoff.defaults();
        assertThat(d.strategy()).isEqualTo(Backoff.Strategy.EXPONENTIAL);
        assertThat(d.base()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.cap()).isEqualTo(Duration.ofHours(1));
        assertThat(d.jitter()).isEqualTo(0.2);
    }

    @Test
    void invalidSettings_sayWhatIsAllowed() {
        assertThatThrownBy(() -> new Backoff(Backoff.Strategy.LINEAR, Duration.ofMinutes(5), Duration.ofMinutes(1), 0))
                .hasMessageContaining("cap 1m must be at least the base (5m)");
        assertThatThrownBy(() -> Backoff.defaults().withJitter(1.5)).hasMessageContaining("between 0.0 (exact) and 1.0");
        assertThatThrownBy(() -> Backoff.Strategy.parse("random")).hasMessageContaining("use exponential, linear or fixed");
    }
}
