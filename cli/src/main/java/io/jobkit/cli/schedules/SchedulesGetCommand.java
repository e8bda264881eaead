package io.jobkit.cli.schedules;

import io.jobkit.cli.CliCommand;
import io.jobkit.cli.CliFailure;
import io.jobkit.client.schedule.ScheduleInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jobkit schedules get NAME}. */
@Command(name = "get", mixinStandardHelpOptions = true,
        description = "Show one recurring schedule: its job, expression, time zone, state and next five firings.",
        footer = {"", "Example:", "  jobkit schedules get weekday-digest"})
public final class SchedulesGetCommand extends CliCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The schedule name.")
    String name;

    @Override
    public Integer call() {
        ScheduleInfo info = cli().client().schedules().get(name)
                .orElseThrow(() -> new CliFailure("no recurring schedule is named '" + name + "'"));
        output().print(ScheduleView.of(info), () -> ScheduleView.print(output(), info, cli().client().runtime().clock().instant()));
        return 0;
    }
}
