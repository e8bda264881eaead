package io.jobkit.handlers.builtin;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookHandlerTest {
    private final WebhookHandler handler = new WebhookHandler("s3cret", Duration.ofSeconds(1), Duration.ofSeconds(1),
            Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC));

    @Test
    void signature_isHexHmacSha256OfTimestampDotBody() {
        // echo -n '1795428000.{"a":1}' | openssl dgst -sha256 -hmac s3cret
        assertThat(handler.sign("1795428000.{\"a\":1}"))
                .isEqualTo("7e05d00e455d413b7157414cdae857414ac779c4ad200367e0475a9dc85665dc");
    }

    @Test
    void retryAfter_acceptsSecondsAndHttpDates() {
        assertThat(handler.retryAfter("120")).isEqualTo(Duration.ofSeconds(120));
        assertThat(handler.retryAfter("Mon, 23 Nov 2026 10:01:30 GMT")).isEqualTo(Duration.ofSeconds(90));
        assertThat(handler.retryAfter("Mon, 23 Nov 2026 09:00:00 GMT")).isZero();
        assertThat(handler.retryAfter("soon")).isNull();
        assertThat(handler.retryAfter(null)).isNull();
    }
}
