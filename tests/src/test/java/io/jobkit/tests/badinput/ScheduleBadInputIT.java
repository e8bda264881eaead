package io.jobkit.tests.badinput;

import io.jobkit.client.JobClient;
import io.jobkit.client.JobValidationException;
import io.jobkit.client.schedule.RecurringSchedule;
import io.jobkit.tests.support.LocalCloudExtension;
import io.jobkit.tests.support.TestCloud;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Recurring-schedule definitions through {@code JobClient.schedules()} against the local EventBridge Scheduler:
 * every bad one is refused with what to fix, and no schedule, item or message appears.
 */
@ExtendWith(LocalCloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScheduleBadInputIT {

    private TestCloud cloud;
    private JobClient client;

    @BeforeAll
    void provision(TestCloud base) {
        cloud = base.fresh(t -> { });
        client = cloud.client();
    }

    /** A valid definition that a case changes in one respect. */
    private static Consumer<RecurringSchedule.Builder> nightly(Consumer<RecurringSchedule.Builder> change) {
        return s -> {
            s.name("nightly-report").type("report.build").payload(Map.of()).expression("0 2 * * *").timeZone("UTC");
            change.accept(s);
        };
    }

    static List<BadInput<Consumer<RecurringSchedule.Builder>>> cases() {
        Instant now = Instant.now();
        return List.of(
                // cron and other expressions
                BadInput.of("cron `0 9 * *` (4 fields)", nightly(s -> s.expression("0 9 * *")),
                        "expected 5 fields (minute hour day-of-month month day-of-week), got 4"),
                BadInput.of("cron `61 * * * *`", nightly(s -> s.expression("61 * * * *")),
                        "minute 61 is out of range 0-59"),
                BadInput.of("cron `0 0 1 * 1` (both day fields)", nightly(s -> s.expression("0 0 1 * 1")),
                        "both day-of-month ('1') and day-of-week ('1') are restricted", "create two schedules instead"),
                BadInput.of("cron `0 0 30 2 *` (February 30th)", nightly(s -> s.expression("0 0 30 2 *")),
                        "never fires", "February has no 30th"),
                BadInput.of("`rate(5 weeks)`", nightly(s -> s.expression("rate(5 weeks)")),
                        "unit 'weeks' is not supported; use minute(s), hour(s) or day(s)"),
                BadInput.of("`every 0 minutes`", nightly(s -> s.expression("every 0 minutes")),
                        "the interval must be at least 1"),
                BadInput.of("`at(2026-01-01T00:00:00)` as a recurring schedule", nightly(s -> s.expression("at(2026-01-01T00:00:00)")),
                        "is a one-time at(...) expression; a recurring schedule needs a cron or rate expression"),
                BadInput.of("no expression", s -> s.name("nightly-report").type("report.build"),
                        "has no expression; use a Unix cron such as '0 9 * * 1-5'"),
                // time zones
                BadInput.of("time zone `Europe/Berln`", nightly(s -> s.timeZone("Europe/Berln")),
                        "time zone 'Europe/Berln' is not a known IANA time zone id; did you mean 'Europe/Berlin'?"),
                BadInput.of("time zone `+02:00`", nightly(s -> s.timeZone("+02:00")),
                        "time zone '+02:00' is not a known IANA time zone id", "use an IANA time zone id such as"),
                BadInput.of("time zone `CEST` (an abbreviation)", nightly(s -> s.timeZone("CEST")),
                        "time zone 'CEST' is not a known IANA time zone id"),
                // dates
                BadInput.of("end already passed", nightly(s -> s.end(now.minus(Duration.ofDays(1)))),
                        "has already passed, so it would never fire; give a future end date, or none"),
                BadInput.of("start a day ago", nightly(s -> s.start(now.minus(Duration.ofDays(1)))),
                        "is in the past, and EventBridge Scheduler refuses start dates more than 5 minutes ago"),
                BadInput.of("end before start", nightly(s -> s.start(now.plus(Duration.ofDays(2))).end(now.plus(Duration.ofDays(1)))),
                        "is not after start", "give an end date after the start date"),
                // names
                BadInput.of("name `nightly report` (space)", nightly(s -> s.name("nightly report")),
                        "schedule name 'nightly report' contains ' ' at position 8, which is not allowed"),
                BadInput.of("name of 65 characters", nightly(s -> s.name("n".repeat(65))),
                        "is 65 characters, the maximum is 64"),
                BadInput.of("name `job-123` (jobkit's one-time prefix)", nightly(s -> s.name("job-123")),
                        "starts with 'job-', which jobkit keeps for the one-time schedules of delayed jobs"),
                // what each firing would enqueue
                BadInput.of("job type `report build`", nightly(s -> s.type("report build")),
                        "job type 'report build' is malformed"),
                BadInput.of("options with a delay", nightly(s -> s.options(o -> o.delay(Duration.ofMinutes(5)))),
                        "delay and runAt do not apply; use start(...) to begin later"),
                BadInput.of("options with a dedupKey", nightly(s -> s.options(o -> o.dedupKey("once"))),
                        "a dedupKey does not apply; leave it unset"),
                BadInput.of("tag `jobkit.schedule` (reserved)", nightly(s -> s.options(o -> o.tags(Map.of("jobkit.schedule", "x")))),
                        "uses the prefix 'jobkit.', which jobkit keeps"),
                BadInput.of("queue `imports` (not in the topology)", nightly(s -> s.options(o -> o.queue("imports"))),
                        "unknown queue 'imports'"),
                BadInput.of("payload of 300 KB", nightly(s -> s.payload(Map.of("blob", "x".repeat(300_000)))),
                        "the message each firing sends would be", "over the 262,144-byte limit"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aBadScheduleDefinition_isRefusedWithWhatToFix_andNothingIsCreated(BadInput<Consumer<RecurringSchedule.Builder>> c) {
        Footprint before = Footprint.of(cloud);
        assertThatThrownBy(() -> client.schedules().upsert(c.act()))
                .isInstanceOf(JobValidationException.class)
                .hasMessageContainingAll(c.expected().toArray(String[]::new));
        assertThat(Footprint.of(cloud)).as("schedules, items and messages after the refusal").isEqualTo(before);
        assertThat(client.schedules().list()).isEmpty();
    }

    /** A case that wrongly created its schedule fails alone instead of failing every case after it. */
    @AfterEach
    void deleteLeftovers() {
        client.schedules().list().forEach(s -> client.schedules().delete(s.name()));
    }
}
