package io.jobkit.local;

import io.jobkit.client.topology.QueueDef;
import io.jobkit.client.topology.Topology;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TopologyEnvironmentTest {

    @Test
    void of_defaultTopology_writesOnlyThePrefix() {
        assertThat(TopologyEnvironment.of(Topology.defaults())).containsExactly(Map.entry("JOBKIT_PREFIX", "jobkit"));
    }

    @Test
    void of_customTopology_roundTripsThroughFromEnvironment() {
        Topology topology = Topology.builder()
                .prefix("acme")
                .queue(QueueDef.standard("reports"))
                .queue(QueueDef.fifo("ledger"))
                .route("report.*", "reports")
                .route("ledger.post", "ledger")
                .tableName("acme-job-records")
                .scheduleGroup("acme-schedules")
                .build();

        Topology rebuilt = Topology.fromEnvironment(TopologyEnvironment.of(topology));

        assertThat(rebuilt.toString()).isEqualTo(topology.toString());
        assertThat(rebuilt.queues()).isEqualTo(topology.queues());
        assertThat(rebuilt.routes()).isEqualTo(topology.routes());
    }

    @Test
    void of_statusShards_roundTrip_soProcessesInOtherShellsWriteAndListTheSameShards() {
        Topology raised = Topology.builder().prefix("acme").statusShards(24).build();
        assertThat(TopologyEnvironment.of(raised)).containsEntry("JOBKIT_STATUS_SHARDS", "24");
        assertThat(Topology.fromEnvironment(TopologyEnvironment.of(raised)).statusShards()).isEqualTo(raised.statusShards());
        Topology lowered = Topology.builder().prefix("acme").statusListingShards(24).build();
        assertThat(TopologyEnvironment.of(lowered)).containsEntry("JOBKIT_STATUS_LISTING_SHARDS", "24")
                .doesNotContainKey("JOBKIT_STATUS_SHARDS");
        assertThat(Topology.fromEnvironment(TopologyEnvironment.of(lowered)).statusShards()).isEqualTo(lowered.statusShards());
    }
}
