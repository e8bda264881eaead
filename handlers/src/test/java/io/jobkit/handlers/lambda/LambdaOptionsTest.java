package io.jobkit.handlers.lambda;

import io.jobkit.client.JobValidationException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LambdaOptionsTest {

    @Test
    void defaults_suitASmallFunction() {
        LambdaOptions o = LambdaOptions.defaults();
        assertThat(o.parallelism()).isEqualTo(4);
        assertThat(o.safetyMargin()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.processor().cancelGrace()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void environment_overridesEachSetting() {
        LambdaOptions o = LambdaOptions.fromEnvironment(Map.of(LambdaOptions.PARALLELISM_ENV, " 2 ",
                LambdaOptions.SAFETY_MARGIN_ENV, "8s", LambdaOptions.CANCEL_GRACE_ENV, "3s"));
        assertThat(o.parallelism()).isEqualTo(2);
        assertThat(o.safetyMargin()).isEqualTo(Duration.ofSeconds(8));
        assertThat(o.processor().cancelGrace()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void badValues_nameTheVariable() {
        assertThatThrownBy(() -> LambdaOptions.fromEnvironment(Map.of(LambdaOptions.PARALLELISM_ENV, "many")))
                .isInstanceOf(JobValidationException.class).hasMessageContaining("JOBKIT_LAMBDA_PARALLELISM 'many'");
        assertThatThrownBy(() -> LambdaOptions.fromEnvironment(Map.of(LambdaOptions.PARALLELISM_ENV, "0")))
                .hasMessageContaining("use 1 to 100");
        assertThatThrownBy(() -> LambdaOptions.fromEnvironment(Map.of(LambdaOptions.SAFETY_MARGIN_ENV, "soon")))
                .hasMessageStartingWith("JOBKIT_LAMBDA_SAFETY_MARGIN:");
    }

    @Test
    void safetyMargin_mustLeaveTimeToRecordAfterTheCancelGrace() {
        assertThatThrownBy(() -> LambdaOptions.builder().safetyMargin(Duration.ofSeconds(2)).build())
                .hasMessageContaining("cancel grace (2s) plus 1s");
        assertThat(LambdaOptions.builder().safetyMargin(Duration.ofSeconds(3)).build().safetyMargin())
                .isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void toBuilder_copiesEverything() {
        LambdaOptions o = LambdaOptions.builder().parallelism(7).processor(p -> p.workerId("w-1")).build();
        assertThat(o.toBuilder().build()).isEqualTo(o);
    }
}
