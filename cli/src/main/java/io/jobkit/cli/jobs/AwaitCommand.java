package io.jobkit.cli.jobs;

import io.jobkit.client.view.JobView;

import io.jobkit.cli.CliCommand;
import io.jobkit.cli.ExitCodes;
import io.jobkit.cli.Text;
import io.jobkit.client.AwaitResult;
import io.jobkit.client.JobStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;

/** {@code jobkit await ID}: block until the job finishes; exit 0 only if it succeeded. */
@Command(name = "await", mixinStandardHelpOptions = true,
        description = {"Wait until a job finishes, then show it.",
                "Exits 0 when it SUCCEEDED, 1 when it FAILED, was CANCELLED, or the timeout passed first."},
        footer = {"", "Example:", "  jobkit await $(jobkit enqueue report.build) --timeout 10m && echo done"})
public final class AwaitCommand extends CliCommand {
    /** The JSON shape of the result: {@code outcome} is FINISHED or TIMED_OUT. */
    public record Awaited(String id, String outcome, JobView job) {
    }

    @Parameters(index = "0", paramLabel = "ID", description = "The job id.")
    String id;

    @Option(names = "--timeout", paramLabel = "D", defaultValue = "5m", description = "How long to wait (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() {
        AwaitResult r = cli().client().await(id, timeout);
        if (r.outcome() == AwaitResult.Outcome.NOT_FOUND) throw JobLookup.notFound(id);
        output().print(new Awaited(id, r.outcome().name(), JobView.of(r.job())),
                () -> JobText.print(output(), r.job(), cli().client().runtime().clock().instant()));
        if (r.outcome() == AwaitResult.Outcome.TIMED_OUT) {
            output().note("jobkit await: job " + id + " is still " + r.job().status() + " after " + Text.age(timeout));
            return ExitCodes.FAILED;
        }
        if (r.job().status() != JobStatus.SUCCEEDED) {
            output().note("jobkit await: job " + id + " finished as " + r.job().status());
            return ExitCodes.FAILED;
        }
        return ExitCodes.OK;
    }

}
