package io.jobkit.local.chaos;

import io.jobkit.client.workflow.BatchStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.jobkit.local.chaos.LedgerEntry.Outcome.OK;
import static io.jobkit.local.chaos.LedgerEntry.Outcome.RETRY;
import static io.jobkit.local.chaos.LedgerEntry.Outcome.START;
import static org.assertj.core.api.Assertions.assertThat;

class BatchTallyTest {
    private static final Instant T = Instant.parse("2026-12-03T18:00:00Z");
    private static final String B = "b1";
    private static final String ON_SUCCESS = B + ".onSuccess";
    private static final String ON_COMPLETE = B + ".onComplete";
    private static final BatchExpectation EXPECTED = new BatchExpectation(B, 200, Set.of("onSuccess", "onComplete"));
    private static final Map<String, String> BOTH_FIRED = Map.of("onSuccess", ON_SUCCESS, "onComplete", ON_COMPLETE);

    private static BatchStatus status(long total, long succeeded, long failed, String outcome, Map<String, String> fired) {
        return new BatchStatus(B, total, total - succeeded - failed, succeeded, failed, 0, true, outcome, fired, false,
                null, null, T, outcome == null ? null : T);
    }

    private static LedgerEntry e(long ms, String job, String worker, String callbackOf, LedgerEntry.Outcome o) {
        return new LedgerEntry(T.plusMillis(ms), job, 1, 1, worker, callbackOf, o);
    }

    /** One clean run of each callback, its context naming the batch. */
    private static List<LedgerEntry> eachCallbackOnce() {
        return new ArrayList<>(List.of(
                e(0, ON_SUCCESS, "w1.1", B, START), e(20, ON_SUCCESS, "w1.1", B, OK),
                e(5, ON_COMPLETE, "w2.1", B, START), e(25, ON_COMPLETE, "w2.1", B, OK)));
    }

    @Test
    void aCompleteBatch_withExactCounts_andEachCallbackSucceedingOnce_hasNoViolations() {
        BatchTally t = BatchTally.of(EXPECTED, status(200, 200, 0, "SUCCEEDED", BOTH_FIRED), eachCallbackOnce(), Map.of());
        assertThat(t.countViolations()).isEmpty();
        assertThat(t.callbackViolations()).isEmpty();
        assertThat(t.figures().callbackSuccesses()).containsExactlyInAnyOrderEntriesOf(Map.of("onSuccess", 1L, "onComplete", 1L));
        assertThat(t.figures().total()).isEqualTo(200);
        assertThat(t.figures().outcome()).isEqualTo("SUCCEEDED");
    }

    @Test
    void aFailedMember_orAShortTotal_breaksTheExactCounts() {
        BatchTally failed = BatchTally.of(EXPECTED, status(200, 199, 1, "FAILED", BOTH_FIRED), eachCallbackOnce(), Map.of());
        assertThat(failed.countViolations()).hasSize(3)
                .anyMatch(v -> v.contains("ended FAILED"))
                .anyMatch(v -> v.contains("199 succeeded, not 200"))
                .anyMatch(v -> v.contains("1 failed, not 0"));

        BatchTally shortTotal = BatchTally.of(EXPECTED, status(198, 198, 0, "SUCCEEDED", BOTH_FIRED), eachCallbackOnce(), Map.of());
        assertThat(shortTotal.countViolations()).anyMatch(v -> v.contains("total 198, not 200"));
    }

    @Test
    void anIncompleteOrMissingBatch_isAViolation_andItsUnfiredCallbacksToo() {
        BatchTally running = BatchTally.of(EXPECTED, status(200, 150, 0, null, Map.of()), List.of(), Map.of());
        assertThat(running.countViolations()).anyMatch(v -> v.contains("not complete: 50 of 200 pending"));
        assertThat(running.callbackViolations()).hasSize(2).allMatch(v -> v.contains("never enqueued"));
        assertThat(running.figures().outcome()).isEqualTo("RUNNING");

        BatchTally missing = BatchTally.of(EXPECTED, null, List.of(), Map.of());
        assertThat(missing.countViolations()).containsExactly("batch b1 does not exist");
        assertThat(missing.figures().outcome()).isEqualTo("MISSING");
    }

