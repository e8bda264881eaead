package io.jobkit.cli.schedules;

import io.jobkit.cli.CliCommand;
import io.jobkit.cli.PayloadOptions;
import io.jobkit.client.Priority;
import io.jobkit.client.schedule.ScheduleInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

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

    @Option(names = "--priority", paramLabel = "P", description = "critical, high, normal (default), low, or 0-10.")
    String priority;

    @Option(names = "--queue", paramLabel = "QUEUE", description = "Send to this queue instead of routing by type and priority.")
    String queue;

    @Option(names = "--max-attempts", paramLabel = "N", description = "Attempts per firing (1-25, default 3).")
    Integer maxAttempts;

    @Option(names = "--timeout", paramLabel = "D", description = "One attempt's time limit (default 15m).")
    Duration timeout;

    @Option(names = "--start", paramLabel = "TIME", description = "No firing before this ISO-8601 time.")
    Instant start;

    @Option(names = "--end", paramLabel = "TIME", description = "No firing from this ISO-8601 time on.")
    Instant end;

    @Option(names = "--paused", description = "Create it paused.")
    boolean paused;

    @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "A tag on every job it enqueues (repeatable).")
    Map<String, String> tags = new LinkedHashMap<>();

    @Override
    public Integer call() {
        ScheduleInfo info = cli().client().schedules().upsert(s -> {
            s.name(name).type(type).expression(expression).payload(payload.payload()).enabled(!paused);
            if (timeZone != null) s.timeZone(timeZone);
            if (start != null) s.start(start);
            if (end != null) s.end(end);
            s.options(o -> {
                if (priority != null) o.priority(Priority.parse(priority));
                if (queue != null) o.queue(queue);
                if (maxAttempts != null) o.maxAttempts(maxAttempts);
                if (timeout != null) o.timeout(timeout);
                tags.forEach(o::tag);
            });
        });
        output().print(ScheduleView.of(info), () -> ScheduleView.print(output(), info, cli().client().runtime().clock().instant()));
        return 0;
    }
}
