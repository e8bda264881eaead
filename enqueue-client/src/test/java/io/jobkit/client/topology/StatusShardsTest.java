package io.jobkit.client.topology;

import io.jobkit.client.JobValidationException;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StatusShardsTest {

    @Test
    void shardOf_isTheIdsHashModuloTheCount_alwaysInRange() {
        StatusShards s = StatusShards.of(24);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            String id = UUID.nameUUIDFromBytes(("job-" + i).getBytes()).toString();
            int shard = s.shardOf(id);
            assertThat(shard).isBetween(0, 23).isEqualTo(Math.floorMod(id.hashCode(), 24));
            seen.add(shard);
        }
        assertThat(seen).hasSize(24); // 2,000 ids reach every shard
        // ids whose hashCode is negative still land in range (floorMod, not %)
        assertThat("polygenelubricants".hashCode()).isEqualTo(Integer.MIN_VALUE);
        assertThat(s.shardOf("polygenelubricants")).isBetween(0, 23);
    }

    @Test
    void aRecordWrittenWithTheOldCount_liesInsideTheRangeAListingOfAnyLargerCountReads() {
        for (int old : new int[]{1, 8, 20}) {
            for (int raised : new int[]{old, 24, 256}) {
                StatusShards before = StatusShards.of(old);
                StatusShards after = StatusShards.of(raised);
                for (int i = 0; i < 500; i++) {
                    String id = "0190c2f4-" + i + "-7abc";
                    assertThat(before.shardOf(id)).isLessThan(after.listing());
                }
            }
        }
    }

    @Test
    void defaults_areTheEightShardsOfEveryExistingTable() {
        assertThat(StatusShards.defaults()).isEqualTo(new StatusShards(8, 8));
        assertThat(Topology.defaults().statusShards()).isEqualTo(StatusShards.defaults());
        assertThat(StatusShards.of(8).shardOf("abc")).isEqualTo(Math.floorMod("abc".hashCode(), 8));
    }

    @Test
    void counts_outOfRange_areRefusedWithTheRangeAndTheSizingRule() {
        assertThatThrownBy(() -> StatusShards.of(0)).isInstanceOf(JobValidationException.class)
                .hasMessageStartingWith("status shard count 0 is out of range; use 1 to 256 (default 8;");
        assertThatThrownBy(() -> StatusShards.of(257)).hasMessageContaining("10,000 jobs/s needs at least 20");
        assertThat(StatusShards.of(1).shardOf("anything")).isZero();
        assertThat(StatusShards.of(256).listing()).isEqualTo(256);
    }

    @Test
    void listingFewerShardsThanAreWritten_isRefused() {
        assertThatThrownBy(() -> new StatusShards(24, 8)).isInstanceOf(JobValidationException.class)
                .hasMessageStartingWith("status listing shards 8 must be between the shard count 24 and 256");
        assertThatThrownBy(() -> new StatusShards(8, 300)).hasMessageContaining("status listing shards 300");
        assertThat(new StatusShards(8, 24).listing()).isEqualTo(24);
    }

    @Test
    void topology_takesTheCountFromItsBuilderAndTheEnvironment() {
        assertThat(Topology.builder().statusShards(24).build().statusShards()).isEqualTo(StatusShards.of(24));
        assertThat(Topology.builder().statusShards(8).statusListingShards(24).build().statusShards())
                .isEqualTo(new StatusShards(8, 24));
        assertThat(Topology.fromEnvironment(Map.of("JOBKIT_STATUS_SHARDS", " 32 ")).statusShards())
                .isEqualTo(StatusShards.of(32));
        assertThat(Topology.fromEnvironment(Map.of("JOBKIT_STATUS_SHARDS", "8", "JOBKIT_STATUS_LISTING_SHARDS", "24"))
                .statusShards()).isEqualTo(new StatusShards(8, 24));
        assertThat(Topology.fromEnvironment(Map.of("JOBKIT_STATUS_SHARDS", "")).statusShards())
                .isEqualTo(StatusShards.defaults());
        assertThat(Topology.builder().statusShards(24).build().toString()).contains("statusShards=24]");
        assertThat(Topology.builder().statusListingShards(24).build().toString())
                .contains("statusShards=8 (listing 24)]");
    }

    @Test
    void topology_badCounts_getErrorsNamingTheSetting() {
        assertThatThrownBy(() -> Topology.fromEnvironment(Map.of("JOBKIT_STATUS_SHARDS", "many")))
                .isInstanceOf(JobValidationException.class)
                .hasMessage("JOBKIT_STATUS_SHARDS 'many' is not a whole number; use e.g. JOBKIT_STATUS_SHARDS=24");
        assertThatThrownBy(() -> Topology.fromEnvironment(Map.of("JOBKIT_STATUS_SHARDS", "1000")))
                .hasMessageStartingWith("status shard count 1000 is out of range");
        assertThatThrownBy(() -> Topology.builder().statusShards(24).statusListingShards(8).build())
                .hasMessageStartingWith("status listing shards 8 must be between the shard count 24");
    }
}
