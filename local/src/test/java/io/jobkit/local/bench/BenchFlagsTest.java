package io.jobkit.local.bench;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BenchFlagsTest {
    private static final Map<String, Integer> DEFAULTS = Map.of("--jobs", 2000, "--rounds", 2);

    @Test
    void givenOptionsReplaceTheirDefaults_andTheOthersKeepThem() {
        assertThat(BenchFlags.parse(List.of("--jobs", "500"), DEFAULTS)).containsEntry("--jobs", 500).containsEntry("--rounds", 2);
        assertThat(BenchFlags.parse(List.of(), DEFAULTS)).isEqualTo(DEFAULTS);
        assertThat(BenchFlags.parse(List.of("--jobs", "5", "--help"), DEFAULTS)).as("help").isNull();
    }

    @Test
    void badOptions_sayWhatIsWrong() {
        assertThatThrownBy(() -> BenchFlags.parse(List.of("--job", "5"), DEFAULTS)).hasMessage("unknown option '--job'");
        assertThatThrownBy(() -> BenchFlags.parse(List.of("--jobs"), DEFAULTS)).hasMessage("option --jobs needs a value");
        assertThatThrownBy(() -> BenchFlags.parse(List.of("--jobs", "many"), DEFAULTS))
                .hasMessage("option --jobs needs a whole number, not 'many'");
        assertThatThrownBy(() -> BenchFlags.parse(List.of("--rounds", "0"), DEFAULTS)).hasMessage("option --rounds needs a positive number");
    }

    @Test
    void bothBenchCommands_answerABadFlagWithTheUsageAndExitCode2() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThat(BenchCommand.run(List.of("--jobs", "x"), out, new PrintStream(err, true, StandardCharsets.UTF_8))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("local/run bench: option --jobs needs a whole number, not 'x'", "usage:");
        err.reset();
        assertThat(MetricsBenchCommand.run(List.of("--nope", "1"), out, new PrintStream(err, true, StandardCharsets.UTF_8))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("local/run bench-metrics: unknown option '--nope'", "usage:");
    }
}
