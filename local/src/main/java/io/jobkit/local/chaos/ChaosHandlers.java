package io.jobkit.local.chaos;

import io.jobkit.client.Job;
import io.jobkit.client.JobClient;
import io.jobkit.client.workflow.BatchCallback;
import io.jobkit.handlers.FailJobException;
import io.jobkit.handlers.JobCancelledException;
import io.jobkit.handlers.JobContext;
import io.jobkit.handlers.JobHandlerProvider;
import io.jobkit.handlers.JobHandlers;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The handlers a chaos run's worker processes load ({@code jobkit worker --handlers io.jobkit.local.chaos.ChaosHandlers}).
 * Each execution is written to the {@link Ledger} when it starts and when it ends, so the checker counts what ran,
 * not what the job records say ran.
 *
 * <p>Environment: {@code JOBKIT_CHAOS_LEDGER} (directory), {@code JOBKIT_CHAOS_WORKER} (incarnation name), and
 * {@code JOBKIT_CHAOS_DIRECT_SQS}/{@code _DYNAMODB} (the emulators' own endpoints, behind no fault proxy): the
 * handler reads its job's cycle there, since the harness's own bookkeeping must not be what the faults break.
 *
 * <p>Types: {@value #SHORT} (sleep {@code ms}), {@value #LONG} (sleep {@code ms} in slices, stopping when the attempt
 * is cancelled), {@value #FLAKY} (throws on attempts up to {@code failures}, then succeeds), {@value #FATAL}
 * (always fails permanently), {@value #REDRIVE} (fails permanently in cycle 1, succeeds after a DLQ redrive) and
 * {@value #FIFO} (like short, on the FIFO queue) and {@value #BATCH_CALLBACK} (a batch's onSuccess or onComplete:
 * records the batch id its context names in the ledger entry, so the checker counts its runs per batch).
 */
public final class ChaosHandlers implements JobHandlerProvider {
    public static final String SHORT = "chaos.short";
    public static final String LONG = "chaos.long";
    public static final String FLAKY = "chaos.flaky";
    public static final String FATAL = "chaos.fatal";
    public static final String REDRIVE = "chaos.redrive";
    public static final String FIFO = "chaos.fifo.step";
    public static final String BATCH_CALLBACK = "chaos.batch.callback";
    static final String LEDGER_ENV = "JOBKIT_CHAOS_LEDGER";
    static final String WORKER_ENV = "JOBKIT_CHAOS_WORKER";
    /** The driver's pid: a chaos worker halts when its driver is gone (killed, Ctrl-C'd, CI timed out). */
    static final String DRIVER_PID_ENV = "JOBKIT_CHAOS_DRIVER_PID";
    static final String DIRECT_SQS_ENV = "JOBKIT_CHAOS_DIRECT_SQS";
    static final String DIRECT_DYNAMODB_ENV = "JOBKIT_CHAOS_DIRECT_DYNAMODB";

    @Override
    public void register(JobHandlers.Builder handlers) {
        Map<String, String> env = System.getenv();
        String dir = env.get(LEDGER_ENV);
        if (dir == null || dir.isBlank()) {
            throw new IllegalStateException("ChaosHandlers needs " + LEDGER_ENV + " (the ledger directory); it is meant"
                    + " for workers started by 'local/run chaos'");
        }
        String worker = env.getOrDefault(WORKER_ENV, "worker-" + ProcessHandle.current().pid());
        watchDriver(env.get(DRIVER_PID_ENV));
        Ledger ledger = Ledger.open(Path.of(dir), worker);
        JobClient direct = directClient(env);
        Recorder rec = new Recorder(ledger, worker, direct);

        handlers.handler(SHORT, Map.class, (p, ctx) -> rec.run(ctx, () -> Thread.sleep(millis(p, 20))));
        handlers.handler(FIFO, Map.class, (p, ctx) -> rec.run(ctx, () -> Thread.sleep(millis(p, 20))));
        handlers.handler(LONG, Map.class, (p, ctx) -> rec.run(ctx, () -> {
            long until = System.nanoTime() + millis(p, 40_000) * 1_000_000L;
            while (System.nanoTime() < until) {
                ctx.throwIfCancelled();
                Thread.sleep(200);
            }
        }));
        handlers.handler(FLAKY, Map.class, (p, ctx) -> rec.run(ctx, () -> {
            int failures = p.get("failures") instanceof Number n ? n.intValue() : 1;
            if (ctx.attempt() <= failures) throw new IllegalStateException("planned failure " + ctx.attempt() + "/" + failures);
        }));
        handlers.handler(FATAL, Map.class, (p, ctx) -> rec.run(ctx, () -> {
            throw new FailJobException("planned permanent failure");
        }));
        handlers.handler(REDRIVE, Map.class, (p, ctx) -> rec.run(ctx, () -> {
            if (rec.cycle(ctx) <= 1) throw new FailJobException("fails until redriven from the DLQ");
        }));
        // a callback whose context names no batch is written without one, and the checker reports it
        handlers.handler(BATCH_CALLBACK, Map.class, (p, ctx) -> rec.run(ctx,
                ctx.batchCallback().map(BatchCallback::batchId).orElse(null), () -> Thread.sleep(millis(p, 20))));
    }

    private static long millis(Map<?, ?> payload, long fallback) {
        return payload.get("ms") instanceof Number n ? n.longValue() : fallback;
    }

    private static JobClient directClient(Map<String, String> env) {
        Map<String, String> direct = new HashMap<>(env);
        if (env.get(DIRECT_SQS_ENV) != null) direct.put("AWS_ENDPOINT_URL_SQS", env.get(DIRECT_SQS_ENV));
        if (env.get(DIRECT_DYNAMODB_ENV) != null) direct.put("AWS_ENDPOINT_URL_DYNAMODB", env.get(DIRECT_DYNAMODB_ENV));
        return JobClient.fromEnvironment(direct);
    }

    /** The work of one handler, which may throw like a handler does. */
    interface Work {
        void run() throws Exception;
    }

    /** Writes START, runs the work, writes how it ended, and rethrows what the work threw. */
    private record Recorder(Ledger ledger, String worker, JobClient direct) {
        Object run(JobContext ctx, Work work) throws Exception {
            return run(ctx, null, work);
        }

        /** As {@link #run(JobContext, Work)}, for a callback of batch {@code callbackOf} (null: not a callback). */
        Object run(JobContext ctx, String callbackOf, Work work) throws Exception {
            int cycle = cycle(ctx);
            ledger.append(new LedgerEntry(Instant.now(), ctx.jobId(), cycle, ctx.attempt(), worker, callbackOf,
                    LedgerEntry.Outcome.START));
            LedgerEntry.Outcome outcome = LedgerEntry.Outcome.RETRY;
            try {
                work.run();
                outcome = LedgerEntry.Outcome.OK;
                return Map.of("worker", worker);
            } catch (FailJobException e) {
                outcome = LedgerEntry.Outcome.FAIL;
                throw e;
            } catch (JobCancelledException | InterruptedException e) {
                outcome = LedgerEntry.Outcome.CANCELLED;
                throw e;
            } finally {
                ledger.append(new LedgerEntry(Instant.now(), ctx.jobId(), cycle, ctx.attempt(), worker, callbackOf, outcome));
            }
        }

        /** The job's current cycle, read past the fault proxy; the claim that started this attempt has set it. */
        int cycle(JobContext ctx) {
            return direct.get(ctx.jobId()).map(Job::cycle).orElse(0);
        }
    }

    /**
     * Child processes outlive a driver that is SIGKILLed (a JVM's shutdown hooks do not run then), and orphaned
     * workers would keep loading the machine and the ports. Each worker checks once a second that its driver is
     * alive and halts when it is not; a halt is what the run does to workers anyway.
     */
    private static void watchDriver(String pid) {
        if (pid == null || pid.isBlank()) return;
        long driver = Long.parseLong(pid.trim());
        Thread watch = new Thread(() -> {
            while (true) {
                if (!ProcessHandle.of(driver).map(ProcessHandle::isAlive).orElse(false)) {
                    System.err.println("chaos worker: driver process " + driver + " is gone; halting");
                    Runtime.getRuntime().halt(3);
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "jobkit-chaos-driver-watch");
        watch.setDaemon(true);
        watch.start();
    }
}
