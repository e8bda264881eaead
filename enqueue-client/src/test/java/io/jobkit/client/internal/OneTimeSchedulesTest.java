package io.jobkit.client.internal;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class OneTimeSchedulesTest {
    private static final String UUID = "019ab3c2-5d1e-7a00-8000-0123456789ab";

    @Test
    void jobSchedule_isNamedAfterTheJobId() {
        assertThat(OneTimeSchedules.nameForJob(UUID)).isEqualTo("job-" + UUID);
    }

    @Test
    void retrySchedules_areUniquePerCycleAndAttempt_andFitEventBridgesNameRule() {
        Set<String> names = new HashSet<>();
        for (int cycle = 1; cycle <= 3; cycle++) {
            for (int attempt = 1; attempt <= 25; attempt++) {
                String name = OneTimeSchedules.nameForRetry(UUID, cycle, attempt);
                assertThat(name).startsWith("job-").matches("[0-9a-zA-Z._-]{1,64}");
                names.add(name);
            }
        }
        assertThat(names).hasSize(75).doesNotContain(OneTimeSchedules.nameForJob(UUID));
    }

    @Test
    void idsThatDoNotFitAScheduleName_areHashed_stably() {
        String odd = "order 42/eu: ünïcode and far too long for a name" + "x".repeat(40);
        String name = OneTimeSchedules.nameForJob(odd);

        assertThat(name).matches("job-[0-9a-f]{40}").isEqualTo(OneTimeSchedules.nameForJob(odd));
        assertThat(OneTimeSchedules.nameForRetry(odd, 1, 2)).isEqualTo(name + "-c1a2");
        assertThat(OneTimeSchedules.nameForJob(odd + "!")).isNotEqualTo(name);
    }

    @Test
    void atExpression_isUtcWallTime_roundedUpToTheSecond_soItNeverFiresBeforeTheJobIsDue() {
        assertThat(OneTimeSchedules.atExpression(Instant.parse("2026-03-29T01:30:00Z"))).isEqualTo("at(2026-03-29T01:30:00)");
        assertThat(OneTimeSchedules.atExpression(Instant.parse("2026-03-29T01:30:00.001Z"))).isEqualTo("at(2026-03-29T01:30:01)");
        assertThat(OneTimeSchedules.atExpression(Instant.parse("2026-12-31T23:59:59.500Z"))).isEqualTo("at(2027-01-01T00:00:00)");
    }
}
