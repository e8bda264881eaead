package io.jobkit.client.store;

import io.jobkit.client.Job;
import io.jobkit.client.JobError;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PastAttemptsTest {
    private static final Instant START = Instant.parse("2026-12-03T10:00:00.123Z");

    @Test
    void pastAttempts_surviveTheRoundTripThroughTheItem() {
        List<Job.PastAttempt> attempts = List.of(
                new Job.PastAttempt(1, 1, START, START.plusSeconds(3), "w-1", new JobError("java.io.IOException", "reset", null, 1)),
                new Job.PastAttempt(2, 1, START.plusSeconds(10), START.plusSeconds(11), "w-2", new JobError(null, "boom", null, 2)));
        assertThat(JobItems.pastAttempts(JobItems.pastAttempts(attempts))).isEqualTo(attempts);
    }

    @Test
    void aLongErrorMessage_isCut_andTheStackIsNeverKept() {
        String longMessage = "x".repeat(5_000);
        Job.PastAttempt a = new Job.PastAttempt(1, 1, START, START, "w", new JobError("T", longMessage, "at a.b(C.java:1)", 1));
        Job.PastAttempt back = JobItems.pastAttempts(JobItems.pastAttempts(List.of(a))).get(0);
        assertThat(back.error().message()).hasSize(JobItems.PAST_ERROR_CHARS + 1).endsWith("…");
        assertThat(back.error().stack()).isNull();
    }

    @Test
    void aRecordWithoutHistory_readsAsEmpty() {
        assertThat(JobItems.pastAttempts((software.amazon.awssdk.services.dynamodb.model.AttributeValue) null)).isEmpty();
    }
}
