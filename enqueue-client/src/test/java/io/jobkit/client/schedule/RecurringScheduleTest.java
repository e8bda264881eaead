package io.jobkit.client.schedule;

import io.jobkit.client.JobValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecurringScheduleTest {
    private static final Instant NOW = Instant.parse("2026-03-02T10:02:30Z");

    private static RecurringSchedule schedule(Consumer<RecurringSchedule.Builder> change) {
        return RecurringSchedule.of(s -> {
            s.name("digest").type("email.digest").expression("*/5 * * * *");
            change.accept(s);
        });
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("job- namespace", (Consumer<RecurringSchedule.Builder>) s -> s.name("job-nightly"),
                        "schedule name 'job-nightly' starts with 'job-', which jobkit keeps for the one-time schedules"),
                Arguments.of("name too long", (Consumer<RecurringSchedule.Builder>) s -> s.name("n".repeat(65)),
                        "is 65 characters, the maximum is 64"),
                Arguments.of("name character", (Consumer<RecurringSchedule.Builder>) s -> s.name("nightly report"),
                        "contains ' ' at position 8, which is not allowed"),
                Arguments.of("unknown zone", (Consumer<RecurringSchedule.Builder>) s -> s.timeZone("Europe/Berln"),
                        "time zone 'Europe/Berln' is not a known IANA time zone id; did you mean 'Europe/Berlin'?"),
                Arguments.of("bad cron field", (Consumer<RecurringSchedule.Builder>) s -> s.expression("0 25 * * *"),
                        "cron '0 25 * * *': hour 25 is out of range 0-23"),
                Arguments.of("every weeks", (Consumer<RecurringSchedule.Builder>) s -> s.expression("every 2 weeks"),
                        "unit 'weeks' is not supported"),
                Arguments.of("at() is one-time", (Consumer<RecurringSchedule.Builder>) s -> s.expression("at(2030-01-01T00:00:00)"),
                        "is a one-time at(...) expression"),
                Arguments.of("bad type", (Consumer<RecurringSchedule.Builder>) s -> s.type("send email"),
                        "job type 'send email' is malformed"),
                Arguments.of("end before start", (Consumer<RecurringSchedule.Builder>) s -> s.start(NOW).end(NOW.minusSeconds(1)),
                        "is not after start"),
                Arguments.of("delay", (Consumer<RecurringSchedule.Builder>) s -> s.options(o -> o.delay(Duration.ofMinutes(1))),
                        "delay and runAt do not apply"),
                Arguments.of("dedup key", (Consumer<RecurringSchedule.Builder>) s -> s.options(o -> o.dedupKey("k")),
                        "a dedupKey does not apply"),
                Arguments.of("reserved tag", (Consumer<RecurringSchedule.Builder>) s -> s.options(o -> o.tag("jobkit.x", "y")),
                        "tag 'jobkit.x' uses the prefix 'jobkit.'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidDefinitions_areRejected_withASpecificMessage(String name, Consumer<RecurringSchedule.Builder> change,
                                                             String message) {
        assertThatThrownBy(() -> schedule(change))
                .isInstanceOf(JobValidationException.class)
                .hasMessageContaining(message);
    }

    @Test
    void everyFiveMinutes_firesTwelveTimesAnHour() {
        List<Instant> next = schedule(s -> { }).nextFireTimes(NOW, NOW, 12);
        assertThat(next).hasSize(12).first().isEqualTo(Instant.parse("2026-03-02T10:05:00Z"));
        assertThat(next.get(11)).isEqualTo(Instant.parse("2026-03-02T11:00:00Z"));
    }

    @Test
    void dailyAtNine_inBerlin_staysAtNineLocalTime_acrossTheSpringDstChange() {
        RecurringSchedule daily = schedule(s -> s.expression("0 9 * * *").timeZone("Europe/Berlin"));

        List<Instant> next = daily.nextFireTimes(Instant.parse("2026-03-27T12:00:00Z"), NOW, 3);

        assertThat(next).containsExactly(
                Instant.parse("2026-03-28T08:00:00Z"),   // CET, UTC+1
                Instant.parse("2026-03-29T07:00:00Z"),   // CEST from 02:00 that night, UTC+2
                Instant.parse("2026-03-30T07:00:00Z"));
        assertThat(daily.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    }

    @Test
    void rate_countsFromItsStart_orWithoutOne_fromWhenTheScheduleWasWritten() {
        RecurringSchedule hourly = schedule(s -> s.expression("every 1 hour"));
        Instant written = Instant.parse("2026-03-02T09:20:00Z");
        assertThat(hourly.nextFireTimes(NOW, written, 2))
                .containsExactly(Instant.parse("2026-03-02T10:20:00Z"), Instant.parse("2026-03-02T11:20:00Z"));

        Instant start = Instant.parse("2026-03-05T00:00:00Z");
        assertThat(hourly.toBuilder().start(start).build().nextFireTimes(NOW, written, 2))
                .containsExactly(start, start.plus(Duration.ofHours(1)));
    }

    @Test
    void endDate_cutsTheFireTimes_andAPausedScheduleHasNone() {
        RecurringSchedule s = schedule(b -> b.end(Instant.parse("2026-03-02T10:20:00Z")));
        assertThat(s.nextFireTimes(NOW, NOW, 10)).containsExactly(Instant.parse("2026-03-02T10:05:00Z"),
                Instant.parse("2026-03-02T10:10:00Z"), Instant.parse("2026-03-02T10:15:00Z"));
        assertThat(s.toBuilder().enabled(false).build().nextFireTimes(NOW, NOW, 10)).isEmpty();
    }

    @Test
    void builder_defaults_andCopies() {
        RecurringSchedule s = schedule(b -> b.payload(Map.of("list", "team")));
        assertThat(s.zone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(s.enabled()).isTrue();
        assertThat(s.expression().toEventBridge()).isEqualTo("cron(0/5 * * * ? *)");
        assertThat(s.toBuilder().build()).isEqualTo(s);
        assertThat(s.toBuilder().timeZone(java.time.ZoneOffset.UTC).build()).isEqualTo(s);
    }
}
