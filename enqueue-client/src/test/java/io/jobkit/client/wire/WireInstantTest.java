package io.jobkit.client.wire;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WireInstantTest {

    @Test
    void theFastReadAgreesWithInstantParse_forEveryFractionLength() {
        Random random = new Random(5);
        for (int i = 0; i < 20_000; i++) {
            Instant at = Instant.ofEpochSecond((long) (random.nextDouble() * 7_258_118_400L), random.nextInt(1_000_000_000));
            String whole = at.toString().substring(0, 19);
            String nanos = String.format("%09d", at.getNano());
            String text = whole + (i % 10 == 0 ? "" : "." + nanos.substring(0, i % 10)) + "Z"; // 0 to 9 fraction digits
            assertThat(WireInstant.parse(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void otherForms_areLeftToJackson() {
        for (String other : new String[] {"2026-11-23T09:00:00+01:00", "2026-11-23T09:00:00.Z", "2026-02-30T00:00:00Z",
                "2026-11-23T23:59:60Z", "2026-11-23t09:00:00Z", "2026-11-23T09:00:00.1234567890Z", "1700000000", "yesterday",
                "2026-11-23T09:00:00"}) {
            assertThat(WireInstant.parse(other)).as(other).isNull();
        }
    }

    @Test
    void anEnvelope_readsItsTimesTheSameWay_andRefusesBadOnesWithTheSameReason() {
        Envelope e = EnvelopeCodec.decode("{\"v\":1,\"type\":\"a\",\"payload\":{},\"enqueuedAt\":\"2026-12-04T20:30:00.123456Z\","
                + "\"notBefore\":\"2026-12-04T21:00:00+01:00\"}");
        assertThat(e.enqueuedAt()).isEqualTo(Instant.parse("2026-12-04T20:30:00.123456Z"));
        assertThat(e.notBefore()).isEqualTo(Instant.parse("2026-12-04T20:00:00Z")); // an offset: Jackson's reader
        assertThatThrownBy(() -> EnvelopeCodec.decode("{\"v\":1,\"type\":\"a\",\"payload\":{},\"notBefore\":\"2026-02-30T00:00:00Z\"}"))
                .isInstanceOf(MalformedEnvelopeException.class)
                .hasMessageContaining("envelope field 'notBefore' has the wrong form; expected an ISO-8601 time");
    }
}
