package io.jobkit.tests.badinput;

import io.jobkit.cli.JobkitCli;
import io.jobkit.tests.support.LocalCloudExtension;
import io.jobkit.tests.support.TestCloud;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code jobkit} command line, run in-process through its real entry point against the local cloud: every
 * mistake exits 2 (usage) or 1 (the operation failed, e.g. an unknown id) with one sentence on stderr that says what
 * to fix, prints nothing on stdout, and writes nothing.
 */
@ExtendWith(LocalCloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliBadInputIT {
    private static final String MISSING_ID = "01a00000-0000-7000-8000-000000000000";

    /** @param exit the exit code the command must end with */
    record Command(int exit, String... args) {
    }

    private TestCloud cloud;

    @BeforeAll
    void provision(TestCloud base) {
        cloud = base.fresh(t -> { });
    }

    static List<BadInput<Command>> cases() {
        return List.of(
                BadInput.of("jobkit frobnicate", new Command(2, "frobnicate"), "unknown command 'frobnicate'", "enqueue"),
                BadInput.of("jobkit list --colour", new Command(2, "list", "--colour"), "Unknown option: '--colour'"),
                BadInput.of("jobkit enqueue (no type)", new Command(2, "enqueue"), "Missing required parameter: 'TYPE'"),
                BadInput.of("jobkit enqueue 'send email'", new Command(2, "enqueue", "send email"),
                        "job type 'send email' is malformed"),
                BadInput.of("jobkit enqueue email.send --payload '{\"to\": ada}'", new Command(2, "enqueue", "email.send", "--payload", "{\"to\": ada}"),
                        "--payload is not valid JSON", "line 1, column"),
                BadInput.of("jobkit enqueue email.send --payload-file missing.json", new Command(2, "enqueue", "email.send", "--payload-file", "/nonexistent/missing.json"),
                        "does not exist"),
                BadInput.of("jobkit enqueue x --payload '{}' --payload-file p.json", new Command(2, "enqueue", "x", "--payload", "{}", "--payload-file", "/nonexistent/p.json"),
                        "not both"),
                BadInput.of("jobkit enqueue x --delay '5 minutes'", new Command(2, "enqueue", "x", "--delay", "5 minutes"),
                        "Invalid value for option '--delay'", "use a number with a unit"),
                BadInput.of("jobkit enqueue x --delay 400d", new Command(2, "enqueue", "x", "--delay", "400d"),
                        "exceeds jobkit's 365-day maximum"),
                BadInput.of("jobkit enqueue x --at tomorrow", new Command(2, "enqueue", "x", "--at", "tomorrow"),
                        "'--at'", "ISO-8601"),
                BadInput.of("jobkit enqueue x --priority urgent", new Command(2, "enqueue", "x", "--priority", "urgent"),
                        "unknown priority 'urgent'", "critical, high, normal, low"),
                BadInput.of("jobkit enqueue x --max-attempts 99", new Command(2, "enqueue", "x", "--max-attempts", "99"),
                        "maxAttempts 99 is out of range; use 1 to 25"),
                BadInput.of("jobkit enqueue x --queue urgent", new Command(2, "enqueue", "x", "--queue", "urgent"),
                        "unknown queue 'urgent'", "critical, high, normal, low"),
                BadInput.of("jobkit enqueue x --group-key g1 (standard queue)", new Command(2, "enqueue", "x", "--group-key", "g1"),
                        "groupKey is only for FIFO queues"),
                BadInput.of("jobkit list --status done", new Command(2, "list", "--status", "done"), "unknown status 'done'", "succeeded"),
                BadInput.of("jobkit list --limit 0", new Command(2, "list", "--limit", "0"), "limit 0 is out of range"),
                BadInput.of("jobkit status <unknown id>", new Command(1, "status", MISSING_ID), "no job with id '" + MISSING_ID + "'"),
                BadInput.of("jobkit cancel <unknown id>", new Command(1, "cancel", MISSING_ID), "no job with id '" + MISSING_ID + "'"),
                BadInput.of("jobkit retry <unknown id>", new Command(1, "retry", MISSING_ID), "no job with id '" + MISSING_ID + "'"),
                BadInput.of("jobkit dlq peek urgent", new Command(2, "dlq", "peek", "urgent"), "unknown queue 'urgent'"),
                BadInput.of("jobkit dlq redrive normal --max-per-second 0", new Command(2, "dlq", "redrive", "normal", "--max-per-second", "0"),
                        "out of range; use 1 to 500"),
                BadInput.of("jobkit worker --queues normal,urgent", new Command(2, "worker", "--queues", "normal,urgent"),
                        "unknown queue 'urgent'"),
                BadInput.of("jobkit schedules create nightly --type r --cron '0 9 * *'", new Command(2, "schedules", "create", "nightly", "--type", "r", "--cron", "0 9 * *"),
                        "expected 5 fields"),
                BadInput.of("jobkit schedules create nightly --type r --cron '0 9 * * *' --tz Mars/Olympus", new Command(2, "schedules", "create", "nightly", "--type", "r", "--cron", "0 9 * * *", "--tz", "Mars/Olympus"),
                        "time zone 'Mars/Olympus' is not a known IANA time zone id"),
                BadInput.of("jobkit schedules create nightly --type r --cron '0 9 * * *' --start yesterday", new Command(2, "schedules", "create", "nightly", "--type", "r", "--cron", "0 9 * * *", "--start", "yesterday"),
                        "'--start'", "ISO-8601"),
                BadInput.of("jobkit schedules pause <unknown name>", new Command(1, "schedules", "pause", "no-such-schedule"),
                        "no recurring schedule is named 'no-such-schedule'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aBadCommand_exitsWithOneSentenceSayingWhatToFix_andWritesNothing(BadInput<Command> c) {
        Footprint before = Footprint.of(cloud);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = JobkitCli.commandLine(cloud.environment(), new PrintWriter(out), new PrintWriter(err), false)
                .execute(c.act().args());

        String run = "exit " + exit + ", stdout [" + out + "], stderr [" + err + "]";
        assertThat(exit).as(run).isEqualTo(c.act().exit());
        assertThat(out.toString()).as("stdout").isEmpty();
        assertThat(err.toString().strip()).as("one line on stderr").doesNotContain("\n").contains(c.expected());
        assertThat(err.toString()).as("no stack trace").doesNotContain("Exception", "\tat ");
        assertThat(Footprint.of(cloud)).as("items, messages and schedules after the command").isEqualTo(before);
    }
}
