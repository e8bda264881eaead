package io.jobkit.local.scheduler;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class TimingTest {
    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

    private static ScheduleDefinition schedule(String expression, String zone, Instant start, Instant end, Instant modified) {
        return new ScheduleDefinition("default", "s", "arn", expression, zone, true, start, end, false,
                new ScheduleDefinition.Target("arn:aws:sqs:us-east-1:000000000000:q", null, null, null, null, null), modified);
    }

    @Test
    void rate_withoutStartDate_firesAtOnceAndEveryPeriodFromTheModification() {
        Timing timing = Timing.of(schedule("rate(15 minutes)", null, null, null, T0));

        assertThat(timing.first(T0, null)).contains(T0);
        assertThat(timing.after(T0)).contains(Instant.parse("2026-03-02T10:15:00Z"));
    }

    @Test
    void rate_plannedLate_keepsItsPhase() {
        Timing timing = Timing.of(schedule("rate(15 minutes)", null, null, null, T0));

        assertThat(timing.first(Instant.parse("2026-03-02T12:07:00Z"), null)).contains(Instant.parse("2026-03-02T12:15:00Z"));
    }

    @Test
    void cron_firesStrictlyAfterTheAnchor_butAtAMatchingStartDate() {
        assertThat(Timing.of(schedule("cron(0 * * * ? *)", null, null, null, T0)).first(T0, null))
                .contains(Instant.parse("2026-03-02T11:00:00Z"));
        Instant start = Instant.parse("2026-03-02T12:00:00Z");
        assertThat(Timing.of(schedule("cron(0 * * * ? *)", null, start, null, T0)).first(T0, null)).contains(start);
    }

    @Test
    void endDate_isExclusive() {
        Timing timing = Timing.of(schedule("cron(0 * * * ? *)", null, null, Instant.parse("2026-03-02T12:00:00Z"), T0));

        assertThat(timing.after(Instant.parse("2026-03-02T11:00:00Z"))).isEmpty();
    }

    @Test
    void at_isEvaluatedInItsZone_firesLateIfMissed_andNotTwice() {
        Timing timing = Timing.of(schedule("at(2026-03-02T09:30:00)", "America/New_York", null, null, T0));
        Instant at = Instant.parse("2026-03-02T14:30:00Z");

        assertThat(timing.first(Instant.parse("2026-03-02T20:00:00Z"), null)).contains(at);
        assertThat(timing.first(Instant.parse("2026-03-02T20:00:00Z"), at)).isEmpty();
        assertThat(timing.after(at)).isEmpty();
        assertThat(timing.oneTime()).isTrue();
    }

    @Test
    void substitution_fillsEveryContextAttribute() {
        ScheduleDefinition d = schedule("rate(1 hour)", null, null, null, T0);
        String body = SqsDelivery.substitute("<aws.scheduler.execution-id>|<aws.scheduler.scheduled-time>|"
                + "<aws.scheduler.schedule-arn>|<aws.scheduler.attempt-number>",
                new SqsDelivery.Firing(d, Instant.parse("2026-03-02T10:05:00Z"), "e-1", 2));

        assertThat(body).isEqualTo("e-1|2026-03-02T10:05:00Z|arn|2");
    }
}
