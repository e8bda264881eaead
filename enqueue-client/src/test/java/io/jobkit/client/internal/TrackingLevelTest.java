package io.jobkit.client.internal;

import io.jobkit.client.JobOptions;
import io.jobkit.client.JobValidationException;
import io.jobkit.client.TrackingLevel;
import io.jobkit.client.topology.Topology;
import io.jobkit.client.wire.EnvelopeCodec;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrackingLevelTest {
    private final JobIds ids = new JobIds(Clock.fixed(Instant.parse("2026-12-03T10:00:00Z"), ZoneOffset.UTC));

    @Test
    void leanAndNoneIds_sayTheirLevel_andFullIdsStayUuidV7() {
        String full = ids.next();
        String lean = ids.next(TrackingLevel.LEAN);
        String none = ids.next(TrackingLevel.NONE);
        assertThat(UUID.fromString(full).version()).isEqualTo(7);
        assertThat(UUID.fromString(lean).version()).isEqualTo(8);
        assertThat(UUID.fromString(lean).variant()).isEqualTo(2);
        assertThat(JobIds.trackingOf(full)).isEmpty();
        assertThat(JobIds.trackingOf(lean)).contains(TrackingLevel.LEAN);
        assertThat(JobIds.trackingOf(none)).contains(TrackingLevel.NONE);
        assertThat(JobIds.trackingOf("report-2026-11")).isEmpty();
        assertThat(JobIds.trackingOf(UUID.randomUUID().toString())).isEmpty();
        // same timestamp prefix, so lean ids still sort by creation time
        assertThat(lean.substring(0, 13)).isEqualTo(full.substring(0, 13));
    }

    @Test
    void topologyFromEnvironment_readsJobkitTracking_perQueue() {
        Topology t = Topology.fromEnvironment(Map.of("JOBKIT_QUEUES", "bulk", "JOBKIT_TRACKING", "low=lean, bulk=none"));
        assertThat(t.queue("low").tracking()).isEqualTo(TrackingLevel.LEAN);
        assertThat(t.queue("bulk").tracking()).isEqualTo(TrackingLevel.NONE);
        assertThat(t.queue("normal").tracking()).isEqualTo(TrackingLevel.FULL);
        assertThatThrownBy(() -> Topology.fromEnvironment(Map.of("JOBKIT_TRACKING", "nosuch=lean")))
                .isInstanceOf(JobValidationException.class).hasMessageContaining("unknown queue 'nosuch'");
        assertThatThrownBy(() -> Topology.fromEnvironment(Map.of("JOBKIT_TRACKING", "low=cheap")))
                .isInstanceOf(JobValidationException.class).hasMessageContaining("use full, lean or none");
        assertThatThrownBy(() -> Topology.fromEnvironment(Map.of("JOBKIT_TRACKING", "low")))
                .isInstanceOf(JobValidationException.class).hasMessageContaining("queue=level");
    }

    @Test
    void envelopeOptions_carryANonFullLevel_andOmitFull() {
        JobOptions options = JobOptions.defaults();
        assertThat(EnvelopeCodec.toWire(options, "normal", TrackingLevel.FULL).tracking()).isNull();
        assertThat(EnvelopeCodec.toWire(options, "normal", TrackingLevel.LEAN).tracking()).isEqualTo("lean");
        assertThat(EnvelopeCodec.toOptions(EnvelopeCodec.toWire(options, "normal", TrackingLevel.NONE)).tracking())
                .isEqualTo(TrackingLevel.NONE);
        assertThat(EnvelopeCodec.toOptions(EnvelopeCodec.toWire(options, "normal", TrackingLevel.FULL)).tracking()).isNull();
        assertThat(Optional.ofNullable(JobOptions.builder().tracking(TrackingLevel.LEAN).build().tracking()))
                .contains(TrackingLevel.LEAN);
    }
}
