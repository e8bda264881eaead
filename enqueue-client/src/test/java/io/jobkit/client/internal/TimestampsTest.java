package io.jobkit.client.internal;

import org.junit.jupiter.api.Test;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimestampsTest {

    @Test
    void theFastReadAgreesWithInstantParse_forEveryStoredForm() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            // 1970 to 2200, millisecond precision: what format() writes
            Instant at = Instant.ofEpochMilli((long) (random.nextDouble() * 7_258_118_400_000L));
            String stored = Timestamps.format(at);
            assertThat(Timestamps.parse(stored)).as(stored).isEqualTo(Instant.parse(stored)).isEqualTo(at);
        }
        assertThat(Timestamps.parse("2024-02-29T23:59:59.999Z")).isEqualTo(Instant.parse("2024-02-29T23:59:59.999Z"));
    }

    @Test
    void otherIsoForms_stillParse() {
        assertThat(Timestamps.parse("2026-11-23T09:00:00Z")).isEqualTo(Instant.parse("2026-11-23T09:00:00Z"));
        assertThat(Timestamps.parse("2026-11-23T09:00:00.123456Z")).isEqualTo(Instant.parse("2026-11-23T09:00:00.123456Z"));
        assertThat(Timestamps.parse(null)).isNull();
    }

    @Test
    void anImpossibleDate_isRefusedAsInstantParseRefusesIt() {
        assertThatThrownBy(() -> Timestamps.parse("2026-02-30T00:00:00.000Z")).isInstanceOf(DateTimeException.class);
        assertThatThrownBy(() -> Timestamps.parse("2026-1x-30T00:00:00.000Z")).isInstanceOf(DateTimeException.class);
    }
}
