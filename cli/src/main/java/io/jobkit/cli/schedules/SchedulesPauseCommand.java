package io.jobkit.cli.schedules;

import io.jobkit.cli.CliCommand;
import io.jobkit.cli.CliFailure;
import io.jobkit.client.schedule.ScheduleInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jobkit schedules pause NAME}. */
@Command(name = "pause", mixinStandardHelpOptions = true,
        description = "Stop a schedule's firings until it is resumed.",
        footer = {"", "Example:", "  jobkit schedules pause weekday-digest"})
public final class SchedulesPauseCommand extends CliCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The schedule name.")
    String name;

    @Override
    public Integer call() {
        ScheduleInfo info = cli().client().schedules().pause(name)
                .orElseThrow(() -> new CliFailure("no recurring schedule is named '" + name + "'"));
        output().print(ScheduleView.of(info), () -> output().line(name + " is " + (info.enabled() ? "enabled" : "paused")));
        return 0;
    }
}
