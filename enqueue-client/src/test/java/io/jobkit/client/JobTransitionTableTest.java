package io.jobkit.client;

import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static io.jobkit.client.JobStatus.CANCELLED;
import static io.jobkit.client.JobStatus.FAILED;
import static io.jobkit.client.JobStatus.QUEUED;
import static io.jobkit.client.JobStatus.RETRYING;
import static io.jobkit.client.JobStatus.RUNNING;
import static io.jobkit.client.JobStatus.SCHEDULED;
import static io.jobkit.client.JobStatus.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;

/** Walks the whole state machine: every (from, to) pair is either in this expected table or refused. */
class JobTransitionTableTest {

    private static final Map<JobStatus, Set<JobStatus>> EXPECTED = new EnumMap<>(Map.of(
            SCHEDULED, EnumSet.of(RUNNING, FAILED, CANCELLED),
            QUEUED, EnumSet.of(RUNNING, FAILED, CANCELLED),
            RUNNING, EnumSet.of(RUNNING, RETRYING, SUCCEEDED, FAILED, CANCELLED),
            RETRYING, EnumSet.of(RUNNING, FAILED, CANCELLED),
            SUCCEEDED, EnumSet.noneOf(JobStatus.class),
            FAILED, EnumSet.of(RUNNING, QUEUED),
            CANCELLED, EnumSet.noneOf(JobStatus.class)));

    @Test
    void everyPairOfStates_isAllowedExactlyWhenTheTableSaysSo() {
        for (JobStatus from : JobStatus.values()) {
            for (JobStatus to : JobStatus.values()) {
                assertThat(from.canMoveTo(to))
                        .as("%s -> %s", from, to)
                        .isEqualTo(EXPECTED.get(from).contains(to));
            }
        }
    }

    @Test
    void succeededAndCancelled_areDeadEnds_failedCanOnlyBeRedrivenOrRetried() {
        assertThat(SUCCEEDED.successors()).isEmpty();
        assertThat(CANCELLED.successors()).isEmpty();
        assertThat(FAILED.successors()).containsExactlyInAnyOrder(RUNNING, QUEUED);
        assertThat(JobTransition.CLAIM_REDRIVEN.from()).containsExactly(FAILED);
        assertThat(JobTransition.RETRY_MANUALLY.from()).containsExactly(FAILED);
    }

    @Test
    void creationTransitions_startFromNothing() {
        assertThat(JobTransition.ENQUEUE.createsRecord()).isTrue();
        assertThat(JobTransition.SCHEDULE.createsRecord()).isTrue();
        for (JobTransition t : JobTransition.values()) {
            if (t != JobTransition.ENQUEUE && t != JobTransition.SCHEDULE) {
                assertThat(t.createsRecord()).as(t.name()).isFalse();
            }
        }
    }

    @Test
    void workerWrites_requireRunning_andClaimsNeverStartFromFinishedJobs() {
        for (JobTransition t : EnumSet.of(JobTransition.SUCCEED, JobTransition.RETRY, JobTransition.FAIL,
                JobTransition.CANCEL_RUNNING, JobTransition.EXTEND_LEASE)) {
            assertThat(t.from()).as(t.name()).containsExactly(RUNNING);
        }
        assertThat(JobTransition.CLAIM.from()).doesNotContain(SUCCEEDED, FAILED, CANCELLED);
        assertThat(JobTransition.CANCEL.from()).doesNotContain(RUNNING);
    }

    @Test
    void terminalStates_areSucceededFailedAndCancelled() {
        assertThat(EnumSet.allOf(JobStatus.class).stream().filter(JobStatus::isTerminal))
                .containsExactlyInAnyOrder(SUCCEEDED, FAILED, CANCELLED);
    }
}
