package io.jobkit.cli.queues;

import io.jobkit.client.queues.RedriveMethod;
import io.jobkit.client.queues.RedriveProgress;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressBarTest {

    @Test
    void render_showsCountTotalPercentRateAndMethod() {
        String line = ProgressBar.render(new RedriveProgress(RedriveMethod.MOVE_LOOP, "RUNNING", 250, 500, Duration.ofSeconds(2)));
        assertThat(line).isEqualTo("[###############---------------] 250/500  50% 125.0 msg/s  loop RUNNING");
    }

    @Test
    void render_neverShowsMoreMovedThanTotal_whenTheTotalWasUndercounted() {
        String line = ProgressBar.render(new RedriveProgress(RedriveMethod.MOVE_TASK, "COMPLETED", 12, 10, Duration.ofSeconds(1)));
        assertThat(line).contains("12/12 100%", "task COMPLETED");
    }

    @Test
    void withoutATerminal_printsAtMostALineEvery2Seconds_andAlwaysTheLast() {
        StringWriter err = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(err), false);
        for (int i = 1; i <= 50; i++) {
            bar.accept(new RedriveProgress(RedriveMethod.MOVE_LOOP, "RUNNING", i * 10L, 500, Duration.ofMillis(i * 10L)));
        }
        bar.finish();
        String[] lines = err.toString().split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).contains("10/500");
        assertThat(lines[1]).contains("500/500");
    }
}
