package io.jobkit.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every command answers {@code --help} with its usage and an example, and exits 0; no AWS is touched. */
class HelpTest {

    private static List<List<String>> commandPaths(CommandLine cmd, List<String> prefix) {
        List<List<String>> paths = new ArrayList<>();
        for (Map.Entry<String, CommandLine> sub : cmd.getSubcommands().entrySet()) {
            List<String> path = new ArrayList<>(prefix);
            path.add(sub.getKey());
            paths.add(path);
            paths.addAll(commandPaths(sub.getValue(), path));
        }
        return paths;
    }

    @Test
    void everyCommand_hasHelp_withAnExample() {
        CommandLine root = JobkitCli.commandLine(Map.of(), new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), false);
        List<List<String>> paths = commandPaths(root, List.of());
        assertThat(paths).extracting(p -> String.join(" ", p)).contains("enqueue", "status", "list", "await", "cancel",
                "retry", "logs", "queues", "dlq", "dlq list", "dlq peek", "dlq redrive", "dlq purge", "schedules",
                "schedules list", "schedules get", "schedules create", "schedules pause", "schedules resume",
                "schedules delete", "workers", "worker", "provision", "local");
        for (List<String> path : paths) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            int exit = JobkitCli.commandLine(Map.of(), new PrintWriter(out), new PrintWriter(err), false)
                    .execute(args.toArray(String[]::new));
            String name = "jobkit " + String.join(" ", path);
            assertThat(exit).as(name).isZero();
            assertThat(out.toString()).as(name).contains("Usage: " + name);
            if (!path.equals(List.of("dlq"))) assertThat(out.toString()).as(name).contains("Example");
            assertThat(err.toString()).as(name).isEmpty();
        }
    }

    @Test
    void noCommand_printsTheUsageOnStderr_andExits2() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = JobkitCli.commandLine(Map.of(), new PrintWriter(out), new PrintWriter(err), false).execute();
        assertThat(exit).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).startsWith("jobkit: a command is required").contains("Usage: jobkit");
    }
}
