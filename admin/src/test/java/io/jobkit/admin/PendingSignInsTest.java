package io.jobkit.admin;

import io.jobkit.client.testing.TestClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class PendingSignInsTest {
    private static final String KEY = "0123456789abcdef0123456789abcdef-pending";
    private final TestClock clock = TestClock.startingNow();
    private final PendingSignIns pending = new PendingSignIns(Sessions.fromConfig(KEY, null, clock), clock);

    private PendingSignIns.Pending sample() {
        return new PendingSignIns.Pending("state-123", "nonce-456", "verifier-789", "/jobs", "https://c.example/auth/oidc/callback",
                clock.instant().plus(OidcLogin.PENDING_TTL).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    @Test
    void sealed_opensOnAnyProcessWithTheSameKey_andHidesItsContent() {
        String sealed = pending.seal(sample());
        assertThat(new PendingSignIns(Sessions.fromConfig(KEY, null, clock), clock).open(sealed)).contains(sample());
        assertThat(sealed).doesNotContain("verifier-789").doesNotContain("state-123");
        assertThat(pending.seal(sample())).as("a fresh IV each time").isNotEqualTo(sealed);
    }

    @Test
    void tamperedForeignOrExpiredValues_doNotOpen() {
        String sealed = pending.seal(sample());
        char c = sealed.charAt(sealed.length() - 5);
        String tampered = sealed.substring(0, sealed.length() - 5) + (c == 'A' ? 'B' : 'A') + sealed.substring(sealed.length() - 4);
        assertThat(pending.open(tampered)).isEmpty();
        assertThat(pending.open("not.a.jwe")).isEmpty();
        assertThat(pending.open(null)).isEmpty();
        assertThat(new PendingSignIns(Sessions.fromConfig("another-key-0123456789abcdef0123456789", null, clock), clock)
                .open(sealed)).isEmpty();
        clock.advance(OidcLogin.PENDING_TTL.plus(Duration.ofSeconds(1)));
        assertThat(pending.open(sealed)).isEmpty();
    }
}
