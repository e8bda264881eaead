package io.jobkit.client;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobIdOptionTest {

    @Test
    void jobId_isKeptAndCopied() {
        JobOptions o = JobOptions.of(b -> b.jobId("report-2026-11"));
        assertThat(o.jobId()).isEqualTo("report-2026-11");
        assertThat(o.toBuilder().build()).isEqualTo(o);
        assertThat(JobOptions.defaults().jobId()).isNull();
    }

    @Test
    void jobId_blankTooLongOrWithWhitespace_isRejectedWithHowToFix() {
        assertThatThrownBy(() -> JobOptions.of(b -> b.jobId(" "))).isInstanceOf(JobValidationException.class)
                .hasMessageContaining("blank");
        assertThatThrownBy(() -> JobOptions.of(b -> b.jobId("x".repeat(257)))).hasMessageContaining("limit is 256");
        assertThatThrownBy(() -> JobOptions.of(b -> b.jobId("report 2026"))).hasMessageContaining("whitespace");
        assertThatThrownBy(() -> JobOptions.of(b -> b.jobId("a\u0001b"))).hasMessageContaining("control");
    }
}
