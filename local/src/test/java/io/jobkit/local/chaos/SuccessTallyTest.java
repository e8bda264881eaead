package io.jobkit.local.chaos;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.jobkit.local.chaos.LedgerEntry.Outcome.OK;
import static io.jobkit.local.chaos.LedgerEntry.Outcome.RETRY;
import static io.jobkit.local.chaos.LedgerEntry.Outcome.START;
import static org.assertj.core.api.Assertions.assertThat;

class SuccessTallyTest {
    private static final Instant T = Instant.parse("2026-12-02T15:00:00Z");

    private static LedgerEntry e(long ms, String job, int cycle, int attempt, String worker, LedgerEntry.Outcome o) {
        return new LedgerEntry(T.plusMillis(ms), job, cycle, attempt, worker, o);
    }

    @Test
    void oneSuccessPerCycle_isNoDouble_evenAfterFailedAttemptsAndInALaterCycle() {
        SuccessTally tally = SuccessTally.of(List.of(
                e(0, "a", 1, 1, "w1.1", START), e(10, "a", 1, 1, "w1.1", RETRY),
                e(20, "a", 1, 2, "w2.1", START), e(30, "a", 1, 2, "w2.1", OK),
                e(40, "a", 2, 1, "w2.1", START), e(50, "a", 2, 1, "w2.1", OK)), Map.of());
        assertThat(tally.doubles()).isEmpty();
        assertThat(tally.crashReruns()).isZero();
        assertThat(tally.succeeded()).containsExactly("a/1", "a/2");
    }

    @Test
    void twoSuccessesWhileBothWorkersLived_isADoubleSuccess() {
        SuccessTally tally = SuccessTally.of(List.of(
                e(0, "a", 1, 1, "w1.1", START), e(5, "a", 1, 2, "w2.1", START),
                e(40, "a", 1, 1, "w1.1", OK), e(45, "a", 1, 2, "w2.1", OK)), Map.of());
        assertThat(tally.doubles()).hasSize(1).first().asString().contains("a/1", "w1.1", "w2.1");
    }

    @Test
    void aRerunAfterTheFirstRunnerWasKilledBeforeRecording_isACrashRerun_notADouble() {
        SuccessTally tally = SuccessTally.of(List.of(
                e(0, "a", 1, 1, "w1.1", START), e(10, "a", 1, 1, "w1.1", OK),
                e(5000, "a", 1, 2, "w2.1", START), e(5010, "a", 1, 2, "w2.1", OK)),
                Map.of("w1.1", T.plusMillis(12)));
        assertThat(tally.doubles()).isEmpty();
        assertThat(tally.crashReruns()).isEqualTo(1);
    }

    @Test
    void aKillAfterTheSecondRunStarted_doesNotExplainIt() {
        SuccessTally tally = SuccessTally.of(List.of(
                e(0, "a", 1, 1, "w1.1", START), e(10, "a", 1, 1, "w1.1", OK),
                e(11, "a", 1, 2, "w2.1", START), e(20, "a", 1, 2, "w2.1", OK)),
                Map.of("w1.1", T.plusMillis(500)));
        assertThat(tally.doubles()).hasSize(1);
        assertThat(tally.crashReruns()).isZero();
    }
}
