package io.jobkit.client.schedule;

import io.jobkit.client.JobValidationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every way an expression is rejected, with the message a person reads. */
class ScheduleExpressionErrorsTest {
    private static final String UNIX_EXAMPLE =
            "; e.g. '0 9 * * 1-5' (09:00 Monday to Friday) or '*/15 * * * *' (every 15 minutes)";
    private static final String AWS_EXAMPLE =
            "; e.g. 'cron(0 9 ? * MON-FRI *)' (09:00 Monday to Friday) or 'cron(0/15 * * * ? *)'";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "0 25 * * *      | cron '0 25 * * *': hour 25 is out of range 0-23",
            "61 * * * *      | cron '61 * * * *': minute 61 is out of range 0-59",
            "0 0 32 * *      | cron '0 0 32 * *': day-of-month 32 is out of range 1-31",
            "0 0 * 13 *      | cron '0 0 * 13 *': month 13 is out of range 1-12",
            "0 0 * * 8       | cron '0 0 * * 8': day-of-week 8 is out of range 0-7 (0 and 7 are Sunday, or use SUN-SAT)",
            "0 0 * * FOO     | cron '0 0 * * FOO': day-of-week 'FOO' is not valid",
            "5-1 * * * *     | cron '5-1 * * * *': minute range '5-1' runs backwards; write the smaller value first",
            "0 0 L * *       | cron '0 0 L * *': day-of-month 'L' is not valid",
    })
    void unixCron_badField_namesTheFieldAndShowsAnExample(String expression, String message) {
        assertThatThrownBy(() -> ScheduleExpression.parse(expression))
                .isInstanceOf(JobValidationException.class)
                .hasMessage(message + UNIX_EXAMPLE);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "0 0 * *         | cron '0 0 * *': expected 5 fields (minute hour day-of-month month day-of-week), got 4"
                    + UNIX_EXAMPLE,
            "hello           | cron 'hello': expected 5 fields (minute hour day-of-month month day-of-week), got 1"
                    + UNIX_EXAMPLE,
            "0 9 ? * MON-FRI * | cron '0 9 ? * MON-FRI *': expected 5 fields (minute hour day-of-month month"
                    + " day-of-week), got 6; an EventBridge 6-field cron must be written as cron(...), e.g."
                    + " 'cron(0 9 ? * MON-FRI *)'",
    })
    void unixCron_wrongFieldCount_saysHowManyAreExpected(String expression, String message) {
        assertThatThrownBy(() -> ScheduleExpression.parse(expression))
                .isInstanceOf(JobValidationException.class)
                .hasMessage(message);
    }

    @ParameterizedTest
    @ValueSource(strings = "0 0 1 * 1")
    void unixCron_bothDayFieldsRestricted_isRejectedWithTheReason(String expression) {
        assertThatThrownBy(() -> ScheduleExpression.parse(expression))
                .isInstanceOf(JobValidationException.class)
                .hasMessage("cron '0 0 1 * 1': both day-of-month ('1') and day-of-week ('1') are restricted; Unix cron"
                        + " fires when EITHER matches, which EventBridge Scheduler cannot express (one of the two must"
                        + " be '?'); create two schedules instead, one per field, e.g. '0 0 1 * *' and '0 0 * * 1'");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "cron(0 25 ? * * *)     | schedule expression 'cron(0 25 ? * * *)': hours 25 is out of range 0-23"
                    + AWS_EXAMPLE,
            "cron(0 0 ? * 8 *)      | schedule expression 'cron(0 0 ? * 8 *)': day-of-week 8 is out of range 1-7"
                    + " (1-7 are SUN-SAT)" + AWS_EXAMPLE,
            "cron(0 0 ? * * 1960)   | schedule expression 'cron(0 0 ? * * 1960)': year 1960 is out of range"
                    + " 1970-2199" + AWS_EXAMPLE,
            "cron(0 0 * * ?)        | schedule expression 'cron(0 0 * * ?)': expected 6 fields (minutes hours"
                    + " day-of-month month day-of-week year), got 5" + AWS_EXAMPLE,
            "cron(0 0 * * * *)      | schedule expression 'cron(0 0 * * * *)': exactly one of day-of-month ('*')"
                    + " and day-of-week ('*') must be '?', EventBridge cannot combine them" + AWS_EXAMPLE
                    + " or 'cron(0 0 1 * ? *)' (midnight on the 1st)",
            "cron(0 0 ? * ? *)      | schedule expression 'cron(0 0 ? * ? *)': exactly one of day-of-month ('?')"
                    + " and day-of-week ('?') must be '?', EventBridge cannot combine them" + AWS_EXAMPLE
                    + " or 'cron(0 0 1 * ? *)' (midnight on the 1st)",
    })
    void awsCron_badExpression_namesTheProblem(String expression, String message) {
        assertThatThrownBy(() -> ScheduleExpression.parse(expression))
                .isInstanceOf(JobValidationException.class)
                .hasMessage(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "rate(1 minutes)    | schedule expression 'rate(1 minutes)': EventBridge wants the unit singular when the"
                    + " value is 1, write 'rate(1 minute)'",
            "rate(5 minute)     | schedule expression 'rate(5 minute)': EventBridge wants the unit plural when the"
                    + " value is above 1, write 'rate(5 minutes)'",
            "rate(0 minutes)    | schedule expression 'rate(0 minutes)': the rate value must be a positive whole"
                    + " number; e.g. 'rate(1 hour)' or 'rate(15 minutes)'",
            "rate(5 weeks)      | schedule expression 'rate(5 weeks)': unit 'weeks' is not supported; use minute(s),"
                    + " hour(s) or day(s), e.g. 'rate(1 hour)' or 'rate(15 minutes)'",
            "rate(five minutes) | schedule expression 'rate(five minutes)': a rate is 'rate(value unit)' with a whole"
                    + " number and one of minute, minutes, hour, hours, day, days; e.g. 'rate(1 hour)' or"
                    + " 'rate(15 minutes)'",
            "every 2 weeks      | schedule expression 'every 2 weeks': unit 'weeks' is not supported; use minutes,"
                    + " hours or days (for weeks, 'every 7 days' or a cron such as '0 9 * * 1'), e.g. 'every 15"
                    + " minutes', 'every hour' or 'every 2 days'",
            "every 0 minutes    | schedule expression 'every 0 minutes': the interval must be at least 1; e.g."
                    + " 'every 15 minutes', 'every hour' or 'every 2 days'",
            "at(2026-01-01T00:00:00) | schedule expression 'at(2026-01-01T00:00:00)' is a one-time at(...)"
                    + " expression; a recurring schedule needs a cron or rate expression, e.g. '0 9 * * 1-5' (09:00"
                    + " Monday to Friday) or '*/15 * * * *' (every 15 minutes)",
    })
    void rateAndEvery_badExpression_namesTheProblem(String expression, String message) {
        assertThatThrownBy(() -> ScheduleExpression.parse(expression))
                .isInstanceOf(JobValidationException.class)
                .hasMessage(message);
    }

    @org.junit.jupiter.api.Test
    void every_unparseable_showsTheGrammar() {
        assertThatThrownBy(() -> ScheduleExpression.parse("every now and then"))
                .isInstanceOf(JobValidationException.class)
                .hasMessage("schedule expression 'every now and then' is not understood; write 'every N"
                        + " minutes|hours|days', e.g. 'every 15 minutes', 'every hour' or 'every 2 days'");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = "   ")
    void emptyExpression_isRejected(String expression) {
        assertThatThrownBy(() -> ScheduleExpression.parse(expression))
                .isInstanceOf(JobValidationException.class)
                .hasMessage("schedule expression is empty; use a Unix cron (e.g. '0 9 * * 1-5' (09:00 Monday to"
                        + " Friday) or '*/15 * * * *' (every 15 minutes)), an EventBridge cron(...) or rate(...), or"
                        + " 'every N minutes|hours|days'");
    }
}
