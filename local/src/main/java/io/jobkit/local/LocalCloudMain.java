package io.jobkit.local;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The entry point behind {@code local/run}: {@code local/run <command> [options]}. Exit codes: 0 done, 1 failed
 * (e.g. a busy port), 2 bad command line. A command is one entry in {@link #COMMANDS}; {@code demo} and
 * {@code bridge} join the same way.
 */
public final class LocalCloudMain {
    static final int EXIT_OK = 0;
    static final int EXIT_FAILURE = 1;
    static final int EXIT_USAGE = 2;

    private static final Map<String, Command> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("up", new UpCommand());
        COMMANDS.put("demo", new DemoCommand());
        COMMANDS.put("bridge", new BridgeCommand());
        COMMANDS.put("bench", (args, out, err) -> io.jobkit.local.bench.BenchCommand.run(args, out, err));
        COMMANDS.put("bench-metrics", (args, out, err) -> {
            try {
                return io.jobkit.local.bench.MetricsBenchCommand.run(args, out, err);
            } catch (java.io.FileNotFoundException e) {
                err.println("local/run bench-metrics: cannot open /dev/null for the EMF lines: " + e.getMessage());
                return EXIT_FAILURE;
            }
        });
        COMMANDS.put("chaos", (args, out, err) -> io.jobkit.local.chaos.ChaosCommand.run(args, out, err));
    }

    private LocalCloudMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        int code = run(args, System.out, System.err);
        if (code != EXIT_OK) System.exit(code);
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            (args.length == 0 ? err : out).println(usage());
            return args.length == 0 ? EXIT_USAGE : EXIT_OK;
        }
        Command command = COMMANDS.get(args[0]);
        if (command == null) {
            err.println("local/run: unknown command '" + args[0] + "'");
            err.println(usage());
            return EXIT_USAGE;
        }
        try {
            return command.run(Arrays.asList(args).subList(1, args.length), out, err);
        } catch (UsageException e) {
            err.println("local/run " + args[0] + ": " + e.getMessage());
            err.println("run 'local/run " + args[0] + " --help' for the options");
            return EXIT_USAGE;
        }
    }

    private static String usage() {
        return "usage: local/run <command> [options]\n\ncommands: " + String.join(", ", COMMANDS.keySet())
                + "\nrun 'local/run <command> --help' for a command's options";
    }

    /** One subcommand of {@code local/run}. */
    interface Command {
        /** Runs the command and returns its exit code; a bad command line is a {@link UsageException}. */
        int run(List<String> args, PrintStream out, PrintStream err) throws UsageException, InterruptedException;
    }
}
