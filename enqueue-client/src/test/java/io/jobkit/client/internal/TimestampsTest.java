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
    void theFastWriteAgreesWithTheFormatter_overYearsOneTo9999_andPastThem() {
        java.time.format.DateTimeFormatter formatter = java.time.format.DateTimeFormatter
                .ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);
        Random random = new Random(11);
        long first = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
        long last = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 20_000; i++) {
            long second = first + (long) (random.nextDouble() * (last - first + 1));
            Instant at = Instant.ofEpochSecond(second, random.nextInt(1_000_000_000)); // nanos: SSS truncates
            assertThat(Timestamps.format(at)).isEqualTo(formatter.format(at));
        }
        for (String edge : new String[] {"0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "1970-01-01T00:00:00Z",
                "1969-12-31T23:59:59.999Z", "2024-02-29T12:00:00.5Z", "0000-12-31T23:59:59Z", "+10000-01-01T00:00:00Z"}) {
            Instant at = Instant.parse(edge);
            assertThat(Timestamps.format(at)).as(edge).isEqualTo(formatter.format(at));
        }
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
