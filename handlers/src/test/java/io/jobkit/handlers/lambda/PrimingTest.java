package io.jobkit.handlers.lambda;

import io.jobkit.handlers.JobHandlers;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatCode;

class PrimingTest {

    @Test
    void priming_runsWithoutAnyAwsEndpoint() {
        JobHandlers handlers = JobHandlers.builder().handler("noop", Map.class, (p, ctx) -> null).build();
        assertThatCode(() -> Priming.run(handlers)).doesNotThrowAnyException();
    }
}
