package io.jobkit.client.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.time.ExecutionTime;
import io.jobkit.client.JobValidationException;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A recurring schedule's expression, accepted in the forms people write and translated to what EventBridge Scheduler
 * accepts.
 *
 * <ul>
 *   <li>Unix 5-field cron: {@code 0 9 * * 1-5}, {@code *}{@code /5 * * * *}, {@code 0 0 1,15 * *}, names
 *       ({@code MON-FRI}, {@code JAN}); 0 and 7 are Sunday. Becomes {@code cron(0 9 ? * MON-FRI *)}. A Unix cron
 *       that restricts both day-of-month and day-of-week (Unix fires when either matches) is rejected: EventBridge
 *       cannot express it.</li>
 *   <li>EventBridge {@code cron(minutes hours day-of-month month day-of-week year)} and {@code rate(N unit)}, kept
 *       as written (whitespace normalised). EventBridge's rule for rates applies: unit singular when N is 1
 *       ({@code rate(1 hour)}), plural otherwise ({@code rate(5 minutes)}).</li>
 *   <li>{@code every N minutes|hours|days}, also {@code every minute}, {@code every 1 hour}: becomes a rate.</li>
 * </ul>
 *
 * Parsing and next-fire computation use cron-utils. Cron times are wall-clock times in a time zone, DST-correct as
 * EventBridge does it: a time that does not exist on the spring-forward day is skipped, a time that occurs twice on
 * the fall-back day fires once. Rates are fixed durations ({@code rate(1 day)} is every 24 hours, so its wall-clock
 * time shifts across a DST change; use cron for "every day at 09:00"). Instances are immutable; equality is by the
 * EventBridge form.
 */
public final class ScheduleExpression {
    /** Whether the expression is calendar-based or a fixed interval. */
    public enum Kind { CRON, RATE }

    private static final Pattern AWS_CRON = Pattern.compile("(?i)cron\\((.*)\\)");
    private static final Pattern AWS_RATE = Pattern.compile("(?i)rate\\((.*)\\)");
    private static final Pattern RATE_BODY = Pattern.compile("(\\d{1,9})\\s+([a-zA-Z]+)");
    private static final Pattern EVERY = Pattern.compile("(?i)every(?:\\s+(\\d{1,9}))?\\s+([a-z]+)");
    private static final String RATE_EXAMPLE = "e.g. 'rate(1 hour)' or 'rate(15 minutes)'";
    private static final String EVERY_EXAMPLE = "e.g. 'every 15 minutes', 'every hour' or 'every 2 days'";

    private final String original;
    private final Kind kind;
    private final String eventBridge;
    private final ExecutionTime executionTime;
    private final Duration period;

    private ScheduleExpression(String original, Kind kind, String eventBridge, Cron cron, Duration period) {
        this.original = original;
        this.kind = kind;
        this.eventBridge = eventBridge;
        this.executionTime = cron == null ? null : ExecutionTime.forCron(cron);
        this.period = period;
    }

