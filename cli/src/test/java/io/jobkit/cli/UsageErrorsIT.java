package io.jobkit.cli;

import io.jobkit.cli.support.CliCloud;
import io.jobkit.cli.support.CliRun;
import io.jobkit.cli.support.LocalCloudExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every mistake exits 2 (usage) or 1 (operation) with one clear sentence on stderr, and nothing on stdout. */
@ExtendWith(LocalCloudExtension.class)
class UsageErrorsIT {

    private static void assertError(CliRun run, int exit, String... fragments) {
        assertThat(run.exit()).as(run.toString()).isEqualTo(exit);
        assertThat(run.out()).as("stdout").isEmpty();
        assertThat(run.err().strip()).as("one line on stderr").doesNotContain("\n").contains(fragments);
        assertThat(run.err()).doesNotContain("Exception", "\tat ");
    }

    @Test
    void unknownCommand_exits2_andListsTheCommands(CliCloud cloud) {
        assertError(cloud.run("frobnicate"), 2, "unknown command 'frobnicate'", "enqueue", "dlq");
        assertError(cloud.run("dlq", "rewind", "normal"), 2, "unknown command 'rewind'", "redrive");
        assertError(cloud.run("list", "--colour"), 2, "Unknown option: '--colour'");
        assertError(cloud.run("enqueue"), 2, "Missing required parameter: 'TYPE'");
    }

    @Test
    void malformedJsonPayload_exits2_namingWhereItBroke(CliCloud cloud, @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        assertError(cloud.run("enqueue", "email.send", "--payload", "{\"to\": ada}"), 2,
                "--payload is not valid JSON", "line 1, column");
        Path file = Files.writeString(dir.resolve("p.json"), "[1, 2,");
        assertError(cloud.run("enqueue", "email.send", "--payload-file", file.toString()), 2, "payload file", "is not valid JSON");
        assertError(cloud.run("enqueue", "email.send", "--payload-file", dir.resolve("missing.json").toString()), 2, "does not exist");
        assertError(cloud.run("enqueue", "email.send", "--payload", "{}", "--payload-file", file.toString()), 2, "not both");
        assertThat(cloud.run("list", "--json").json().get("jobs")).as("nothing was enqueued").isEmpty();
    }

    @Test
    void badDurationsPrioritiesAndLimits_exit2(CliCloud cloud) {
        assertError(cloud.run("enqueue", "x", "--delay", "5 minutes"), 2, "Invalid value for option '--delay'",
                "use a number with a unit");
        assertError(cloud.run("enqueue", "x", "--delay", "400d"), 2, "exceeds jobkit's 365-day maximum");
        assertError(cloud.run("await", "some-id", "--timeout", "soon"), 2, "'--timeout'");
        assertError(cloud.run("enqueue", "x", "--priority", "urgent"), 2, "unknown priority 'urgent'");
        assertError(cloud.run("enqueue", "x", "--max-attempts", "99"), 2, "maxAttempts 99 is out of range");
        assertError(cloud.run("list", "--status", "done"), 2, "unknown status 'done'", "succeeded");
        assertError(cloud.run("list", "--limit", "0"), 2, "limit 0 is out of range");
        assertError(cloud.run("dlq", "redrive", "normal", "--max-per-second", "0"), 2, "out of range; use 1 to 500");
        assertError(cloud.run("dlq", "redrive", "normal", "--method", "teleport"), 2, "--method");
    }

    @Test
    void unknownQueue_exits2_listingTheKnownOnes(CliCloud cloud) {
        assertError(cloud.run("dlq", "peek", "urgent"), 2, "unknown queue 'urgent'", "critical, high, normal, low");
        assertError(cloud.run("dlq", "redrive", "urgent"), 2, "unknown queue 'urgent'");
        assertError(cloud.run("dlq", "purge", "urgent", "--yes"), 2, "unknown queue 'urgent'");
        assertError(cloud.run("enqueue", "x", "--queue", "urgent"), 2, "unknown queue 'urgent'");
        assertError(cloud.run("worker", "--queues", "normal,urgent"), 2, "unknown queue 'urgent'");
        assertError(cloud.run("worker", "--enable-webhook", "--types", "email.sned"), 2,
                "serve job type 'email.sned' (--types), but it has no handler for it; it has handlers for [webhook]");
        assertError(cloud.run("worker", "--worker-id", "my worker"), 2, "worker id 'my worker' (flag --worker-id)");
        assertError(cloud.run("worker", "--poll-wait", "30s"), 2, "SQS long polling waits 0 to 20 s");
    }

    @Test
    void unknownJobId_exits1(CliCloud cloud) {
        String missing = "01a00000-0000-7000-8000-000000000000";
        for (String command : new String[]{"status", "cancel", "retry", "logs", "await"}) {
            assertError(cloud.run(command, missing), 1, "no job with id '" + missing + "'");
        }
    }

    @Test
    void unreachableEndpoint_exits1_withOneSentence(CliCloud cloud) {
        Map<String, String> env = cloud.environment();
        CliRun run = cloud.run(env, "--endpoint-url", "http://127.0.0.1:9", "status", "some-id");
        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(run.err().strip()).doesNotContain("\n").contains("could not talk to AWS");
        CliRun verbose = cloud.run(env, "--endpoint-url", "http://127.0.0.1:9", "status", "some-id", "--verbose");
        assertThat(verbose.err()).as("--verbose adds the stack trace").contains("\tat ");
    }
}
