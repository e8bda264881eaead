package io.jobkit.cli.schedules;

import io.jobkit.cli.CliCommand;
import io.jobkit.cli.CliFailure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jobkit schedules delete NAME}. */
@Command(name = "delete", mixinStandardHelpOptions = true,
        description = "Delete a recurring schedule; jobs it already enqueued are not affected.",
        footer = {"", "Example:", "  jobkit schedules delete weekday-digest"})
public final class SchedulesDeleteCommand extends CliCommand {
    /** The JSON shape of the result. */
    public record Deleted(String name, boolean deleted) {
    }

    @Parameters(index = "0", paramLabel = "NAME", description = "The schedule name.")
    String name;

    @Override
    public Integer call() {
        if (!cli().client().schedules().delete(name)) {
            throw new CliFailure("no recurring schedule is named '" + name + "'");
        }
        output().print(new Deleted(name, true), () -> output().line("deleted schedule " + name));
        return 0;
    }
}
