package io.jobkit.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobkit.client.JobClient;
import io.jobkit.client.JobEnqueuer;
import io.jobkit.handlers.FailJobException;
import io.jobkit.handlers.JobCancelledException;
import io.jobkit.handlers.JobHandler;
import io.jobkit.handlers.JobHandlers;
import io.jobkit.handlers.RetryJobException;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * Runs one handler inline, with no AWS: the payload goes through JSON as on the wire, the context records progress,
 * log lines and follow-up jobs, and the outcome comes back as a value.
 *
 * <pre>{@code
 * TestRun<Receipt> run = JobHandlerTester.of("email.send", new SendEmailHandler(mailer))
 *         .run(new SendEmail("ada@example.com"));
 * assertThat(run.result().messageId()).isNotBlank();
 * }</pre>
 *
 * <p>Immutable: each {@code with}-style method returns a changed copy. Cancellation is simulated with
 * {@link #cancelled(String)} (cancelled before the handler starts) or {@link #cancelAfterChecks(int)} (the n-th
 * {@code isCancelled()} returns true), the deadline with {@link #timeout(Duration)} and a {@link TestClock} the test
 * (or a fake the handler calls) advances. Follow-ups must go through {@code context.enqueuer()}; {@code
 * context.client()} exists only when a real client is given with {@link #client(JobClient)}.
 *
 * @param <P> the payload type
 * @param <R> the result type
 */
public final class JobHandlerTester<P, R> {
    private final JobHandlers handlers;
    private final String type;
    private final int attempt;
    private final int maxAttempts;
    private final String queue;
    private final Duration timeout;
    private final Clock clock;
    private final String cancelledFromStart;
    private final int cancelAfterChecks;
    private final JobClient client;
    private final FakeJobClient jobs;
    private final WorkflowPlace place;

    private JobHandlerTester(JobHandlers handlers, String type, int attempt, int maxAttempts, String queue,
                             Duration timeout, Clock clock, String cancelledFromStart, int cancelAfterChecks,
                             JobClient client, FakeJobClient jobs, WorkflowPlace place) {
        this.handlers = handlers;
        this.type = type;
        this.attempt = attempt;
        this.maxAttempts = maxAttempts;
        this.queue = queue;
        this.timeout = timeout;
        this.clock = clock;
        this.cancelledFromStart = cancelledFromStart;
        this.cancelAfterChecks = cancelAfterChecks;
        this.client = client;
        this.jobs = jobs;
        this.place = place;
    }

    /** A tester for {@code handler}; its payload type is read from the class as {@code JobHandlers} does. */
    public static <P, R> JobHandlerTester<P, R> of(String type, JobHandler<P, R> handler) {
        return forRegistry(JobHandlers.builder().handler(type, handler).build(), type);
    }

    /** A tester for {@code handler} decoding payloads into {@code payloadType} (needed for lambdas). */
    public static <P, R> JobHandlerTester<P, R> of(String type, Class<P> payloadType, JobHandler<P, R> handler) {
        return forRegistry(JobHandlers.builder().handler(type, payloadType, handler).build(), type);
    }

    /** A tester for the handler {@code handlers} has for {@code type}, with that registry's mapper. */
    public static JobHandlerTester<Object, Object> of(JobHandlers handlers, String type) {
        return forRegistry(handlers, type);
    }

    private static <P, R> JobHandlerTester<P, R> forRegistry(JobHandlers handlers, String type) {
        if (handlers.find(type).isEmpty()) {
            throw new IllegalArgumentException("no handler for type '" + type + "'; registered: " + handlers.types());
        }
        return new JobHandlerTester<>(handlers, type, 1, 3, "normal", Duration.ofMinutes(15), TestClock.create(),
                null, 0, null, FakeJobClient.builder().handlers(handlers).build(), WorkflowPlace.NONE);
    }

    /** The attempt the context reports (default 1), e.g. to test last-attempt behaviour. */
    public JobHandlerTester<P, R> attempt(int attempt, int maxAttempts) {
        if (attempt < 1 || attempt > maxAttempts) {
            throw new IllegalArgumentException("attempt " + attempt + " must be between 1 and maxAttempts " + maxAttempts);
        }
        return copy(attempt, maxAttempts, queue, timeout, clock, cancelledFromStart, cancelAfterChecks, client, jobs);
    }

    public JobHandlerTester<P, R> queue(String queue) {
        return copy(attempt, maxAttempts, Objects.requireNonNull(queue), timeout, clock, cancelledFromStart,
                cancelAfterChecks, client, jobs);
    }

    /** The attempt's time budget (default 15 min): the deadline is the clock's time at the start plus this. */
    public JobHandlerTester<P, R> timeout(Duration timeout) {
        return copy(attempt, maxAttempts, queue, Objects.requireNonNull(timeout), clock, cancelledFromStart,
                cancelAfterChecks, client, jobs);
    }

    /** The clock deadlines are read from (default a {@link TestClock} that never moves by itself). */
    public JobHandlerTester<P, R> clock(Clock clock) {
        return copy(attempt, maxAttempts, queue, timeout, Objects.requireNonNull(clock), cancelledFromStart,
                cancelAfterChecks, client, jobs);
    }

    /** The job is cancelled before the handler starts: the runtime then records CANCELLED without running it. */
    public JobHandlerTester<P, R> cancelled(String reason) {
        return copy(attempt, maxAttempts, queue, timeout, clock, Objects.requireNonNull(reason), 0, client, jobs);
    }

    /** A cancel request arrives while the handler runs: its {@code checks}-th {@code isCancelled()} returns true. */
    public JobHandlerTester<P, R> cancelAfterChecks(int checks) {
        if (checks < 1) throw new IllegalArgumentException("checks must be 1 or more");
        return copy(attempt, maxAttempts, queue, timeout, clock, null, checks, client, jobs);
    }

    /** A real client for handlers that call {@code context.client()} for more than enqueueing. */
    public JobHandlerTester<P, R> client(JobClient client) {
        return copy(attempt, maxAttempts, queue, timeout, clock, cancelledFromStart, cancelAfterChecks,
                Objects.requireNonNull(client), jobs);
    }

    /** Records follow-ups in {@code jobs} (default: a fresh fake per tester), e.g. to drain them afterwards. */
    public JobHandlerTester<P, R> recordingInto(FakeJobClient jobs) {
        return copy(attempt, maxAttempts, queue, timeout, clock, cancelledFromStart, cancelAfterChecks, client,
                Objects.requireNonNull(jobs));
    }

    /**
     * Runs the handler as step of chain {@code chainId} whose step before produced {@code previousResult} (an
     * object, a {@code JsonNode} or JSON text; for a batch step, its summary): {@code ctx.previousResult(type)}
     * converts it as the runtime does, and {@code ctx.chainId()} names the chain.
     */
    public JobHandlerTester<P, R> chainStep(String chainId, Object previousResult) {
        return withPlace(new WorkflowPlace(Objects.requireNonNull(chainId, "chainId"), null,
                previousResult == null ? null : FakeJobClient.toJson(previousResult, handlers.mapper()), null));
    }

    /**
     * Runs the handler as a member of batch {@code batchId}: {@code ctx.batchId()} names it, and
     * {@code ctx.addToBatch(...)} records the new members with the follow-ups (see {@link TestRun#enqueued()}) and
     * answers their ids.
     */
    public JobHandlerTester<P, R> batchMember(String batchId) {
        return withPlace(new WorkflowPlace(null, Objects.requireNonNull(batchId, "batchId"), null, null));
    }

    /**
     * Runs the handler as a batch's callback job: {@code ctx.batchCallback()} answers {@code callback}, e.g.
     * {@code BatchCallback.of("b-1", "onComplete", summary, memberResults)}.
     */
    public JobHandlerTester<P, R> batchCallback(io.jobkit.client.workflow.BatchCallback callback) {
        return withPlace(new WorkflowPlace(null, null, null, Objects.requireNonNull(callback, "callback")));
    }

    private JobHandlerTester<P, R> withPlace(WorkflowPlace place) {
        return copy(attempt, maxAttempts, queue, timeout, clock, cancelledFromStart, cancelAfterChecks, client, jobs, place);
    }

    /** The fake that records this tester's follow-up jobs. */
    public FakeJobClient jobs() {
        return jobs;
    }

    /**
     * Runs the handler once with {@code payload} (an object, a {@code JsonNode} or JSON text), which travels through
     * JSON first as it would on the wire. Never throws for what the handler does: that is the outcome.
     */
    public TestRun<R> run(Object payload) {
        String jobId = "test-" + UUID.randomUUID();
        return run(jobId, FakeJobClient.toJson(payload, handlers.mapper()), attempt, maxAttempts);
    }

    TestRun<R> run(String jobId, JsonNode payload, int attemptNumber, int attempts) {
        JobHandlers.Registration<?, ?> registration = handlers.find(type).orElseThrow();
        int before = jobs.enqueued().size();
        JobEnqueuer followUps = jobs.asParent(jobId);
        TestContext context = new TestContext(jobId, type, attemptNumber, attempts, queue, clock.instant().plus(timeout),
                clock, cancelledFromStart, cancelAfterChecks, followUps, client, place, handlers.mapper());
        HandlerOutcome outcome = attemptOnce(registration, payload, context);
        return new TestRun<>(jobId, attemptNumber, outcome, context.progress, context.logLines,
                jobs.enqueued().subList(before, jobs.enqueued().size()));
    }

    private <X, Y> HandlerOutcome attemptOnce(JobHandlers.Registration<X, Y> registration, JsonNode json,
                                              TestContext context) {
        X payload;
        try {
            payload = registration.decode(handlers.mapper(), json);
        } catch (IllegalArgumentException e) {
            // the runtime cannot decode it either: the job fails without retries, its message goes to the DLQ
            return new HandlerOutcome.Failed(e);
        }
        if (cancelledFromStart != null) return new HandlerOutcome.Cancelled(cancelledFromStart);
        Y result;
        try {
            result = registration.handler().handle(payload, context);
        } catch (Throwable t) {
            return failure(t, context);
        }
        return new HandlerOutcome.Succeeded(result, result == null ? null : handlers.mapper().valueToTree(result));
    }

    /** As the runtime: a cancel request or the deadline decides over what the handler threw. */
    private static HandlerOutcome failure(Throwable t, TestContext context) {
        if (context.cancelRequested()) return new HandlerOutcome.Cancelled("cancel requested");
        if (context.timedOut()) return new HandlerOutcome.Retry(null, "Timeout", t);
        if (t instanceof RetryJobException r) return new HandlerOutcome.Retry(r.delay(), t.getClass().getName(), t);
        if (t instanceof FailJobException) return new HandlerOutcome.Failed(t);
        if (t instanceof JobCancelledException c) return new HandlerOutcome.Cancelled(c.getMessage());
        return new HandlerOutcome.Retry(null, t.getClass().getName(), t);
    }

    private JobHandlerTester<P, R> copy(int attempt, int maxAttempts, String queue, Duration timeout, Clock clock,
                                        String cancelledFromStart, int cancelAfterChecks, JobClient client,
                                        FakeJobClient jobs) {
        return copy(attempt, maxAttempts, queue, timeout, clock, cancelledFromStart, cancelAfterChecks, client, jobs, place);
    }

    private JobHandlerTester<P, R> copy(int attempt, int maxAttempts, String queue, Duration timeout, Clock clock,
                                        String cancelledFromStart, int cancelAfterChecks, JobClient client,
                                        FakeJobClient jobs, WorkflowPlace place) {
        return new JobHandlerTester<>(handlers, type, attempt, maxAttempts, queue, timeout, clock, cancelledFromStart,
                cancelAfterChecks, client, jobs, place);
    }
}
