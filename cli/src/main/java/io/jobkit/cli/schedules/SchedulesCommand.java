package io.jobkit.cli.schedules;

import io.jobkit.cli.CliCommand;
import io.jobkit.cli.ExitCodes;
import picocli.CommandLine.Command;

/** {@code jobkit schedules ...}: recurring schedules in EventBridge Scheduler. */
@Command(name = "schedules", mixinStandardHelpOptions = true,
        description = "Create, inspect, pause, resume and delete recurring schedules (EventBridge Scheduler, group <prefix>).",
        subcommands = {SchedulesListCommand.class, SchedulesGetCommand.class, SchedulesCreateCommand.class,
                SchedulesPauseCommand.class, SchedulesResumeCommand.class, SchedulesDeleteCommand.class},
        footer = {"", "Examples:", "  jobkit schedules list",
                "  jobkit schedules create nightly-report --type report.build --expression '0 2 * * *' --tz Europe/Berlin"})
public final class SchedulesCommand extends CliCommand {
    @Override
    public Integer call() {
        cli().err().println("jobkit schedules: a subcommand is required; use list, get, create, pause, resume or delete"
                + " (see 'jobkit schedules --help')");
        return ExitCodes.USAGE;
    }
}