    @Test
    void aCallbackThatSucceededTwiceWhileItsFirstWorkerLived_ranMoreThanOnce() {
        List<LedgerEntry> ledger = eachCallbackOnce();
        ledger.add(new LedgerEntry(T.plusMillis(30), ON_COMPLETE, 1, 2, "w3.1", B, START));
        ledger.add(new LedgerEntry(T.plusMillis(50), ON_COMPLETE, 1, 2, "w3.1", B, OK));
        BatchTally t = BatchTally.of(EXPECTED, status(200, 200, 0, "SUCCEEDED", BOTH_FIRED), ledger, Map.of());
        assertThat(t.callbackViolations()).singleElement().asString().contains("onComplete", "2 times");
        assertThat(t.figures().callbackSuccesses()).containsEntry("onComplete", 2L);
    }

    @Test
    void aSecondSuccessAfterTheFirstRunnerWasKilledBeforeRecording_isACrashRerun_stillExactlyOnce() {
        List<LedgerEntry> ledger = eachCallbackOnce();
        ledger.add(new LedgerEntry(T.plusMillis(5000), ON_COMPLETE, 1, 2, "w3.1", B, START));
        ledger.add(new LedgerEntry(T.plusMillis(5020), ON_COMPLETE, 1, 2, "w3.1", B, OK));
        BatchTally t = BatchTally.of(EXPECTED, status(200, 200, 0, "SUCCEEDED", BOTH_FIRED), ledger,
                Map.of("w2.1", T.plusMillis(26)));
        assertThat(t.callbackViolations()).isEmpty();
        assertThat(t.figures().callbackSuccesses()).containsEntry("onComplete", 1L);
        assertThat(t.figures().callbackCrashReruns()).isEqualTo(1);
    }

    @Test
    void aCallbackThatOnlyEverRetried_neverRanToSuccess() {
        List<LedgerEntry> ledger = new ArrayList<>(List.of(
                e(0, ON_SUCCESS, "w1.1", B, START), e(20, ON_SUCCESS, "w1.1", B, OK),
                e(5, ON_COMPLETE, "w2.1", B, START), e(25, ON_COMPLETE, "w2.1", B, RETRY)));
        BatchTally t = BatchTally.of(EXPECTED, status(200, 200, 0, "SUCCEEDED", BOTH_FIRED), ledger, Map.of());
        assertThat(t.callbackViolations()).singleElement().asString().contains("onComplete", "0 times");
    }

    @Test
    void aCallbackWhoseContextNamedNoBatch_isReported() {
        List<LedgerEntry> ledger = new ArrayList<>(List.of(
                e(0, ON_SUCCESS, "w1.1", B, START), e(20, ON_SUCCESS, "w1.1", B, OK),
                e(5, ON_COMPLETE, "w2.1", null, START), e(25, ON_COMPLETE, "w2.1", null, OK)));
        BatchTally t = BatchTally.of(EXPECTED, status(200, 200, 0, "SUCCEEDED", BOTH_FIRED), ledger, Map.of());
        assertThat(t.callbackViolations()).singleElement().asString().contains(ON_COMPLETE, "no batch in its context");
    }

    @Test
    void anUnexpectedCallbackFiring_orACallbackRunUnderAnotherJobId_isReported() {
        Map<String, String> fired = Map.of("onSuccess", ON_SUCCESS, "onComplete", ON_COMPLETE, "onFailure", B + ".onFailure");
        List<LedgerEntry> ledger = eachCallbackOnce();
        ledger.add(e(40, B + ".onFailure", "w1.1", B, START));
        ledger.add(e(60, B + ".onFailure", "w1.1", B, OK));
        ledger.add(e(70, "stranger", "w1.1", B, START));
        BatchTally t = BatchTally.of(EXPECTED, status(200, 200, 0, "SUCCEEDED", fired), ledger, Map.of());
        assertThat(t.callbackViolations()).hasSize(2)
                .anyMatch(v -> v.contains("fired onFailure"))
                .anyMatch(v -> v.contains("job stranger ran as a callback of batch b1"));
    }
}
