package io.jobkit.client.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronConstraintsFactory;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import io.jobkit.client.JobValidationException;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two cron dialects jobkit reads, both parsed by cron-utils: Unix 5-field cron and EventBridge's 6-field
 * {@code cron(minutes hours day-of-month month day-of-week year)}. When cron-utils rejects an expression, this class
 * finds the offending field by parsing each field on its own and turns cron-utils' message into one that names the
 * field and shows a valid example.
 */
final class CronSyntax {
    static final List<String> UNIX_FIELDS = List.of("minute", "hour", "day-of-month", "month", "day-of-week");
    static final List<String> AWS_FIELDS = List.of("minutes", "hours", "day-of-month", "month", "day-of-week", "year");
    static final String UNIX_EXAMPLE = "e.g. '0 9 * * 1-5' (09:00 Monday to Friday) or '*/15 * * * *' (every 15 minutes)";
    static final String AWS_EXAMPLE = "e.g. 'cron(0 9 ? * MON-FRI *)' (09:00 Monday to Friday) or 'cron(0/15 * * * ? *)'";

    /** EventBridge's dialect: Quartz-like without seconds, day-of-week 1-7 = SUN-SAT, year 1970-2199. */
    static final CronDefinition AWS = CronDefinitionBuilder.defineCron()
            .withMinutes().withValidRange(0, 59).withStrictRange().and()
            .withHours().withValidRange(0, 23).withStrictRange().and()
            .withDayOfMonth().withValidRange(1, 31).supportsL().supportsW().supportsLW().supportsQuestionMark()
            .withStrictRange().and()
            .withMonth().withValidRange(1, 12).withStrictRange().and()
            .withDayOfWeek().withValidRange(1, 7).withMondayDoWValue(2).supportsHash().supportsL()
            .supportsQuestionMark().withStrictRange().and()
            .withYear().withValidRange(1970, 2199).withStrictRange().and()
            .withCronValidation(CronConstraintsFactory.ensureEitherDayOfWeekOrDayOfMonth())
            .instance();

    private static final CronParser UNIX_PARSER =
            new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final CronParser AWS_PARSER = new CronParser(AWS);
    private static final Pattern OUT_OF_RANGE = Pattern.compile("Value (-?\\d+) not in range \\[(-?\\d+), (-?\\d+)\\]");
    private static final Pattern BACKWARDS = Pattern.compile("Invalid range! \\[(-?\\d+),(-?\\d+)\\]");

    private CronSyntax() {
    }

    /** Parses 5 Unix fields, or throws naming the bad field. */
    static Cron parseUnix(String original, String[] fields) {
        String label = "cron '" + original + "'";
        if (fields.length != 5) {
            String hint = fields.length == 6
                    ? "; an EventBridge 6-field cron must be written as cron(...), e.g. 'cron(0 9 ? * MON-FRI *)'"
                    : "; " + UNIX_EXAMPLE;
            throw new JobValidationException(label + ": expected 5 fields (minute hour day-of-month month day-of-week),"
                    + " got " + fields.length + hint);
        }
        try {
            return UNIX_PARSER.parse(String.join(" ", fields));
        } catch (IllegalArgumentException e) {
            for (int i = 0; i < 5; i++) {
                String[] probe = {"*", "*", "*", "*", "*"};
                probe[i] = fields[i];
                String reason = failure(UNIX_PARSER, String.join(" ", probe));
                if (reason != null) {
                    throw new JobValidationException(label + ": " + describe(UNIX_FIELDS.get(i), fields[i], reason, i == 4
                            ? " (0 and 7 are Sunday, or use SUN-SAT)" : "") + "; " + UNIX_EXAMPLE);
                }
            }
            throw new JobValidationException(label + ": " + e.getMessage() + "; " + UNIX_EXAMPLE);
        }
    }

    /** Parses 6 EventBridge fields, or throws naming the bad field or the day-of-month/day-of-week conflict. */
    static Cron parseAws(String label, String[] fields) {
        if (fields.length != 6) {
            throw new JobValidationException(label + ": expected 6 fields (minutes hours day-of-month month day-of-week"
                    + " year), got " + fields.length + "; " + AWS_EXAMPLE);
        }
        try {
            return AWS_PARSER.parse(String.join(" ", fields));
        } catch (IllegalArgumentException e) {
            for (int i = 0; i < 6; i++) {
                String[] probe = {"*", "*", "*", "*", "?", "*"};
                probe[i] = fields[i];
                if (i == 2) probe[4] = fields[i].equals("?") ? "*" : "?";
                if (i == 4) probe[2] = fields[i].equals("?") ? "*" : "?";
                String reason = failure(AWS_PARSER, String.join(" ", probe));
                if (reason != null) {
                    throw new JobValidationException(label + ": " + describe(AWS_FIELDS.get(i), fields[i], reason, i == 4
                            ? " (1-7 are SUN-SAT)" : "") + "; " + AWS_EXAMPLE);
                }
            }
            throw new JobValidationException(label + ": exactly one of day-of-month ('" + fields[2]
                    + "') and day-of-week ('" + fields[4] + "') must be '?', EventBridge cannot combine them; "
                    + AWS_EXAMPLE + " or 'cron(0 0 1 * ? *)' (midnight on the 1st)");
        }
    }

    private static String failure(CronParser parser, String expression) {
        try {
            parser.parse(expression);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage() == null ? "invalid" : e.getMessage();
        }
    }

    private static String describe(String field, String token, String reason, String rangeNote) {
        Matcher range = OUT_OF_RANGE.matcher(reason);
        if (range.find()) {
            return field + " " + range.group(1) + " is out of range " + range.group(2) + "-" + range.group(3) + rangeNote;
        }
        Matcher backwards = BACKWARDS.matcher(reason);
        if (backwards.find()) {
            return field + " range '" + token + "' runs backwards; write the smaller value first";
        }
        return field + " '" + token + "' is not valid";
    }
}
