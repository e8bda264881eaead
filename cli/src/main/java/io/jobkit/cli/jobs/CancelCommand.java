package io.jobkit.cli.jobs;

import io.jobkit.cli.CliCommand;
import io.jobkit.cli.CliFailure;
import io.jobkit.client.CancelResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jobkit cancel ID}. */
@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = {"Cancel a job.", "A waiting job (scheduled, queued, retrying) is CANCELLED at once and never runs;",
                "a running job is asked to stop: its worker interrupts it within one lease extension."},
        footer = {"", "Example:", "  jobkit cancel 0193a4c2-7d1e-7b3a-9f00-1c2d3e4f5a6b"})
public final class CancelCommand extends CliCommand {
    /** The JSON shape of the result: {@code outcome} is CANCELLED or CANCEL_REQUESTED. */
    public record Cancelled(String id, String outcome, String status) {
    }

    @Parameters(index = "0", paramLabel = "ID", description = "The job id.")
    String id;

    @Override
    public Integer call() {
        CancelResult r = cli().client().cancel(id);
        switch (r.outcome()) {
            case NOT_FOUND -> throw JobLookup.notFound(id);
            case ALREADY_FINISHED -> throw new CliFailure("job " + id + " already finished as " + r.status() + "; nothing to cancel");
            default -> {
                String text = r.outcome() == CancelResult.Outcome.CANCELLED ? "cancelled job " + id
                        : "job " + id + " is running; its worker was asked to stop it";
                output().print(new Cancelled(id, r.outcome().name(), r.status().name()), () -> output().line(text));
                return 0;
            }
        }
    }
}
