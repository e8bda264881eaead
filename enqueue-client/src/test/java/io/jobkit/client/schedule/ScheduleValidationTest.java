package io.jobkit.client.schedule;

import io.jobkit.client.JobValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScheduleValidationTest {
    private static final String RULE = "use 1-64 letters, digits, '-', '_' or '.', e.g. 'nightly-report'";

    @ParameterizedTest
    @ValueSource(strings = {"a", "nightly-report", "job_1.v2", "A-Z_0.9"})
    void scheduleName_validNames_areReturned(String name) {
        assertThat(ScheduleValidation.requireScheduleName(name)).isEqualTo(name);
        assertThat(ScheduleValidation.requireGroupName(name)).isEqualTo(name);
    }

    @Test
    void scheduleName_sixtyFourCharacters_isTheMaximum() {
        String max = "x".repeat(64);
        assertThat(ScheduleValidation.requireScheduleName(max)).isEqualTo(max);
        assertThatThrownBy(() -> ScheduleValidation.requireScheduleName(max + "y"))
                .isInstanceOf(JobValidationException.class)
                .hasMessage("schedule name '" + max + "y' is 65 characters, the maximum is 64; " + RULE);
    }

    @ParameterizedTest(name = "''{0}''")
    @CsvSource(delimiter = '|', value = {
            "daily report | schedule name 'daily report' contains ' ' at position 6, which is not allowed",
            "jobs/daily   | schedule name 'jobs/daily' contains '/' at position 5, which is not allowed",
            "café         | schedule name 'café' contains 'é' at position 4, which is not allowed",
    })
    void scheduleName_badCharacter_isNamedWithItsPosition(String name, String message) {
        assertThatThrownBy(() -> ScheduleValidation.requireScheduleName(name))
                .isInstanceOf(JobValidationException.class)
                .hasMessage(message + "; " + RULE);
    }

    @Test
    void names_empty_areRejected() {
        assertThatThrownBy(() -> ScheduleValidation.requireScheduleName(""))
                .hasMessage("schedule name is empty; " + RULE);
        assertThatThrownBy(() -> ScheduleValidation.requireGroupName(null))
                .hasMessage("schedule group name is empty; " + RULE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Europe/Berlin", "UTC", "America/New_York", "Asia/Kolkata"})
    void zone_ianaIds_resolve(String id) {
        assertThat(ScheduleValidation.zone(id)).isEqualTo(ZoneId.of(id));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Europe/Berlim  | time zone 'Europe/Berlim' is not a known IANA time zone id; did you mean 'Europe/Berlin'?",
            "europe/berlin  | time zone 'europe/berlin' is not a known IANA time zone id; did you mean 'Europe/Berlin'?",
            "+02:00         | time zone '+02:00' is not a known IANA time zone id;",
            "Mars/Olympus   | time zone 'Mars/Olympus' is not a known IANA time zone id;",
    })
    void zone_unknownIds_areRejectedWithASuggestion(String id, String message) {
        assertThatThrownBy(() -> ScheduleValidation.zone(id))
                .isInstanceOf(JobValidationException.class)
                .hasMessage(message + " use an IANA time zone id such as 'Europe/Berlin', 'America/New_York' or 'UTC'");
    }

    @Test
    void zone_blank_isRejected() {
        assertThatThrownBy(() -> ScheduleValidation.zone(" "))
                .hasMessage("time zone is empty; use an IANA time zone id such as 'Europe/Berlin', 'America/New_York'"
                        + " or 'UTC'");
    }
}
