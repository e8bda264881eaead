package io.jobkit.admin;

import com.cronutils.descriptor.CronDescriptor;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import io.jobkit.client.schedule.ScheduleExpression;

import java.time.Duration;
import java.util.Locale;

/**
 * A schedule expression in plain words for the dashboard ("every 15 minutes", "at 09:00 on Monday"). Cron is described
 * by cron-utils from the EventBridge form every accepted syntax is translated to: {@code cron(m h dom mon dow year)}
 * is Quartz's layout without the seconds field, so it is read as Quartz with second 0.
 */
final class ScheduleDescription {
    private static final CronParser QUARTZ = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));

    private ScheduleDescription() {
    }

    /** The description, or null when the expression cannot be put in words (the page then shows the expression only). */
    static String of(ScheduleExpression e) {
        if (e.rate().isPresent()) return every(e.rate().get());
        String aws = e.toEventBridge();
        if (!aws.startsWith("cron(") || !aws.endsWith(")")) return null;
        try {
            return CronDescriptor.instance(Locale.UK).describe(QUARTZ.parse("0 " + aws.substring(5, aws.length() - 1)));
        } catch (RuntimeException ex) {
            return null; // cron-utils' descriptor does not cover every field combination; the expression still shows
        }
    }

    static String every(Duration d) {
        long minutes = d.toMinutes();
        if (minutes % 1440 == 0) return plural(minutes / 1440, "day");
        if (minutes % 60 == 0) return plural(minutes / 60, "hour");
        return plural(minutes, "minute");
    }

    private static String plural(long n, String unit) {
        return n == 1 ? "every " + unit : "every " + n + " " + unit + "s";
    }
}
