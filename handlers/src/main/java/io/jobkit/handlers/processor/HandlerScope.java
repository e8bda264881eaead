package io.jobkit.handlers.processor;

import io.jobkit.client.wire.Envelope;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import org.slf4j.MDC;

import java.util.HashMap;
import java.util.Map;

/**
 * What surrounds one handler call on its handler thread, opened and closed in one place ({@link HandlerRun}):
 *
 * <ol>
 *   <li>the job's MDC (job id, type, attempt, queue, and the trace and span ids when there is a trace);</li>
 *   <li>a {@code CONSUMER} span (OpenTelemetry API; a no-op without an SDK) whose parent is the envelope's
 *       {@code traceparent}, made current so the handler's own spans, logs and follow-up enqueues join the trace.
 *       Without an SDK the "span" is the enqueuer's context itself, so the trace id still carries through.</li>
 * </ol>
 */
final class HandlerScope implements AutoCloseable {
    private static final String INSTRUMENTATION = "io.jobkit";
    private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final Span span;
    private final Scope scope;

    private HandlerScope(Span span, Scope scope) {
        this.span = span;
        this.scope = scope;
    }

    static HandlerScope open(RunningJob job) {
        JobMdc.put(job);
        Context parent = parentOf(job.origin());
        Span span = GlobalOpenTelemetry.getTracer(INSTRUMENTATION).spanBuilder(job.type() + " process")
                .setParent(parent)
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute("messaging.system", "aws_sqs")
                .setAttribute("messaging.operation.type", "process")
                .setAttribute("messaging.destination.name", job.queue() == null ? "" : job.queue())
                .setAttribute("messaging.message.id", job.jobId())
                .setAttribute("jobkit.job.attempt", job.attempt())
                .startSpan();
        SpanContext sc = span.getSpanContext();
        if (sc.isValid()) {
            MDC.put(JobMdc.TRACE_ID, sc.getTraceId());
            MDC.put(JobMdc.SPAN_ID, sc.getSpanId());
        }
        return new HandlerScope(span, parent.with(span).makeCurrent());
    }

    /** The envelope's trace headers as an OpenTelemetry context; the root context when it has none or they are bad. */
    static Context parentOf(Envelope.Context origin) {
        if (origin == null || origin.traceparent() == null) return Context.root();
        Map<String, String> carrier = new HashMap<>();
        carrier.put("traceparent", origin.traceparent());
        if (origin.tracestate() != null) carrier.put("tracestate", origin.tracestate());
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), carrier, GETTER);
    }

    void failed(Throwable t) {
        span.recordException(t);
        span.setStatus(StatusCode.ERROR, String.valueOf(t.getMessage()));
    }

    @Override
    public void close() {
        try {
            scope.close();
            span.end();
        } finally {
            JobMdc.clear();
        }
    }
}
