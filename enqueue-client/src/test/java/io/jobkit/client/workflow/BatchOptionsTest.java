package io.jobkit.client.workflow;

import io.jobkit.client.EnqueueRequest;
import io.jobkit.client.JobOptions;
import io.jobkit.client.JobValidationException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchOptionsTest {

    @Test
    void shardsFor_isOnePerThousandMembers_betweenOneAndSixtyFour() {
        BatchOptions auto = BatchOptions.defaults();
        assertThat(auto.shardsFor(0)).isEqualTo(1);
        assertThat(auto.shardsFor(1000)).isEqualTo(1);
        assertThat(auto.shardsFor(1001)).isEqualTo(2);
        assertThat(auto.shardsFor(10_000)).isEqualTo(10);
        assertThat(auto.shardsFor(100_000)).isEqualTo(64);
        assertThat(BatchOptions.of(o -> o.shards(3)).shardsFor(100_000)).isEqualTo(3);
    }

    @Test
    void shards_outOfRange_isRejectedWithTheRange() {
        assertThatThrownBy(() -> BatchOptions.of(o -> o.shards(65)))
                .isInstanceOf(JobValidationException.class).hasMessageContaining("use 1 to 64");
    }

    @Test
    void callbackWithACallerJobId_isRejected_becauseJobkitNamesCallbacks() {
        EnqueueRequest cb = EnqueueRequest.of("done", Map.of(), JobOptions.of(o -> o.jobId("mine")));
        assertThatThrownBy(() -> BatchOptions.of(o -> o.onComplete(cb)))
                .isInstanceOf(JobValidationException.class).hasMessageContaining("sets jobId");
    }

    @Test
    void chainOfChains_andEmptyChains_areRejected() {
        assertThatThrownBy(() -> Flow.chain()).isInstanceOf(JobValidationException.class).hasMessageContaining("at least one step");
        assertThatThrownBy(() -> Flow.chain(Flow.job("a", Map.of()), Flow.chain(Flow.job("b", Map.of()))))
                .isInstanceOf(JobValidationException.class).hasMessageContaining("chain step 2 is itself a chain");
        assertThat(Flow.batch(List.of(Flow.chain(Flow.job("a", Map.of()))))).isInstanceOf(Flow.Batch.class);
    }

    @Test
    void shardOf_isStableAndInRange() {
        for (String id : List.of("a", "batch-1", "0193a4c2-7d1e-7b3a-9f00-1c2d3e4f5a6b")) {
            int s = WorkflowStore.shardOf(id, 7);
            assertThat(s).isBetween(0, 6).isEqualTo(WorkflowStore.shardOf(id, 7));
        }
    }
}
