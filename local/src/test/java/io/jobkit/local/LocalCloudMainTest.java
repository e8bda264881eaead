package io.jobkit.local;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line's exit codes and messages; none of these cases starts an emulator. */
class LocalCloudMainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void noCommand_printsUsageAndExits2() throws InterruptedException {
        assertThat(run()).isEqualTo(2);
        assertThat(err()).startsWith("usage: local/run <command>");
    }

    @Test
    void unknownCommand_exits2NamingIt() throws InterruptedException {
        assertThat(run("down")).isEqualTo(2);
        assertThat(err()).startsWith("local/run: unknown command 'down'");
    }

    @Test
    void up_withBadFlag_exits2WithTheReason() throws InterruptedException {
        assertThat(run("up", "--sqs-port", "many")).isEqualTo(2);
        assertThat(err()).contains("local/run up: option --sqs-port needs a port number")
                .contains("local/run up --help");
    }

    @Test
    void up_withInvalidPrefix_exits2WithTheTopologysMessage() throws InterruptedException {
        assertThat(run("up", "--prefix", "Not Valid")).isEqualTo(2);
        assertThat(err()).contains("prefix 'Not Valid' is invalid");
    }

    @Test
    void up_help_printsOptionsAndExits0() throws InterruptedException {
        assertThat(run("up", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--sqs-port N", "--dynamodb-port N", "--scheduler-port N", "--region R",
                "--prefix P");
    }

    @Test
    void up_onBusyPort_exits1NamingPortServiceAndFlag() throws IOException, InterruptedException {
        try (ServerSocket squatter = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int taken = squatter.getLocalPort();

            assertThat(run("up", "--sqs-port", String.valueOf(taken), "--dynamodb-port", "0", "--scheduler-port", "0")).isEqualTo(1);
            assertThat(err()).isEqualTo("local/run: port " + taken + " (SQS) is already in use; choose another with"
                    + " --sqs-port or stop the other process" + System.lineSeparator());
        }
    }

    private int run(String... args) throws InterruptedException {
        return LocalCloudMain.run(args, print(out), print(err));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static PrintStream print(ByteArrayOutputStream buffer) {
        return new PrintStream(buffer, true, StandardCharsets.UTF_8);
    }
}
