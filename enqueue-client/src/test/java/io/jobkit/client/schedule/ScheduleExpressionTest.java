package io.jobkit.client.schedule;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class ScheduleExpressionTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "0 9 * * 1-5       | cron(0 9 ? * MON-FRI *)",
            "*/5 * * * *       | cron(0/5 * * * ? *)",
            "0 0 1,15 * *      | cron(0 0 1,15 * ? *)",
            "30 2 * * 7        | cron(30 2 ? * SUN *)",
            "30 2 * * 0        | cron(30 2 ? * SUN *)",
            "0 9 * * MON-FRI   | cron(0 9 ? * MON-FRI *)",
            "0 0 1 JAN *       | cron(0 0 1 1 ? *)",
            "0 0 * JAN,JUL *   | cron(0 0 * 1,7 ? *)",
            "0 12 * * 5-7      | cron(0 12 ? * SUN,FRI,SAT *)",
            "0 8 * * 1,3,5     | cron(0 8 ? * MON,WED,FRI *)",
            "0 6 * * */2       | cron(0 6 ? * SUN,TUE,THU,SAT *)",
            "0 0 * * 6,0       | cron(0 0 ? * SUN,SAT *)",
            "0 0 * * 1-7       | cron(0 0 * * ? *)",
            "0 0 * * 0-6       | cron(0 0 * * ? *)",
            "15 */6 * * *      | cron(15 0/6 * * ? *)",
            "0-30/10 * * * *   | cron(0,10,20,30 * * * ? *)",
            "5,35 * * * *      | cron(5,35 * * * ? *)",
            "0 9-17 * * 1-5    | cron(0 9-17 ? * MON-FRI *)",
            "0 0 1 */3 *       | cron(0 0 1 1/3 ? *)",
            "30 4 1-7 * *      | cron(30 4 1-7 * ? *)",
            "* * * * *         | cron(* * * * ? *)",
            "0 22 * * 1-5      | cron(0 22 ? * MON-FRI *)",
    })
    void unixCron_translatesToEventBridgeCron(String unix, String eventBridge) {
        ScheduleExpression expression = ScheduleExpression.parse(unix);

        assertThat(expression.toEventBridge()).isEqualTo(eventBridge);
        assertThat(expression.kind()).isEqualTo(ScheduleExpression.Kind.CRON);
        assertThat(expression.original()).isEqualTo(unix);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "0 9 * * 1-5", "*/5 * * * *", "0 0 1,15 * *", "30 2 * * 7", "0 12 * * 5-7", "0 6 * * */2",
            "15 */6 * * *", "0-30/10 * * * *", "0 0 1 */3 *", "0 9-17 * * 1-5", "0 0 * JAN,JUL *"
    })
    void unixCron_translationFiresAtTheSameInstantsAsUnixCron(String unix) {
        ExecutionTime reference = ExecutionTime.forCron(
                new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX)).parse(unix));
        ZonedDateTime t = ZonedDateTime.of(2026, 1, 1, 0, 0, 0, 0, BERLIN);
        List<ZonedDateTime> expected = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            t = reference.nextExecution(t).orElseThrow();
            expected.add(t);
        }

        List<ZonedDateTime> actual = ScheduleExpression.parse(unix)
                .nextFireTimes(ZonedDateTime.of(2026, 1, 1, 0, 0, 0, 0, BERLIN), 200);

        assertThat(actual).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "cron(0 9 ? * MON-FRI *)    | cron(0 9 ? * MON-FRI *)",
            "cron( 0  9 ? * 2-6 * )     | cron(0 9 ? * 2-6 *)",
            "cron(0 5 L * ? *)          | cron(0 5 L * ? *)",
            "cron(0 0 ? * 2#1 2027)     | cron(0 0 ? * 2#1 2027)",
            "rate(1 minute)             | rate(1 minute)",
            "rate(5 minutes)            | rate(5 minutes)",
            "rate(1 hour)               | rate(1 hour)",
            "rate( 2 days )             | rate(2 days)",
            "every 15 minutes           | rate(15 minutes)",
            "every minute               | rate(1 minute)",
            "every 1 hour               | rate(1 hour)",
            "every 1 hours              | rate(1 hour)",
            "every hour                 | rate(1 hour)",
            "Every 2 Days               | rate(2 days)",
            "every day                  | rate(1 day)",
    })
    void eventBridgeAndEveryForms_translate(String input, String eventBridge) {
        assertThat(ScheduleExpression.parse(input).toEventBridge()).isEqualTo(eventBridge);
    }

    @Test
    void rate_hasItsDuration_andCronHasNone() {
        assertThat(ScheduleExpression.parse("every 90 minutes").rate()).contains(Duration.ofMinutes(90));
        assertThat(ScheduleExpression.parse("rate(2 days)").rate()).contains(Duration.ofDays(2));
        assertThat(ScheduleExpression.parse("0 9 * * *").rate()).isEmpty();
        assertThat(ScheduleExpression.parse("every 2 days").kind()).isEqualTo(ScheduleExpression.Kind.RATE);
    }

    @Test
    void equality_isByEventBridgeForm() {
        assertThat(ScheduleExpression.parse("0 9 * * 1-5")).isEqualTo(ScheduleExpression.parse("0 9 * * MON-FRI"))
                .isEqualTo(ScheduleExpression.parse("cron(0 9 ? * MON-FRI *)"))
                .hasSameHashCodeAs(ScheduleExpression.parse("0 9 * * 1-5"));
        assertThat(ScheduleExpression.parse("every hour")).isEqualTo(ScheduleExpression.parse("rate(1 hour)"));
    }

    @Test
    void nextFireTimes_dailyNineInBerlin_followsSpringForward() {
        List<Instant> fires = instants(ScheduleExpression.parse("0 9 * * *")
                .nextFireTimes(ZonedDateTime.of(2026, 3, 27, 12, 0, 0, 0, BERLIN), 4));

        assertThat(fires).containsExactly(
                Instant.parse("2026-03-28T08:00:00Z"),  // CET, UTC+1
                Instant.parse("2026-03-29T07:00:00Z"),  // last Sunday of March: CEST, UTC+2
                Instant.parse("2026-03-30T07:00:00Z"),
                Instant.parse("2026-03-31T07:00:00Z"));
    }

    @Test
    void nextFireTimes_dailyNineInBerlin_followsFallBack() {
        List<Instant> fires = instants(ScheduleExpression.parse("cron(0 9 * * ? *)")
                .nextFireTimes(ZonedDateTime.of(2026, 10, 24, 0, 0, 0, 0, BERLIN), 3));

        assertThat(fires).containsExactly(
                Instant.parse("2026-10-24T07:00:00Z"),  // CEST
                Instant.parse("2026-10-25T08:00:00Z"),  // last Sunday of October: CET
                Instant.parse("2026-10-26T08:00:00Z"));
    }

    @Test
    void nextFireTimes_timeInTheSpringForwardGap_isSkippedThatDay() {
        List<ZonedDateTime> fires = ScheduleExpression.parse("30 2 * * *")
                .nextFireTimes(ZonedDateTime.of(2026, 3, 28, 0, 0, 0, 0, BERLIN), 2);

        assertThat(fires.stream().map(ZonedDateTime::toLocalDate).map(Object::toString))
                .containsExactly("2026-03-28", "2026-03-30");
    }

    @Test
    void nextFireTimes_timeInTheRepeatedFallBackHour_firesOnce() {
        List<Instant> fires = instants(ScheduleExpression.parse("30 2 * * *")
                .nextFireTimes(ZonedDateTime.of(2026, 10, 25, 0, 0, 0, 0, BERLIN), 2));

        assertThat(fires).containsExactly(Instant.parse("2026-10-25T00:30:00Z"), Instant.parse("2026-10-26T01:30:00Z"));
    }

    @Test
    void nextFireTimes_rateIsAFixedDurationFromTheAnchor_evenAcrossDst() {
        ZonedDateTime start = ZonedDateTime.of(2026, 3, 28, 9, 0, 0, 0, BERLIN);

        List<ZonedDateTime> fires = ScheduleExpression.parse("rate(1 day)").nextFireTimes(start, 2);

        assertThat(fires).containsExactly(ZonedDateTime.of(2026, 3, 29, 10, 0, 0, 0, BERLIN),
                ZonedDateTime.of(2026, 3, 30, 10, 0, 0, 0, BERLIN));
        assertThat(ScheduleExpression.parse("every 15 minutes").nextFireTimes(start, 3)).extracting(ZonedDateTime::toLocalTime)
                .map(Object::toString).containsExactly("09:15", "09:30", "09:45");
    }

    @Test
    void nextFireTimes_isStrictlyAfterFrom_andEndsWithTheYearRange() {
        ZonedDateTime nine = ZonedDateTime.of(2026, 5, 4, 9, 0, 0, 0, BERLIN);
        assertThat(ScheduleExpression.parse("0 9 * * *").nextFireTime(nine)).contains(nine.plusDays(1));

        assertThat(ScheduleExpression.parse("cron(0 0 1 1 ? 2027)").nextFireTimes(nine, 5))
                .containsExactly(ZonedDateTime.of(2027, 1, 1, 0, 0, 0, 0, BERLIN));
    }

    @Test
    void nextFireTimes_unixWeekdays_landOnWeekdaysInTheGivenZone() {
        ZoneId newYork = ZoneId.of("America/New_York");
        List<ZonedDateTime> fires = ScheduleExpression.parse("0 9 * * 1-5")
                .nextFireTimes(ZonedDateTime.of(2026, 3, 6, 12, 0, 0, 0, newYork), 5);

        assertThat(fires.stream().map(z -> z.getDayOfWeek().toString()).collect(Collectors.toList()))
                .containsExactly("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY");
        assertThat(fires.get(0).toInstant()).isEqualTo(Instant.parse("2026-03-09T13:00:00Z")); // EDT began 8 March
    }

    private static List<Instant> instants(List<ZonedDateTime> times) {
        return times.stream().map(ZonedDateTime::toInstant).collect(Collectors.toList());
    }
}
