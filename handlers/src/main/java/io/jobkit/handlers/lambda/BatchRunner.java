package io.jobkit.handlers.lambda;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * Runs a batch's records with bounded parallelism while keeping FIFO message groups in order.
 *
 * <ol>
 *   <li>Split the records into lanes: the records of one FIFO message group (same ordering key) share a lane, in
 *       batch order; every other record is a lane of its own.</li>
 *   <li>Run the lanes on the executor (its thread count is the parallelism); inside a lane, one record after the
 *       other.</li>
 *   <li>A record is not started once {@code startBy} has passed ({@link RecordOutcome.NotStarted}). In an ordered
 *       lane, once a record has failed (or was not started) the lane's later records are
 *       {@link RecordOutcome.HeldBack} — only that group's, other groups carry on.</li>
 *   <li>Whatever has no outcome by {@code answerBy} is reported as {@link RecordOutcome.Leave}, so the invocation
 *       answers before the function times out even if a record hangs.</li>
 * </ol>
 */
final class BatchRunner {
    private static final Logger LOG = LoggerFactory.getLogger(BatchRunner.class);

    private final Executor executor;
    private final Clock clock;

    BatchRunner(Executor executor, Clock clock) {
        this.executor = executor;
        this.clock = clock;
    }

    /**
     * @param orderingKey null for a record that may run in any order; records with the same key run in batch order
     */
    <T> List<RecordOutcome> run(List<T> records, Function<T, String> orderingKey, Function<T, RecordOutcome> process,
                                Instant startBy, Instant answerBy) {
        AtomicReferenceArray<RecordOutcome> outcomes = new AtomicReferenceArray<>(records.size());
        List<CompletableFuture<Void>> running = new ArrayList<>();
        for (List<Integer> lane : lanes(records, orderingKey)) {
            boolean ordered = orderingKey.apply(records.get(lane.get(0))) != null;
            running.add(CompletableFuture.runAsync(() -> runLane(lane, ordered, records, process, startBy, outcomes), executor));
        }
        awaitAll(running, answerBy);
        List<RecordOutcome> result = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            RecordOutcome o = outcomes.get(i);
            result.add(o != null ? o : new RecordOutcome.Leave("still running when the invocation had to answer"));
        }
        return result;
    }

    /** Lanes in the order of their first record. */
    static <T> List<List<Integer>> lanes(List<T> records, Function<T, String> orderingKey) {
        Map<Object, List<Integer>> lanes = new LinkedHashMap<>();
        for (int i = 0; i < records.size(); i++) {
            String key = orderingKey.apply(records.get(i));
            lanes.computeIfAbsent(key != null ? key : i, k -> new ArrayList<>()).add(i);
        }
        return List.copyOf(lanes.values());
    }

    private <T> void runLane(List<Integer> lane, boolean ordered, List<T> records, Function<T, RecordOutcome> process,
                             Instant startBy, AtomicReferenceArray<RecordOutcome> outcomes) {
        boolean blocked = false;
        for (int i : lane) {
            RecordOutcome outcome;
            if (blocked) {
                outcome = new RecordOutcome.HeldBack();
            } else if (clock.instant().isAfter(startBy)) {
                outcome = new RecordOutcome.NotStarted();
            } else {
                try {
                    outcome = process.apply(records.get(i));
                } catch (RuntimeException e) {
                    LOG.error("record {} of the batch could not be processed; it returns after its visibility timeout", i, e);
                    outcome = new RecordOutcome.Leave(e.toString());
                }
            }
            outcomes.set(i, outcome);
            blocked = ordered && outcome.failed();
        }
    }

    private void awaitAll(List<CompletableFuture<Void>> running, Instant answerBy) {
        long millis = Math.max(0, Duration.between(clock.instant(), answerBy).toMillis());
        try {
            CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("records of the batch still running at {}, just before the function's timeout; reporting them as"
                    + " failures", answerBy);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // runLane catches per record; nothing reaches here
        }
    }
}
