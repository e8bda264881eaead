package io.jobkit.cli.schedules;

import io.jobkit.cli.CliCommand;
import io.jobkit.cli.CliFailure;
import io.jobkit.client.schedule.ScheduleInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jobkit schedules resume NAME}. */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = "Fire a paused schedule again from now on; missed firings are not made up.",
        footer = {"", "Example:", "  jobkit schedules resume weekday-digest"})
public final class SchedulesResumeCommand extends CliCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The schedule name.")
    String name;

    @Override
    public Integer call() {
        ScheduleInfo info = cli().client().schedules().resume(name)
                .orElseThrow(() -> new CliFailure("no recurring schedule is named '" + name + "'"));
        output().print(ScheduleView.of(info), () -> output().line(name + " is " + (info.enabled() ? "enabled" : "paused")));
        return 0;
    }
}
