package io.jobkit.cli.jobs;

import io.jobkit.cli.CliCommand;
import io.jobkit.cli.CliFailure;
import io.jobkit.client.RetryResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jobkit retry ID}: a FAILED job runs again as a fresh attempt cycle. */
@Command(name = "retry", mixinStandardHelpOptions = true,
        description = {"Run a FAILED job again as a fresh attempt cycle.",
                "The job is QUEUED again with all its attempts and its stored message is sent to its queue.",
                "Its old copy in the DLQ becomes stale: redriving it later is harmless, the worker drops it."},
        footer = {"", "Example:", "  jobkit retry 0193a4c2-7d1e-7b3a-9f00-1c2d3e4f5a6b"})
public final class RetryCommand extends CliCommand {
    /** The JSON shape of the result. */
    public record Retried(String id, String outcome, String status, int cycle) {
    }

    @Parameters(index = "0", paramLabel = "ID", description = "The job id.")
    String id;

    @Override
    public Integer call() {
        RetryResult r = cli().client().retry(id);
        switch (r.outcome()) {
            case NOT_FOUND -> throw JobLookup.notFound(id);
            case NOT_FAILED -> throw new CliFailure("job " + id + " is " + r.status() + "; only FAILED jobs can be retried");
            case ENVELOPE_EXPIRED -> throw new CliFailure("job " + id + " can no longer be retried: its stored message"
                    + " (payload) has expired with the job's retention; enqueue it again");
            default -> {
                output().print(new Retried(id, r.outcome().name(), r.status().name(), r.cycle()),
                        () -> output().line("job " + id + " is QUEUED again as attempt cycle " + r.cycle()));
                return 0;
            }
        }
    }
}