    /**
     * Parses any accepted form.
     *
     * @throws JobValidationException naming what is wrong (the field, the value, the rule) with a valid example
     */
    public static ScheduleExpression parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new JobValidationException("schedule expression is empty; use a Unix cron ("
                    + CronSyntax.UNIX_EXAMPLE + "), an EventBridge cron(...) or rate(...), or 'every N minutes|hours|days'");
        }
        String text = expression.trim();
        Matcher m;
        if ((m = AWS_CRON.matcher(text)).matches()) {
            String[] fields = split(m.group(1));
            String label = "cron(" + String.join(" ", fields) + ")";
            Cron cron = CronSyntax.parseAws("schedule expression '" + text + "'", fields);
            return new ScheduleExpression(text, Kind.CRON, label, cron, null);
        }
        if ((m = AWS_RATE.matcher(text)).matches()) {
            return rate(text, m.group(1).trim());
        }
        if (text.regionMatches(true, 0, "at(", 0, 3)) {
            throw new JobValidationException("schedule expression '" + text + "' is a one-time at(...) expression;"
                    + " a recurring schedule needs a cron or rate expression, " + CronSyntax.UNIX_EXAMPLE);
        }
        if (text.regionMatches(true, 0, "every", 0, 5)) {
            return every(text);
        }
        String[] fields = split(text);
        Cron unix = CronSyntax.parseUnix(text, fields);
        String aws = UnixCronTranslator.translate(text, unix);
        Cron cron = CronSyntax.parseAws("cron '" + text + "' (translated to 'cron(" + aws + ")')", split(aws));
        return new ScheduleExpression(text, Kind.CRON, "cron(" + aws + ")", cron, null);
    }

    private static ScheduleExpression rate(String text, String body) {
        String label = "schedule expression '" + text + "'";
        Matcher m = RATE_BODY.matcher(body);
        if (!m.matches()) {
            throw new JobValidationException(label + ": a rate is 'rate(value unit)' with a whole number and one of"
                    + " minute, minutes, hour, hours, day, days; " + RATE_EXAMPLE);
        }
        long value = Long.parseLong(m.group(1));
        String unit = m.group(2);
        if (value < 1) {
            throw new JobValidationException(label + ": the rate value must be a positive whole number; " + RATE_EXAMPLE);
        }
        Duration unitLength = unitLength(unit);
        if (unitLength == null) {
            throw new JobValidationException(label + ": unit '" + unit + "' is not supported; use minute(s), hour(s) or"
                    + " day(s), " + RATE_EXAMPLE);
        }
        String singular = singular(unit);
        String expected = value == 1 ? singular : singular + "s";
        if (!unit.equals(expected)) {
            throw new JobValidationException(label + ": EventBridge wants the unit " + (value == 1
                    ? "singular when the value is 1" : "plural when the value is above 1") + ", write 'rate(" + value
                    + " " + expected + ")'");
        }
        return new ScheduleExpression(text, Kind.RATE, "rate(" + value + " " + unit + ")", null,
                unitLength.multipliedBy(value));
    }

    private static ScheduleExpression every(String text) {
        Matcher m = EVERY.matcher(text);
        if (!m.matches()) {
            throw new JobValidationException("schedule expression '" + text + "' is not understood; write 'every N"
                    + " minutes|hours|days', " + EVERY_EXAMPLE);
        }
        long value = m.group(1) == null ? 1 : Long.parseLong(m.group(1));
        String unit = m.group(2).toLowerCase(Locale.ROOT);
        Duration unitLength = unitLength(unit);
        if (unitLength == null) {
            throw new JobValidationException("schedule expression '" + text + "': unit '" + m.group(2) + "' is not"
                    + " supported; use minutes, hours or days (for weeks, 'every 7 days' or a cron such as"
                    + " '0 9 * * 1'), " + EVERY_EXAMPLE);
        }
        if (value < 1) {
            throw new JobValidationException("schedule expression '" + text + "': the interval must be at least 1; "
                    + EVERY_EXAMPLE);
        }
        String singular = singular(unit);
        String aws = "rate(" + value + " " + (value == 1 ? singular : singular + "s") + ")";
        return new ScheduleExpression(text, Kind.RATE, aws, null, unitLength.multipliedBy(value));
    }

    private static Duration unitLength(String unit) {
        switch (unit) {
            case "minute": case "minutes": return Duration.ofMinutes(1);
            case "hour": case "hours": return Duration.ofHours(1);
            case "day": case "days": return Duration.ofDays(1);
            default: return null;
        }
    }

    private static String singular(String unit) {
        return unit.endsWith("s") ? unit.substring(0, unit.length() - 1) : unit;
    }

    private static String[] split(String fields) {
        String trimmed = fields.trim();
        return trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
    }

    /** The expression as given (trimmed). */
    public String original() {
        return original;
    }

    public Kind kind() {
        return kind;
    }

    /** What EventBridge Scheduler accepts: {@code cron(m h dom mon dow year)} or {@code rate(N unit)}. */
    public String toEventBridge() {
        return eventBridge;
    }

    /** The interval of a rate expression; empty for cron. */
    public Optional<Duration> rate() {
        return Optional.ofNullable(period);
    }

    /**
     * The next firing strictly after {@code from}. Cron is evaluated in {@code from}'s zone; a rate counts from
     * {@code from} (pass the schedule's start or its previous firing). Empty when a cron's year range has ended.
     */
    public Optional<ZonedDateTime> nextFireTime(ZonedDateTime from) {
        Objects.requireNonNull(from, "from");
        if (period != null) {
            return Optional.of(from.toInstant().plus(period).atZone(from.getZone()));
        }
        return executionTime.nextExecution(from);
    }

    /** Up to {@code n} next firings strictly after {@code from}, in order; see {@link #nextFireTime}. */
    public List<ZonedDateTime> nextFireTimes(ZonedDateTime from, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative, got " + n);
        }
        List<ZonedDateTime> out = new ArrayList<>(n);
        ZonedDateTime t = from;
        while (out.size() < n) {
            Optional<ZonedDateTime> next = nextFireTime(t);
            if (next.isEmpty()) break;
            t = next.get();
            out.add(t);
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScheduleExpression && ((ScheduleExpression) o).eventBridge.equals(eventBridge);
    }

    @Override
    public int hashCode() {
        return eventBridge.hashCode();
    }

    @Override
    public String toString() {
        return eventBridge;
    }
}
