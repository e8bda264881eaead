package io.jobkit.local.lambda;

import io.jobkit.client.JobValidationException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventSourceOptionsTest {

    @Test
    void defaults_matchALambdaEventSourceMapping() {
        EventSourceOptions o = EventSourceOptions.builder().build();
        assertThat(o.batchSize()).isEqualTo(10);
        assertThat(o.maximumBatchingWindow()).isZero();
        assertThat(o.maximumConcurrency()).isEqualTo(2);
        assertThat(o.pollWait()).isEqualTo(Duration.ofSeconds(20));
        assertThat(o.toBuilder().build()).isEqualTo(o);
    }

    @Test
    void batchesAboveTen_needABatchingWindow_asOnAws() {
        assertThatThrownBy(() -> EventSourceOptions.builder().batchSize(100).build())
                .isInstanceOf(JobValidationException.class).hasMessageContaining("batching window of at least 1 s");
        assertThat(EventSourceOptions.builder().batchSize(100).maximumBatchingWindow(Duration.ofSeconds(2)).build()
                .batchSize()).isEqualTo(100);
    }

    @Test
    void outOfRangeValues_sayTheRange() {
        assertThatThrownBy(() -> EventSourceOptions.builder().batchSize(0).build()).hasMessageContaining("1 to 10000");
        assertThatThrownBy(() -> EventSourceOptions.builder().maximumConcurrency(0).build()).hasMessageContaining("1 to 1000");
        assertThatThrownBy(() -> EventSourceOptions.builder().pollWait(Duration.ofSeconds(21)).build())
                .hasMessageContaining("0 to 20 s");
        assertThatThrownBy(() -> EventSourceOptions.builder().maximumBatchingWindow(Duration.ofMinutes(6)).build())
                .hasMessageContaining("0 to 300 s");
        assertThatThrownBy(() -> new FunctionSettings("f", Duration.ofMinutes(16), 1024, 1)).hasMessageContaining("1 s to 15 min");
    }
}
