package io.jobkit.handlers.lambda;

import io.jobkit.handlers.processor.Disposition;
import io.jobkit.handlers.processor.ProcessResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** The batch rules without AWS: lanes, FIFO hold-back per group, the start cut-off, bounded parallelism. */
class BatchRunnerTest {
    /** A record: id, FIFO group (null = standard queue), what processing it yields. */
    record Rec(String id, String group, RecordOutcome outcome) {
    }

    private static final RecordOutcome OK = new RecordOutcome.Done(result(new Disposition.Delete()));
    private static final RecordOutcome RETRY = new RecordOutcome.Retry(result(new Disposition.ReturnAfter(Duration.ofSeconds(10))),
            Duration.ofSeconds(10));

    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final BatchRunner runner = new BatchRunner(pool, Clock.systemUTC());
    private final List<String> processed = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private List<RecordOutcome> run(List<Rec> records, Instant startBy, Instant answerBy) {
        return runner.run(records, Rec::group, r -> {
            processed.add(r.id());
            return r.outcome();
        }, startBy, answerBy);
    }

    private List<RecordOutcome> run(List<Rec> records) {
        return run(records, Instant.now().plusSeconds(60), Instant.now().plusSeconds(60));
    }

    @Test
    void lanes_keepAFifoGroupTogetherInBatchOrder_andGiveEveryOtherRecordItsOwn() {
        List<Rec> records = List.of(new Rec("a1", "A", OK), new Rec("s1", null, OK), new Rec("b1", "B", OK),
                new Rec("a2", "A", OK), new Rec("s2", null, OK), new Rec("b2", "B", OK), new Rec("a3", "A", OK));
        assertThat(BatchRunner.lanes(records, Rec::group))
                .containsExactly(List.of(0, 3, 6), List.of(1), List.of(2, 5), List.of(4));
    }

    @Test
    void mixedBatch_reportsExactlyTheRetryAndTheLostRecord() {
        List<RecordOutcome> out = run(List.of(new Rec("ok1", null, OK), new Rec("retry", null, RETRY),
                new Rec("ok2", null, OK), new Rec("lost", null, new RecordOutcome.Leave("lease lost"))));
        assertThat(out).extracting(RecordOutcome::failed).containsExactly(false, true, false, true);
        assertThat(out.get(1).returnAfter()).isEqualTo(Duration.ofSeconds(10));
        assertThat(out.get(3).returnAfter()).isNull();
    }

    @Test
    void fifoFailureInGroupA_holdsBackAsLaterRecordsOnly() {
        List<RecordOutcome> out = run(List.of(new Rec("a1", "A", OK), new Rec("b1", "B", OK), new Rec("a2", "A", RETRY),
                new Rec("b2", "B", OK), new Rec("a3", "A", OK), new Rec("b3", "B", OK), new Rec("a4", "A", OK)));

        assertThat(out.get(0)).isInstanceOf(RecordOutcome.Done.class);
        assertThat(out.get(2)).isInstanceOf(RecordOutcome.Retry.class);
        assertThat(out.get(4)).isInstanceOf(RecordOutcome.HeldBack.class);
        assertThat(out.get(6)).isInstanceOf(RecordOutcome.HeldBack.class);
        assertThat(List.of(out.get(1), out.get(3), out.get(5))).allMatch(o -> !o.failed());
        assertThat(processed).doesNotContain("a3", "a4").contains("a1", "a2", "b1", "b2", "b3");
        assertThat(out.get(4).returnAfter()).as("held back records return at once; the failed head keeps the group locked")
                .isEqualTo(Duration.ZERO);
    }

    @Test
    void fifoGroup_runsItsRecordsOneAfterTheOther_inBatchOrder() {
        List<String> order = new CopyOnWriteArrayList<>();
        List<Rec> records = List.of(new Rec("a1", "A", OK), new Rec("a2", "A", OK), new Rec("a3", "A", OK), new Rec("a4", "A", OK));
        runner.run(records, Rec::group, r -> {
            order.add(r.id() + ">");
            sleep(20);
            order.add("<" + r.id());
            return OK;
        }, Instant.now().plusSeconds(60), Instant.now().plusSeconds(60));
        assertThat(order).containsExactly("a1>", "<a1", "a2>", "<a2", "a3>", "<a3", "a4>", "<a4");
    }

    @Test
    void standardRecords_fromOneQueue_failIndependently() {
        List<RecordOutcome> out = run(List.of(new Rec("x", null, RETRY), new Rec("y", null, OK), new Rec("z", null, OK)));
        assertThat(out).extracting(RecordOutcome::failed).containsExactly(true, false, false);
        assertThat(processed).containsExactlyInAnyOrder("x", "y", "z");
    }

    @Test
    void recordsNotStartedBeforeTheCutOff_returnAtOnce_withoutBeingProcessed() {
        List<RecordOutcome> out = run(List.of(new Rec("late", null, OK), new Rec("lateA1", "A", OK), new Rec("lateA2", "A", OK)),
                Instant.now().minusMillis(1), Instant.now().plusSeconds(5));
        assertThat(out.get(0)).isInstanceOf(RecordOutcome.NotStarted.class);
        assertThat(out.get(1)).isInstanceOf(RecordOutcome.NotStarted.class);
        assertThat(out.get(2)).isInstanceOf(RecordOutcome.HeldBack.class);
        assertThat(out).allMatch(o -> Duration.ZERO.equals(o.returnAfter()));
        assertThat(processed).isEmpty();
    }

    @Test
    void aRecordStillRunningWhenTheInvocationMustAnswer_isReportedAsAFailure() {
        List<Rec> records = List.of(new Rec("hangs", null, OK), new Rec("quick", null, OK));
        List<RecordOutcome> out = runner.run(records, Rec::group, r -> {
            if (r.id().equals("hangs")) sleep(2_000);
            return r.outcome();
        }, Instant.now().plusSeconds(60), Instant.now().plusMillis(300));
        assertThat(out.get(0)).isInstanceOf(RecordOutcome.Leave.class);
        assertThat(out.get(1)).isInstanceOf(RecordOutcome.Done.class);
    }

    @Test
    void anExceptionWhileProcessing_failsThatRecordOnly() {
        Function<Rec, RecordOutcome> explode = r -> {
            if (r.id().equals("bad")) throw new IllegalStateException("boom");
            return r.outcome();
        };
        List<RecordOutcome> out = runner.run(List.of(new Rec("bad", null, OK), new Rec("good", null, OK)), Rec::group,
                explode, Instant.now().plusSeconds(60), Instant.now().plusSeconds(60));
        assertThat(out).extracting(RecordOutcome::failed).containsExactly(true, false);
    }

    @Test
    void parallelism_isBoundedByTheExecutor() {
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            AtomicInteger now = new AtomicInteger();
            Map<String, Integer> peak = new ConcurrentHashMap<>();
            List<Rec> records = List.of(new Rec("1", null, OK), new Rec("2", null, OK), new Rec("3", null, OK),
                    new Rec("4", null, OK), new Rec("5", null, OK), new Rec("6", null, OK));
            new BatchRunner(two, Clock.systemUTC()).run(records, Rec::group, r -> {
                peak.merge("max", now.incrementAndGet(), Math::max);
                sleep(50);
                now.decrementAndGet();
                return OK;
            }, Instant.now().plusSeconds(60), Instant.now().plusSeconds(60));
            assertThat(peak.get("max")).isEqualTo(2);
        } finally {
            two.shutdownNow();
        }
    }

    private static ProcessResult result(Disposition d) {
        return new ProcessResult("job", "type", ProcessResult.Kind.SUCCEEDED, d);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
