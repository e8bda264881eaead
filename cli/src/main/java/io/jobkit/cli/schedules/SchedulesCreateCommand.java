package io.jobkit.cli.schedules;

import io.jobkit.cli.CliCommand;
import io.jobkit.cli.JobOptionFlags;
import io.jobkit.cli.PayloadOptions;
import io.jobkit.client.schedule.ScheduleInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Instant;

/** {@code jobkit schedules create NAME --type T --expression E}: create or replace a recurring schedule. */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = {"Create a recurring schedule, or replace the one with the same name, and show its next firings.",
                "Each firing enqueues one job of TYPE with the payload."},
        footer = {"", "Expressions: Unix cron '0 9 * * 1-5', AWS 'cron(0 9 ? * MON-FRI *)' or 'rate(5 minutes)',",
                "or 'every 15 minutes|hours|days'.", "", "Examples:",
                "  jobkit schedules create weekday-digest --type email.digest --expression '0 9 * * 1-5' --tz Europe/Berlin",
                "  jobkit schedules create cleanup --type db.vacuum --expression 'every 6 hours' --payload '{\"table\":\"events\"}'"})
public final class SchedulesCreateCommand extends CliCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "Schedule name: 1-64 of [0-9a-zA-Z-_.], not starting with 'job-'.")
    String name;

    @Option(names = "--type", required = true, paramLabel = "TYPE", description = "The job type each firing enqueues.")
    String type;

    @Option(names = {"--expression", "--cron"}, required = true, paramLabel = "EXPR", description = "When to fire (see below).")
    String expression;

    @Option(names = "--tz", paramLabel = "ZONE", description = "IANA time zone of the expression (default UTC).")
    String timeZone;

    @Mixin
    PayloadOptions payload = new PayloadOptions();

    @Mixin
    JobOptionFlags options = new JobOptionFlags();

    @Option(names = "--start", paramLabel = "TIME", description = "No firing before this ISO-8601 time.")
    Instant start;

    @Option(names = "--end", paramLabel = "TIME", description = "No firing from this ISO-8601 time on.")
    Instant end;

    @Option(names = "--paused", description = "Create it paused.")
    boolean paused;

    @Override
    public Integer call() {
        ScheduleInfo info = cli().client().schedules().upsert(s -> {
            s.name(name).type(type).expression(expression).payload(payload.payload()).enabled(!paused);
            if (timeZone != null) s.timeZone(timeZone);
            if (start != null) s.start(start);
            if (end != null) s.end(end);
            s.options(options::applyTo);
        });
        output().print(ScheduleView.of(info), () -> ScheduleView.print(output(), info, cli().client().runtime().clock().instant()));
        return 0;
    }
}
