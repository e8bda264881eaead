package io.jobkit.handlers.processor;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.jobkit.client.JobError;
import io.jobkit.handlers.FailJobException;
import io.jobkit.handlers.JobCancelledException;
import io.jobkit.handlers.JobHandler;
import io.jobkit.handlers.JobHandlers;
import io.jobkit.handlers.RetryJobException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one handler attempt on a handler thread and turns whatever happens into an {@link AttemptOutcome}.
 *
 * <ol>
 *   <li>Start the handler; wait until it ends, its deadline passes, or the job is signalled (cancel, lease lost,
 *       shutdown).</li>
 *   <li>On deadline or signal: interrupt the handler and give it {@code cancelGrace} to stop. A handler that ignores
 *       interruption is left running on its own thread, counted and bounded by {@link AbandonedHandlers}; the
 *       outcome is recorded without it.</li>
 *   <li>Map: a signal decides the outcome whatever the handler did; otherwise the return value or exception does.</li>
 * </ol>
 */
final class HandlerRun {
    private static final Logger LOG = LoggerFactory.getLogger(HandlerRun.class);

    private final Executor handlerThreads;
    private final Clock clock;
    private final ProcessorOptions options;
    private final AbandonedHandlers abandoned;

    HandlerRun(Executor handlerThreads, Clock clock, ProcessorOptions options, AbandonedHandlers abandoned) {
        this.handlerThreads = handlerThreads;
        this.clock = clock;
        this.options = options;
        this.abandoned = abandoned;
    }

    <P> AttemptOutcome run(JobHandlers handlers, JobHandlers.Registration<P, ?> registration, P payload, RunningJob job) {
        CompletableFuture<Object> done = new CompletableFuture<>();
        JobHandler<P, ?> handler = registration.handler();
        handlerThreads.execute(() -> {
            Thread.interrupted(); // a pool thread starts clean, whatever its last task left behind
            job.attachHandlerThread(Thread.currentThread());
            try (HandlerScope scope = HandlerScope.open(job)) { // MDC and the job's span, current while it runs
                try {
                    if (job.isCancelled()) throw new JobCancelledException(job.cancelReason());
                    done.complete(handler.handle(payload, job));
                } catch (Throwable t) {
                    scope.failed(t);
                    done.completeExceptionally(t);
                }
            } catch (Throwable t) {
                done.completeExceptionally(t); // opening the scope failed: still an outcome, never a hang
            } finally {
                job.detachHandlerThread(); // after this no signal interrupts this thread on the job's behalf
                Thread.interrupted();
            }
        });
        try {
            CompletableFuture.anyOf(done, job.signalled()).get(millisUntil(job), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            job.signal(CancelSignal.TIMEOUT);
        } catch (InterruptedException e) {
            job.signal(CancelSignal.SHUTDOWN);
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // the handler threw: mapped below
        }
        if (job.signal() != null && !done.isDone()) {
            awaitQuietly(done, options.cancelGrace());
            if (!done.isDone()) {
                LOG.warn("job {} handler ignored its {} signal for {}; recording the outcome without it",
                        job.jobId(), job.signal(), options.cancelGrace());
                abandoned.abandon(job, done);
            }
        }
        return map(handlers, job, done);
    }

    /**
     * A handler that returned normally succeeded, even if a stop signal came first: its work is done, and running it
     * again (or failing it) would be wrong. Only a lost lease overrides that — another worker owns the job, and our
     * write would be refused anyway. Otherwise a signal decides the outcome of a handler that threw or never ended.
     */
    private AttemptOutcome map(JobHandlers handlers, RunningJob job, CompletableFuture<Object> done) {
        CancelSignal signal = job.signal();
        boolean returned = done.isDone() && !done.isCompletedExceptionally();
        if (signal != null && !(returned && signal != CancelSignal.LEASE_LOST)) {
            return switch (signal) {
                case TIMEOUT -> new AttemptOutcome.Retry(new JobError("Timeout", "attempt " + job.attempt()
                        + " timed out at its deadline " + job.deadline(), null, job.attempt()), null);
                case CANCEL_REQUESTED -> new AttemptOutcome.Cancelled("cancel requested");
                case LEASE_LOST -> new AttemptOutcome.LeaseLost();
                case SHUTDOWN -> new AttemptOutcome.Released();
            };
        }
        Object result;
        try {
            result = done.getNow(null);
        } catch (java.util.concurrent.CompletionException e) {
            return failure(job, e.getCause());
        }
        return new AttemptOutcome.Success(serialise(handlers, job, result));
    }

    private static AttemptOutcome failure(RunningJob job, Throwable t) {
        JobError error = new JobError(t.getClass().getName(), StackSummary.message(t), StackSummary.of(t), job.attempt());
        if (t instanceof RetryJobException r) return new AttemptOutcome.Retry(error, r.delay());
        if (t instanceof FailJobException) return new AttemptOutcome.PermanentFailure(error);
        if (t instanceof JobCancelledException c) return new AttemptOutcome.Cancelled(c.getMessage());
        return new AttemptOutcome.Retry(error, null);
    }

    private String serialise(JobHandlers handlers, RunningJob job, Object result) {
        if (result == null) return null;
        String json;
        try {
            json = handlers.mapper().writeValueAsString(result);
        } catch (JsonProcessingException e) {
            job.note("result of type " + result.getClass().getName() + " could not be serialised to JSON and was not stored: "
                    + e.getOriginalMessage());
            return null;
        }
        int bytes = json.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > options.maxResultBytes()) {
            job.note("result of " + bytes + " bytes exceeds the " + options.maxResultBytes()
                    + "-byte limit and was not stored; store large results elsewhere (e.g. S3) and return a reference");
            return null;
        }
        return json;
    }

    private long millisUntil(RunningJob job) {
        return Math.max(0, Duration.between(clock.instant(), job.deadline()).toMillis());
    }

    private static void awaitQuietly(CompletableFuture<?> f, Duration d) {
        try {
            f.get(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // outcome already decided by the signal
        }
    }
}
