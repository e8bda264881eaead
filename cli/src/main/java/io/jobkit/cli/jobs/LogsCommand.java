package io.jobkit.cli.jobs;

import io.jobkit.cli.CliCommand;
import io.jobkit.client.Job;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code jobkit logs ID}: the log lines kept on the job record. */
@Command(name = "logs", mixinStandardHelpOptions = true,
        description = {"Print a job's last log lines.", "The record keeps the last 20; the full log is wherever the worker's"
                + " logs go (e.g. CloudWatch Logs), each line tagged with the job id."},
        footer = {"", "Example:", "  jobkit logs 0193a4c2-7d1e-7b3a-9f00-1c2d3e4f5a6b"})
public final class LogsCommand extends CliCommand {
    /** The JSON shape of the result. */
    public record Logs(String id, String status, List<String> logs) {
    }

    @Parameters(index = "0", paramLabel = "ID", description = "The job id.")
    String id;

    @Override
    public Integer call() {
        Job job = JobLookup.require(cli().client(), id);
        output().print(new Logs(job.id(), job.status().name(), job.logs()), () -> {
            if (job.logs().isEmpty()) output().note("job " + id + " has no log lines (yet)");
            job.logs().forEach(output()::line);
        });
        return 0;
    }
}
