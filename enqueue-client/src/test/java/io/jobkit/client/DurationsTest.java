package io.jobkit.client;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"90s,PT1M30S", "5m,PT5M", "2h,PT2H", "7d,PT168H", "250ms,PT0.25S", "1h30m,PT1H30M", "PT45S,PT45S", "0s,PT0S"})
    void parse_acceptsShortAndIsoForms(String text, String iso) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "m5", "5 minutes", "5x", "1h-3m", "PTX"})
    void parse_rejectsOtherText_withAnExample(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(JobValidationException.class)
                .hasMessageMatching(".*(90s|PT5M).*");
    }

    @ParameterizedTest
    @CsvSource({"PT1H30M,1h30m", "PT45S,45s", "PT0.25S,250ms", "P2D,2d", "PT0S,0s"})
    void format_isCompact(String iso, String text) {
        assertThat(Durations.format(Duration.parse(iso))).isEqualTo(text);
    }
}
