package io.jobkit.spring;

import io.jobkit.client.topology.StatusShards;
import io.jobkit.client.topology.Topology;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JobkitPropertiesTest {

    @Test
    void statusShards_becomeTheVariablesTheTopologyReads_overridingTheProcessEnvironment() {
        JobkitProperties p = new JobkitProperties();
        p.setStatusShards(32);
        Map<String, String> env = p.toEnvironment(Map.of("JOBKIT_STATUS_SHARDS", "8"));
        assertThat(env).containsEntry("JOBKIT_STATUS_SHARDS", "32").doesNotContainKey("JOBKIT_STATUS_LISTING_SHARDS");
        assertThat(Topology.fromEnvironment(env).statusShards()).isEqualTo(StatusShards.of(32));

        p.setStatusShards(8);
        p.setStatusListingShards(32);
        assertThat(Topology.fromEnvironment(p.toEnvironment(Map.of())).statusShards()).isEqualTo(new StatusShards(8, 32));
    }

    @Test
    void unset_leavesTheProcessEnvironmentsValue() {
        Map<String, String> env = new JobkitProperties().toEnvironment(Map.of("JOBKIT_STATUS_SHARDS", "24"));
        assertThat(Topology.fromEnvironment(env).statusShards()).isEqualTo(StatusShards.of(24));
    }
}
