package io.jobkit.cli.schedules;

import io.jobkit.cli.CliCommand;
import io.jobkit.cli.Text;
import io.jobkit.client.schedule.ScheduleInfo;
import picocli.CommandLine.Command;

import java.time.Instant;
import java.util.List;

/** {@code jobkit schedules list}. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the recurring schedules with their next firing (not the one-time schedules of delayed jobs).",
        footer = {"", "Example:", "  jobkit schedules list --json"})
public final class SchedulesListCommand extends CliCommand {
    @Override
    public Integer call() {
        List<ScheduleInfo> schedules = cli().client().schedules().list();
        Instant now = cli().client().runtime().clock().instant();
        output().print(schedules.stream().map(ScheduleView::of).toList(), () -> {
            if (schedules.isEmpty()) {
                output().note("no recurring schedules");
                return;
            }
            output().table(List.of("NAME", "TYPE", "EXPRESSION", "ZONE", "STATE", "NEXT"), schedules.stream().map(s -> List.of(
                    s.name(), s.schedule().type(), s.schedule().expression().original(), s.schedule().zone().getId(),
                    s.enabled() ? "enabled" : "paused",
                    s.nextFireTimes().isEmpty() ? "-" : Text.iso(s.nextFireTimes().get(0)) + " (" + Text.when(s.nextFireTimes().get(0), now) + ")"))
                    .toList());
        });
        return 0;
    }
}
