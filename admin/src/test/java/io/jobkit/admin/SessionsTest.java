package io.jobkit.admin;

import io.jobkit.client.testing.TestClock;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SessionsTest {
    private static final String KEY = "k".repeat(16) + "0123456789abcdef0123";
    private final TestClock clock = new TestClock(Instant.parse("2026-03-01T09:00:00Z"));
    private final Sessions sessions = Sessions.fromConfig(KEY, null, clock);
    private final Principal otto = new Principal("otto@example.com", Role.OPERATOR, "oidc");

    @Test
    void encodedSession_readsBack_withItsPrincipalRoleModeAndExpiry() {
        Session s = sessions.open(otto);
        Sessions.Read read = sessions.read(sessions.encode(s));
        assertThat(read).isEqualTo(new Sessions.Read.Valid(s));
        assertThat(s.expiresAt()).isEqualTo(Instant.parse("2026-03-01T17:00:00Z"));
        assertThat(s.principal()).isEqualTo(otto);
        assertThat(sessions.encode(s)).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    }

    @Test
    void session_expiresAfterItsTtl_andReadsAsExpired_notInvalid() {
        String cookie = sessions.encode(sessions.open(otto));
        clock.advance(Duration.ofHours(8).minusSeconds(1));
        assertThat(sessions.read(cookie)).isInstanceOf(Sessions.Read.Valid.class);
        clock.advance(Duration.ofSeconds(1));
        assertThat(sessions.read(cookie)).isInstanceOf(Sessions.Read.Expired.class);
    }

    @Test
    void configuredTtl_setsTheExpiry() {
        Sessions short_ = Sessions.fromConfig(KEY, "30m", clock);
        assertThat(short_.open(otto).expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(30)));
    }

    @Test
    void tamperedValue_orAnotherKeysValue_isInvalid() {
        String cookie = sessions.encode(sessions.open(new Principal("vera", Role.VIEWER, "token")));
        String payload = new String(Base64.getUrlDecoder().decode(cookie.substring(0, cookie.indexOf('.'))), StandardCharsets.UTF_8);
        String promoted = Base64.getUrlEncoder().withoutPadding().encodeToString(
                payload.replace("\"viewer\"", "\"admin\"").getBytes(StandardCharsets.UTF_8));
        assertThat(sessions.read(promoted + cookie.substring(cookie.indexOf('.')))).isInstanceOf(Sessions.Read.Invalid.class);
        assertThat(sessions.read(cookie + "x")).isInstanceOf(Sessions.Read.Invalid.class);
        assertThat(sessions.read("no-dot")).isInstanceOf(Sessions.Read.Invalid.class);
        assertThat(sessions.read("a.b.c")).isInstanceOf(Sessions.Read.Invalid.class);
        assertThat(sessions.read(null)).isInstanceOf(Sessions.Read.Invalid.class);
        assertThat(Sessions.fromConfig(null, null, clock).read(cookie)).as("another process's random key")
                .isInstanceOf(Sessions.Read.Invalid.class);
    }

    @Test
    void theSameConfiguredKey_readsAnotherProcesssCookie() {
        String cookie = sessions.encode(sessions.open(otto));
        assertThat(Sessions.fromConfig(KEY, null, clock).read(cookie)).isInstanceOf(Sessions.Read.Valid.class);
    }

    @Test
    void revokedSession_isInvalid_andOtherSessionsStayValid() {
        Session a = sessions.open(otto);
        Session b = sessions.open(otto);
        sessions.revoke(a);
        assertThat(sessions.read(sessions.encode(a))).isInstanceOf(Sessions.Read.Invalid.class);
        assertThat(sessions.read(sessions.encode(b))).isInstanceOf(Sessions.Read.Valid.class);
    }

    @Test
    void csrfToken_belongsToOneSession() {
        Session a = sessions.open(otto);
        Session b = sessions.open(otto);
        assertThat(sessions.csrfMatches(a, sessions.csrfToken(a))).isTrue();
        assertThat(sessions.csrfMatches(a, " " + sessions.csrfToken(a) + " ")).isTrue();
        assertThat(sessions.csrfMatches(a, sessions.csrfToken(b))).isFalse();
        assertThat(sessions.csrfMatches(a, sessions.loopbackCsrfToken())).isFalse();
        assertThat(sessions.csrfMatches(a, null)).isFalse();
        assertThat(sessions.csrfMatches(a, "")).isFalse();
        assertThat(sessions.csrfToken(a)).isNotEqualTo(sessions.csrfToken(b)).doesNotContain(a.id());
    }

    @Test
    void ttl_acceptsIsoAndShortForms_andRefusesTheRest_namingTheVariable() {
        assertThat(Sessions.parseTtl(null)).isEqualTo(Duration.ofHours(8));
        assertThat(Sessions.parseTtl(" ")).isEqualTo(Duration.ofHours(8));
        assertThat(Sessions.parseTtl("8h")).isEqualTo(Duration.ofHours(8));
        assertThat(Sessions.parseTtl("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(Sessions.parseTtl("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(Sessions.parseTtl("PT12H")).isEqualTo(Duration.ofHours(12));
        for (String bad : new String[]{"8 hours", "0m", "30s", "31d", "P", "-1h", "h"}) {
            assertThatThrownBy(() -> Sessions.parseTtl(bad)).as(bad)
                    .hasMessageContaining("JOBKIT_ADMIN_SESSION_TTL").hasMessageContaining("8h");
        }
    }

    @Test
    void shortConfiguredKey_isRefused_withoutEchoingIt() {
        assertThatThrownBy(() -> Sessions.fromConfig("secret-but-short", null, clock))
                .hasMessageContaining("JOBKIT_ADMIN_SESSION_KEY").hasMessageContaining("at least 32")
                .hasMessageNotContaining("secret-but-short");
    }
}
