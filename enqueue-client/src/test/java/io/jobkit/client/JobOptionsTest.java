package io.jobkit.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobOptionsTest {

    static Stream<Arguments> invalidOptions() {
        return Stream.of(
                Arguments.of("negative delay", (Consumer<JobOptions.Builder>) b -> b.delay(Duration.ofSeconds(-5)),
                        "delay -5s is negative"),
                Arguments.of("delay over a year", (Consumer<JobOptions.Builder>) b -> b.delay(Duration.ofDays(400)),
                        "delay 400d exceeds jobkit's 365-day maximum"),
                Arguments.of("delay and runAt", (Consumer<JobOptions.Builder>) b -> b.delay(Duration.ofHours(1))
                                .runAt(Instant.parse("2030-01-01T00:00:00Z")),
                        "both delay (1h) and runAt (2030-01-01T00:00:00Z) are set; give one of them"),
                Arguments.of("maxAttempts 0", (Consumer<JobOptions.Builder>) b -> b.maxAttempts(0),
                        "maxAttempts 0 is out of range; use 1 to 25"),
                Arguments.of("maxAttempts 26", (Consumer<JobOptions.Builder>) b -> b.maxAttempts(26),
                        "maxAttempts 26 is out of range; use 1 to 25"),
                Arguments.of("timeout 0", (Consumer<JobOptions.Builder>) b -> b.timeout(Duration.ZERO),
                        "timeout 0s is out of range; use 1s to 24h"),
                Arguments.of("dedup key too long", (Consumer<JobOptions.Builder>) b -> b.dedupKey("k".repeat(257)),
                        "dedupKey is 257 characters long; the limit is 256"),
                Arguments.of("blank dedup key", (Consumer<JobOptions.Builder>) b -> b.dedupKey("  "),
                        "dedupKey is blank"),
                Arguments.of("dedup window", (Consumer<JobOptions.Builder>) b -> b.dedupWindow(Duration.ofDays(31)),
                        "dedupWindow 31d is out of range; use 1s to 30d"),
                Arguments.of("numeric priority", (Consumer<JobOptions.Builder>) b -> b.priority(11),
                        "priority 11 is out of range; use 0 (least urgent) to 10 (most urgent)"),
                Arguments.of("group key", (Consumer<JobOptions.Builder>) b -> b.groupKey("has space"),
                        "groupKey 'has space' is invalid"),
                Arguments.of("tag key", (Consumer<JobOptions.Builder>) b -> b.tag("k".repeat(65), "v"),
                        "must be 1-64 characters"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidOptions")
    void invalidOptions_areRejected_withAMessageThatSaysWhatToFix(String name, Consumer<JobOptions.Builder> change,
                                                                   String message) {
        assertThatThrownBy(() -> JobOptions.of(change))
                .isInstanceOf(JobValidationException.class)
                .hasMessageContaining(message);
    }

    @Test
    void delaysBeyondSqsLimit_andRunAtTimes_areValidOptions_theClientRoutesThemToTheScheduler() {
        assertThat(JobOptions.of(b -> b.delay(Duration.ofHours(2))).delay()).isEqualTo(Duration.ofHours(2));
        assertThat(JobOptions.of(b -> b.delay(JobOptions.MAX_DELAY)).delay()).isEqualTo(Duration.ofDays(365));
        Instant at = Instant.parse("2030-01-01T09:00:00Z");
        JobOptions o = JobOptions.of(b -> b.runAt(at).delay(Duration.ZERO));
        assertThat(o.runAt()).isEqualTo(at);
        assertThat(o.toBuilder().build()).isEqualTo(o);
        assertThat(o).isNotEqualTo(JobOptions.defaults());
    }

    @Test
    void defaults_areDocumentedValues() {
        JobOptions d = JobOptions.defaults();
        assertThat(d.priority()).isEqualTo(Priority.NORMAL);
        assertThat(d.maxAttempts()).isEqualTo(3);
        assertThat(d.timeout()).isEqualTo(Duration.ofMinutes(15));
        assertThat(d.delay()).isZero();
        assertThat(d.runAt()).isNull();
        assertThat(d.dedupWindow()).isEqualTo(Duration.ofHours(1));
        assertThat(d.backoff()).isEqualTo(Backoff.defaults());
    }

    @Test
    void toBuilder_copiesEverything_andLeavesTheOriginalAlone() {
        JobOptions a = JobOptions.of(b -> b.priority(Priority.HIGH).maxAttempts(5).tag("team", "billing").dedupKey("k"));
        JobOptions b = a.toBuilder().maxAttempts(7).build();
        assertThat(a.maxAttempts()).isEqualTo(5);
        assertThat(b.maxAttempts()).isEqualTo(7);
        assertThat(b.toBuilder().maxAttempts(5).build()).isEqualTo(a);
    }

    @Test
    void numericPriorities_mapOntoTheFourQueues() {
        assertThat(Priority.ofNumeric(10)).isEqualTo(Priority.CRITICAL);
        assertThat(Priority.ofNumeric(9)).isEqualTo(Priority.CRITICAL);
        assertThat(Priority.ofNumeric(8)).isEqualTo(Priority.HIGH);
        assertThat(Priority.ofNumeric(6)).isEqualTo(Priority.HIGH);
        assertThat(Priority.ofNumeric(5)).isEqualTo(Priority.NORMAL);
        assertThat(Priority.ofNumeric(3)).isEqualTo(Priority.NORMAL);
        assertThat(Priority.ofNumeric(2)).isEqualTo(Priority.LOW);
        assertThat(Priority.ofNumeric(0)).isEqualTo(Priority.LOW);
        assertThat(Priority.parse("High")).isEqualTo(Priority.HIGH);
        assertThat(Priority.parse("7")).isEqualTo(Priority.HIGH);
        assertThatThrownBy(() -> Priority.parse("urgent")).hasMessageContaining("unknown priority 'urgent'; use critical, high, normal, low");
    }
}
