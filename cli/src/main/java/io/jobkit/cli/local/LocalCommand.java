package io.jobkit.cli.local;

import io.jobkit.cli.CliCommand;
import io.jobkit.cli.CliFailure;
import io.jobkit.cli.JobkitCli;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code jobkit local up|demo}: hands over to {@code local/run} of the jobkit checkout this jar was built in. The
 * emulators are not in the CLI jar (they are large, and production images must not carry them); the {@code ./jobkit}
 * launcher calls {@code local/run} directly without starting this JVM first.
 */
@Command(name = "local", mixinStandardHelpOptions = true,
        description = {"Run the local cloud (SQS, DynamoDB, Scheduler, a worker) in the foreground.",
                "Runs local/run of the jobkit checkout: 'up' starts it; 'demo' also enqueues a mix of demo jobs."},
        footer = {"", "Examples:", "  jobkit local up", "  jobkit local demo --concurrency 4"})
public final class LocalCommand extends CliCommand {
    @Parameters(index = "0", paramLabel = "up|demo", description = "What to run.")
    String action;

    @Unmatched
    List<String> rest = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (!action.equals("up") && !action.equals("demo")) {
            throw new io.jobkit.client.JobValidationException("unknown local action '" + action + "'; use up or demo");
        }
        Path run = findRunScript();
        List<String> command = new ArrayList<>(List.of(run.toString(), action));
        command.addAll(rest);
        Process p = new ProcessBuilder(command).inheritIO().start();
        return p.waitFor();
    }

    private static Path findRunScript() {
        try {
            Path here = Path.of(JobkitCli.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path dir = here.getParent(); dir != null; dir = dir.getParent()) {
                Path run = dir.resolve("local").resolve("run");
                if (Files.isExecutable(run)) return run;
            }
        } catch (URISyntaxException | SecurityException e) {
            // fall through: no checkout to be found
        }
        throw new CliFailure("local/run was not found next to this jar; run 'jobkit local' from a jobkit checkout");
    }
}
