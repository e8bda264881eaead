package io.jobkit.spring;

import io.jobkit.handlers.FailJobException;
import io.jobkit.handlers.JobCancelledException;
import io.jobkit.handlers.JobContext;
import io.jobkit.handlers.JobHandler;
import io.jobkit.handlers.JobHandlers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Wraps every handler to count attempts by type and outcome ({@code jobkit.jobs}) and time them
 * ({@code jobkit.job.duration}). Outcomes are read from what the handler did, as the processor maps them: return
 * is {@code succeeded}; {@code FailJobException}, or any exception on the last attempt, {@code failed};
 * {@code JobCancelledException} {@code cancelled}; other exceptions {@code retried}. A decorator rather than a
 * processor hook, so it needs nothing from the runtime's internals.
 */
final class MeteredHandlers {
    static final String JOBS = "jobkit.jobs";
    static final String DURATION = "jobkit.job.duration";

    private MeteredHandlers() {
    }

    static JobHandlers wrap(JobHandlers handlers, MeterRegistry registry) {
        JobHandlers.Builder b = JobHandlers.builder().mapper(handlers.mapper());
        for (String type : handlers.types()) add(b, handlers.find(type).orElseThrow(), registry);
        return b.build();
    }

    @SuppressWarnings("unchecked")
    private static <P, R> void add(JobHandlers.Builder b, JobHandlers.Registration<P, R> r, MeterRegistry registry) {
        JobHandler<P, R> inner = r.handler();
        JobHandler<P, R> metered = (payload, ctx) -> {
            Timer.Sample sample = Timer.start(registry);
            String outcome = "succeeded";
            try {
                return inner.handle(payload, ctx);
            } catch (Exception e) {
                outcome = outcomeOf(e, ctx);
                throw e;
            } finally {
                sample.stop(Timer.builder(DURATION).description("Handler attempt duration")
                        .tag("type", r.type()).tag("outcome", outcome).register(registry));
                registry.counter(JOBS, "type", r.type(), "outcome", outcome).increment();
            }
        };
        b.handler(r.type(), (Class<P>) r.payloadType().getRawClass(), metered);
    }

    static String outcomeOf(Exception e, JobContext ctx) {
        if (e instanceof JobCancelledException) return "cancelled";
        if (e instanceof FailJobException) return "failed";
        return ctx.attempt() >= ctx.maxAttempts() ? "failed" : "retried";
    }
}
