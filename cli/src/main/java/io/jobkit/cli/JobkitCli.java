package io.jobkit.cli;

import io.jobkit.cli.admin.AdminCommand;
import io.jobkit.cli.admin.DashboardCommand;
import io.jobkit.cli.jobs.AwaitCommand;
import io.jobkit.cli.jobs.CancelCommand;
import io.jobkit.cli.jobs.EnqueueCommand;
import io.jobkit.cli.jobs.ListCommand;
import io.jobkit.cli.jobs.LogsCommand;
import io.jobkit.cli.jobs.RetryCommand;
import io.jobkit.cli.jobs.StatusCommand;
import io.jobkit.cli.local.LocalCommand;
import io.jobkit.cli.provision.ProvisionCommand;
import io.jobkit.cli.queues.DlqCommand;
import io.jobkit.cli.queues.QueuesCommand;
import io.jobkit.cli.schedules.SchedulesCommand;
import io.jobkit.cli.workers.WorkerCommand;
import io.jobkit.cli.workers.WorkersCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code jobkit}: the operator's command line. Each command is one class; adding one is one class and one line in
 * {@code subcommands} below.
 *
 * <ol>
 *   <li>{@link #commandLine} wires picocli to an environment map and the two output streams — {@link #main} passes
 *       the process's, tests their own — and installs the error handler (one sentence on stderr, exit 1 or 2).</li>
 *   <li>A command reads the global options and the {@code JobClient} through {@link CliContext}; the client is built
 *       on first use and closed when the command returns.</li>
 * </ol>
 */
@Command(name = "jobkit", mixinStandardHelpOptions = true, versionProvider = JobkitCli.Version.class,
        description = "Background jobs on AWS: enqueue and inspect jobs, look after queues and DLQs, run a worker.",
        subcommands = {EnqueueCommand.class, StatusCommand.class, ListCommand.class, AwaitCommand.class,
                CancelCommand.class, RetryCommand.class, LogsCommand.class, QueuesCommand.class, DlqCommand.class,
                SchedulesCommand.class, WorkersCommand.class, io.jobkit.cli.metrics.MetricsCommand.class,
                io.jobkit.cli.health.HealthCommand.class, WorkerCommand.class, ProvisionCommand.class,
                LocalCommand.class, io.jobkit.cli.reconcile.ReconcileCommand.class,
                AdminCommand.class, DashboardCommand.class, io.jobkit.cli.admin.AuditCommand.class,
                io.jobkit.cli.workflow.ChainCommand.class, io.jobkit.cli.workflow.BatchCommand.class},
        footer = {"", "Exit codes: 0 success, 1 the operation failed, 2 bad usage.",
                "Configuration: AWS default chains, AWS_ENDPOINT_URL_*, JOBKIT_* (see the README)."})
public final class JobkitCli implements Callable<Integer> {
    @Mixin
    GlobalOptions global = new GlobalOptions();

    @Spec
    CommandSpec spec;

    private final Map<String, String> environment;
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean interactive;
    private CliContext context;

    private JobkitCli(Map<String, String> environment, PrintWriter out, PrintWriter err, boolean interactive) {
        this.environment = environment;
        this.out = out;
        this.err = err;
        this.interactive = interactive;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code = commandLine(System.getenv(), out, err, System.console() != null).execute(args);
        System.exit(code);
    }

    /**
     * The CLI bound to {@code environment} and the given streams; {@code execute(args)} runs one command and returns
     * its exit code.
     */
    public static CommandLine commandLine(Map<String, String> environment, PrintWriter out, PrintWriter err,
                                          boolean interactive) {
        JobkitCli root = new JobkitCli(environment, out, err, interactive);
        ErrorHandler errors = new ErrorHandler(err);
        CommandLine cmd = new CommandLine(root)
                .setOut(out)
                .setErr(err)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(errors)
                .setExecutionExceptionHandler(errors)
                .registerConverter(java.time.Duration.class, new DurationConverter())
                .registerConverter(java.time.Instant.class, new InstantConverter());
        cmd.setExecutionStrategy(parsed -> {
            try {
                io.jobkit.cli.logging.LogFormat.fromEnvironment(environment); // logback read it already; say why not
            } catch (IllegalArgumentException e) {
                err.println("jobkit: " + e.getMessage());
                err.flush();
                return ExitCodes.USAGE;
            }
            try {
                return new CommandLine.RunLast().execute(parsed);
            } finally {
                if (root.context != null) root.context.close();
            }
        });
        return cmd;
    }

    /** The current run's context; built when the first command asks for it. */
    CliContext context() {
        if (context == null) context = new CliContext(environment, out, err, interactive, global);
        return context;
    }

    /** {@code jobkit} alone: the usage, on stderr, as bad usage. */
    @Override
    public Integer call() {
        err.println("jobkit: a command is required; commands: " + String.join(", ", spec.subcommands().keySet()));
        err.println();
        spec.commandLine().usage(err);
        err.flush();
        return ExitCodes.USAGE;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = JobkitCli.class.getPackage().getImplementationVersion();
            return new String[]{"jobkit " + (v != null ? v : "(development build)")};
        }
    }
}
