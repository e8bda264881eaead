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
}
