package io.jobkit.tests.chaos;

import io.jobkit.local.chaos.ChaosCommand;
import io.jobkit.local.chaos.ChaosOptions;
import io.jobkit.local.chaos.ChaosResult;
import io.jobkit.local.chaos.ChaosRun;
import io.jobkit.local.chaos.FaultKind;
import io.jobkit.local.chaos.InvariantReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CI-sized chaos run (issue 11): 1,000 jobs on three real {@code jobkit worker} processes, five SIGKILLs with
 * restarts, 5 % of the workers' SQS and DynamoDB calls faulted, a mid-run DLQ redrive, then the invariant checker.
 * On top of the jobs, one batch of 200 members (issue 15: ten fail once first) with an onSuccess and an onComplete
 * callback runs through the same kills and faults. The seed fixes the job mix, the kill order and the fault draws.
 * The figures are printed for the build log.
 */
class ChaosRunIT {
    private static final int BATCH_MEMBERS = 200;

    @Test
    void underKillsAndFaults_noJobIsLost_noneSucceedsTwiceInACycle_theQueuesMatchTheRecords_andTheBatchCompletesExactly(@TempDir Path runDir)
            throws Exception {
        String classpath = System.getProperty(ChaosCommand.WORKER_CLASSPATH_PROPERTY);
        assertThat(classpath).as("failsafe sets " + ChaosCommand.WORKER_CLASSPATH_PROPERTY).isNotBlank();
        ChaosOptions options = ChaosOptions.defaults(runDir, classpath).withJobs(1000).withBatchMembers(BATCH_MEMBERS)
                .withWorkers(3).withKills(5)
                .withFaultRate(0.05).withSeed(1101).withLongJob(Duration.ofSeconds(35))
                .withSettleTimeout(Duration.ofMinutes(3));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ChaosResult result;
        try (PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8)) {
            result = new ChaosRun(options, out).run();
        }
        System.out.println(log.toString(StandardCharsets.UTF_8));
        System.out.println(result.figures());

        assertThat(result.killed()).isEqualTo(5);
        assertThat(result.faults().entrySet()).as("every random fault kind was injected")
                .filteredOn(e -> e.getKey() != FaultKind.OUTAGE).allMatch(e -> e.getValue() > 0);
        assertThat(result.redriven()).as("the redrive jobs came back from the DLQ").isPositive();
        assertThat(result.settled()).as("every job finished within the settle timeout\n" + result.figures()).isTrue();
        InvariantReport report = result.report();
        assertThat(report.lost()).as("jobs lost\n" + report.describe()).isZero();
        assertThat(report.doubleSuccesses()).as("double successes\n" + report.describe()).isZero();
        assertThat(report.checks()).as(report.describe())
                .noneMatch(c -> c.status() == InvariantReport.Status.FAIL);
        assertThat(report.checks()).as("the reconciler check is real, not pending\n" + report.describe())
                .noneMatch(c -> c.status() == InvariantReport.Status.PENDING);
        assertThat(report.reconcilerRepairs()).as("every planted stale record was repaired")
                .isEqualTo(ChaosRun.STALE_RECORDS);

        // the batch: its members and its two callbacks are jobs every check above covered
        assertThat(report.jobs()).as("jobs checked: the mix, the batch members, its two callbacks, the planted records")
                .isEqualTo(1000 + BATCH_MEMBERS + 2 + ChaosRun.STALE_RECORDS);
        assertThat(report.checks()).as(report.describe())
                .filteredOn(c -> c.name().startsWith("every batch")).hasSize(2)
                .allMatch(c -> c.status() == InvariantReport.Status.PASS);
        assertThat(report.batches()).singleElement().satisfies(b -> {
            assertThat(b.outcome()).isEqualTo("SUCCEEDED");
            assertThat(b.total()).isEqualTo(BATCH_MEMBERS);
            assertThat(b.succeeded()).isEqualTo(BATCH_MEMBERS);
            assertThat(b.failed()).isZero();
            assertThat(b.callbackSuccesses()).as("each callback ran to success exactly once")
                    .containsExactlyInAnyOrderEntriesOf(Map.of("onSuccess", 1L, "onComplete", 1L));
        });
    }
}
