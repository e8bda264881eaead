package io.jobkit.cli.jobs;

import io.jobkit.client.view.JobView;

import io.jobkit.cli.CliCommand;
import io.jobkit.client.Job;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jobkit status ID}: everything the record knows. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show a job: status, attempts, progress, result or error, timestamps, last log lines.",
        footer = {"", "Example:", "  jobkit status 0193a4c2-7d1e-7b3a-9f00-1c2d3e4f5a6b"})
public final class StatusCommand extends CliCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "The job id.")
    String id;

    @Override
    public Integer call() {
        Job job = JobLookup.require(cli().client(), id);
        output().print(JobView.of(job), () -> JobText.print(output(), job, cli().client().runtime().clock().instant()));
        return 0;
    }
}
