package io.jobkit.local.scheduler;

import io.jobkit.client.JobValidationException;
import io.jobkit.client.schedule.ScheduleExpression;
import io.jobkit.client.schedule.ScheduleValidation;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a schedule's expression fires: {@code at(...)} once, {@code rate(...)} at a fixed period from its phase
 * (StartDate, else the last modification: an unbounded rate starts invoking at once, as AWS documents), {@code cron(...)}
 * at wall-clock times in the schedule's zone via cron-utils (a time in the spring-forward gap is skipped, a time in
 * the repeated fall-back hour fires once). StartDate and EndDate bound every kind.
 */
final class Timing {
    private static final Pattern AT = Pattern.compile("at\\((\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2})\\)");

    private final ScheduleDefinition definition;
    private final ZoneId zone;
    private final Instant at;
    private final ScheduleExpression recurring;

    private Timing(ScheduleDefinition definition, ZoneId zone, Instant at, ScheduleExpression recurring) {
        this.definition = definition;
        this.zone = zone;
        this.at = at;
        this.recurring = recurring;
    }

    /** Validates an expression the way the Scheduler API does; throws {@link JobValidationException}. */
    static void validate(String expression, String timezone) {
        ZoneId zone = ScheduleValidation.zone(timezone == null ? "UTC" : timezone);
        parse(expression, zone);
    }

    static Timing of(ScheduleDefinition d) {
        ZoneId zone = ScheduleValidation.zone(d.timezone() == null ? "UTC" : d.timezone());
        Object parsed = parse(d.expression(), zone);
        return parsed instanceof Instant
                ? new Timing(d, zone, (Instant) parsed, null)
                : new Timing(d, zone, null, (ScheduleExpression) parsed);
    }

    private static Object parse(String expression, ZoneId zone) {
        String text = expression == null ? "" : expression.trim();
        Matcher m = AT.matcher(text);
        if (m.matches()) {
            try {
                return LocalDateTime.parse(m.group(1)).atZone(zone).toInstant();
            } catch (DateTimeParseException e) {
                throw new JobValidationException("schedule expression '" + text + "': '" + m.group(1)
                        + "' is not a valid date and time; e.g. 'at(2030-01-31T09:00:00)'");
            }
        }
        if (text.startsWith("at(")) {
            throw new JobValidationException("schedule expression '" + text + "': a one-time schedule is"
                    + " 'at(yyyy-mm-ddThh:mm:ss)', e.g. 'at(2030-01-31T09:00:00)'");
        }
        if (!text.startsWith("cron(") && !text.startsWith("rate(")) {
            throw new JobValidationException("schedule expression '" + text + "' is not an EventBridge Scheduler"
                    + " expression; use at(yyyy-mm-ddThh:mm:ss), rate(value unit) or cron(minutes hours"
                    + " day-of-month month day-of-week year), e.g. 'cron(0 9 ? * MON-FRI *)'");
        }
        return ScheduleExpression.parse(text);
    }

    boolean oneTime() {
        return at != null;
    }

    /**
     * The first firing for a schedule planned afresh at {@code from}: a cron's first match after it (or at its
     * StartDate), a rate's first period boundary at or after it. A one-time schedule ignores
     * {@code from} (a missed one-time firing is late, not lost) unless it already fired at that time.
     */
    Optional<Instant> first(Instant from, Instant alreadyFired) {
        if (at != null) {
            return at.equals(alreadyFired) ? Optional.empty() : within(at);
        }
        Instant start = definition.startDate() != null && definition.startDate().isAfter(from)
                ? definition.startDate() : from;
        if (recurring.kind() == ScheduleExpression.Kind.RATE) {
            Duration period = recurring.rate().orElseThrow();
            Instant phase = definition.startDate() != null ? definition.startDate()
                    : definition.lastModified() != null ? definition.lastModified() : from;
            long behind = Math.max(0, Duration.between(phase, start).toMillis());
            long periods = (behind + period.toMillis() - 1) / period.toMillis();
            return within(phase.plus(period.multipliedBy(periods)));
        }
        // cron: strictly after the anchor, but a StartDate that matches the expression fires
        Instant base = start.equals(from) ? from : start.minusNanos(1);
        return recurring.nextFireTime(base.atZone(zone)).map(z -> z.toInstant()).flatMap(this::within);
    }

    /** The firing after one at {@code fired}. */
    Optional<Instant> after(Instant fired) {
        if (at != null) {
            return Optional.empty();
        }
        return recurring.nextFireTime(fired.atZone(zone)).map(z -> z.toInstant()).flatMap(this::within);
    }

    private Optional<Instant> within(Instant t) {
        if (definition.endDate() != null && !t.isBefore(definition.endDate())) { // "before which" it may invoke
            return Optional.empty();
        }
        if (at != null && definition.startDate() != null && t.isBefore(definition.startDate())) {
            return Optional.empty();
        }
        return Optional.of(t);
    }
}
