package io.jobkit.cli.jobs;

import io.jobkit.cli.CliCommand;
import io.jobkit.cli.CliFailure;
import io.jobkit.client.Job;
import io.jobkit.client.JobClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.List;

/**
 * {@code jobkit logs ID [--follow]}: the log lines kept on the job record, each {@code <time> <LEVEL> <text>}.
 * {@code --follow} polls the record and prints lines as they appear until the job is terminal.
 */
@Command(name = "logs", mixinStandardHelpOptions = true,
        description = {"Print a job's last log lines (time, level, text and key=value fields).", "The record keeps the"
                + " last 20; the full log is wherever the worker's logs go (e.g. CloudWatch Logs), each line tagged with"
                + " the job id.", "With --follow, keep printing new lines until the job succeeds, fails or is cancelled."},
        footer = {"", "Examples:", "  jobkit logs 0193a4c2-7d1e-7b3a-9f00-1c2d3e4f5a6b",
                "  jobkit logs --follow --interval 2s 0193a4c2-7d1e-7b3a-9f00-1c2d3e4f5a6b"})
public final class LogsCommand extends CliCommand {
    /** The JSON shape of the result. */
    public record Logs(String id, String status, List<String> logs) {
    }

    @Parameters(index = "0", paramLabel = "ID", description = "The job id.")
    String id;

    @Option(names = {"-f", "--follow"}, description = "Poll until the job is terminal, printing new lines.")
    boolean follow;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "1s",
            description = "How often --follow reads the record (default ${DEFAULT-VALUE}).")
    Duration interval;

    @Override
    public Integer call() {
        JobClient client = cli().client();
        Job job = JobLookup.require(client, id);
        if (!follow) {
            output().print(new Logs(job.id(), job.status().name(), job.logs()), () -> {
                if (job.logs().isEmpty()) output().note("job " + id + " has no log lines (yet)");
                job.logs().forEach(output()::line);
            });
            return 0;
        }
        if (output().json()) {
            throw new CliFailure("--follow prints lines as they come and has no --json form; use `jobkit logs " + id
                    + " --json` for the lines kept now");
        }
        if (interval.isNegative() || interval.isZero() || interval.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new CliFailure("--interval " + interval + " is out of range; use a duration from 1ms to 5m, e.g. 1s");
        }
        return follow(client, job);
    }

    private Integer follow(JobClient client, Job job) {
        LogTail tail = new LogTail();
        while (true) {
            tail.newLines(job.logs()).forEach(output()::line);
            if (job.status().isTerminal()) {
                output().note("job " + job.id() + " is " + job.status());
                return 0;
            }
            try {
                Thread.sleep(interval.toMillis()); // polling an external record: waiting, not logic
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            }
            job = JobLookup.require(client, id);
        }
    }
}
