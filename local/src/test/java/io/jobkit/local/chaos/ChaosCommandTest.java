package io.jobkit.local.chaos;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChaosCommandTest {

    @Test
    void flags_setTheRun_andDurationsTakeUnits() {
        System.setProperty(ChaosCommand.WORKER_CLASSPATH_PROPERTY, "/x/cli.jar:/x/local.jar");
        try {
            ChaosOptions o = ChaosCommand.parse(List.of("--jobs", "2000", "--workers", "2", "--kills", "8",
                    "--fault-rate", "0.1", "--outage", "60s", "--seed", "7", "--kill-interval", "1500ms"));
            assertThat(o.jobs()).isEqualTo(2000);
            assertThat(o.workers()).isEqualTo(2);
            assertThat(o.kills()).isEqualTo(8);
            assertThat(o.faultRate()).isEqualTo(0.1);
            assertThat(o.outage()).isEqualTo(Duration.ofSeconds(60));
            assertThat(o.seed()).isEqualTo(7);
            assertThat(o.killInterval()).isEqualTo(Duration.ofMillis(1500));
            assertThat(o.workerClasspath()).isEqualTo("/x/cli.jar:/x/local.jar");
        } finally {
            System.clearProperty(ChaosCommand.WORKER_CLASSPATH_PROPERTY);
        }
    }

    @Test
    void batchMembers_defaultTo500_zeroTurnsTheBatchOff_andANegativeCountIsRefused(@TempDir Path runDir) {
        System.setProperty(ChaosCommand.WORKER_CLASSPATH_PROPERTY, "/x/cli.jar:/x/local.jar");
        try {
            String dir = runDir.toString();
            assertThat(ChaosCommand.parse(List.of("--run-dir", dir)).batchMembers()).isEqualTo(500);
            assertThat(ChaosCommand.parse(List.of("--batch-members", "0", "--run-dir", dir)).batchMembers()).isZero();
            assertThat(ChaosCommand.parse(List.of("--batch-members", "200", "--concurrency", "4", "--run-dir", dir)))
                    .satisfies(o -> {
                        assertThat(o.batchMembers()).isEqualTo(200);
                        assertThat(o.concurrency()).isEqualTo(4);
                    });
            assertThatThrownBy(() -> ChaosCommand.parse(List.of("--batch-members", "-1")))
                    .hasMessageContaining("--batch-members must not be negative");
        } finally {
            System.clearProperty(ChaosCommand.WORKER_CLASSPATH_PROPERTY);
        }
    }

    @Test
    void badFlags_sayWhatToFix_andExitWithTwo() throws Exception {
        assertThatThrownBy(() -> ChaosCommand.duration("--outage", "a minute")).hasMessageContaining("like 60s or 2m");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ChaosCommand.run(List.of("--fault-rate", "0.9"), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("local/run chaos:");
    }
}
