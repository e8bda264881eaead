package io.jobkit.client.store;

import io.jobkit.client.JobStatus;
import io.jobkit.client.topology.StatusShards;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Which index partitions a write keys a job into and a listing reads, for a given shard count. */
class StatusPartitionsTest {

    @Test
    void writes_keyTheJobByPhaseAndItsShardUnderTheConfiguredCount() {
        String id = "0190c2f4-5b6e-7abc-8def-0123456789ab";
        StatusShards shards = StatusShards.of(24);
        assertThat(JobItems.statusShard(JobStatus.QUEUED, id, shards)).isEqualTo("ACTIVE#" + Math.floorMod(id.hashCode(), 24));
        assertThat(JobItems.statusShard(JobStatus.SUCCEEDED, id, shards))
                .isEqualTo("SUCCEEDED#" + Math.floorMod(id.hashCode(), 24));
    }

    @Test
    void listing_readsEveryShardUpToTheListingCount_andTheOldLayoutsEight() {
        List<String> expected = new ArrayList<>();
        IntStream.range(0, 24).forEach(i -> expected.add("ACTIVE#" + i));
        IntStream.range(0, 8).forEach(i -> expected.add("QUEUED#" + i));
        assertThat(StatusListing.partitions(JobStatus.QUEUED, new StatusShards(8, 24))).containsExactlyElementsOf(expected);
        // the old layout keyed terminal statuses the same way: its eight partitions are among the 24
        assertThat(StatusListing.partitions(JobStatus.FAILED, StatusShards.of(24))).hasSize(24)
                .containsAll(IntStream.range(0, 8).mapToObj(i -> "FAILED#" + i).toList());
        assertThat(StatusListing.partitions(JobStatus.FAILED, StatusShards.of(4))).hasSize(8);
    }
}
