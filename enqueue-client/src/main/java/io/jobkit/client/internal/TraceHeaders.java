package io.jobkit.client.internal;

import io.jobkit.client.wire.Envelope;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

import java.util.HashMap;
import java.util.Map;

/**
 * Puts the caller's W3C trace context into a job's envelope at enqueue.
 *
 * <p>A {@code PRODUCER} span (through the OpenTelemetry API, so a no-op without an SDK) marks the enqueue; its context
 * is what the envelope carries, so with an SDK the handler's span is its child, and without one the caller's own
 * context travels unchanged. Nothing is added when no valid span is current: a job never invents a trace.
 */
public final class TraceHeaders {
    static final String INSTRUMENTATION = "io.jobkit";

    private TraceHeaders() {
    }

    /** {@code context} with the current trace's {@code traceparent}/{@code tracestate}, or unchanged when there is none. */
    public static Envelope.Context inject(Envelope.Context context, String jobId, String type, String queue) {
        if (!Span.current().getSpanContext().isValid()) return context;
        Span span = GlobalOpenTelemetry.getTracer(INSTRUMENTATION).spanBuilder(type + " publish")
                .setSpanKind(SpanKind.PRODUCER)
                .setAttribute("messaging.system", "aws_sqs")
                .setAttribute("messaging.operation.type", "publish")
                .setAttribute("messaging.destination.name", queue)
                .setAttribute(AttributeKey.stringKey("messaging.message.id"), jobId)
                .startSpan();
        Map<String, String> headers = new HashMap<>();
        try (Scope ignored = span.makeCurrent()) {
            W3CTraceContextPropagator.getInstance().inject(Context.current(), headers, Map::put);
        } finally {
            span.end();
        }
        String traceparent = headers.get("traceparent");
        if (traceparent == null) return context;
        Envelope.Context base = context == null ? new Envelope.Context(null, null, null, null) : context;
        return base.withTrace(traceparent, headers.get("tracestate"));
    }
}
