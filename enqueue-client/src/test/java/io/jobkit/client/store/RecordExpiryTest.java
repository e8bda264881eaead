package io.jobkit.client.store;

import io.jobkit.client.JobStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RecordExpiryTest {
    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");

    @Test
    void failedRecords_outliveTheLongestDlqRetention_whenTheConfiguredRetentionIsShorter() {
        Instant expires = JobStore.expiresAt(JobStatus.FAILED, NOW, Duration.ofDays(7));

        assertThat(expires).isEqualTo(Instant.parse("2026-03-16T10:00:00Z")); // 14 days, SQS's maximum retention
    }

    @Test
    void failedRecords_keepALongerConfiguredRetention() {
        assertThat(JobStore.expiresAt(JobStatus.FAILED, NOW, Duration.ofDays(30)))
                .isEqualTo(Instant.parse("2026-04-01T10:00:00Z"));
    }

    @Test
    void succeededAndCancelledRecords_useTheConfiguredRetention_theyHaveNoDlqCopy() {
        assertThat(JobStore.expiresAt(JobStatus.SUCCEEDED, NOW, Duration.ofDays(7)))
                .isEqualTo(Instant.parse("2026-03-09T10:00:00Z"));
        assertThat(JobStore.expiresAt(JobStatus.CANCELLED, NOW, Duration.ofHours(1)))
                .isEqualTo(Instant.parse("2026-03-02T11:00:00Z"));
    }
}
