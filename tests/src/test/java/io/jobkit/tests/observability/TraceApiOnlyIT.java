package io.jobkit.tests.observability;

import io.jobkit.client.Job;
import io.jobkit.client.JobClient;
import io.jobkit.handlers.JobHandlers;
import io.jobkit.handlers.worker.Worker;
import io.jobkit.tests.support.LocalCloudExtension;
import io.jobkit.tests.support.TestCloud;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.MDC;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Trace context and MDC from enqueue to handler with the OpenTelemetry API alone (no SDK installed: every span is a
 * no-op, yet the caller's trace id travels through the envelope and SQS to the handler).
 */
@ExtendWith(LocalCloudExtension.class)
class TraceApiOnlyIT {
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN_ID = "00f067aa0ba902b7";

    @Test
    void enqueueInsideAKnownTrace_theHandlerRunsInThatTrace_withTheJobInTheMdc(TestCloud cloud) {
        JobClient client = cloud.client();
        Map<String, Map<String, Object>> seenBy = new ConcurrentHashMap<>(); // job id → what its handler saw
        JobHandlers handlers = JobHandlers.builder()
                .handler("trace.api", Map.class, (p, ctx) -> {
                    Map<String, Object> seen = seenBy.computeIfAbsent(ctx.jobId(), k -> new ConcurrentHashMap<>());
                    seen.put("traceId", Span.current().getSpanContext().getTraceId());
                    seen.put("traceparent", String.valueOf(ctx.traceparent()));
                    seen.put("mdc", new HashMap<>(MDC.getCopyOfContextMap()));
                    ctx.log().warn("upstream slow", Map.of("host", "api.example.com"));
                    seen.put("mdcAfterLog", new HashMap<>(MDC.getCopyOfContextMap()));
                    return null;
                })
                .build();
        SpanContext caller = SpanContext.create(TRACE_ID, SPAN_ID, TraceFlags.getSampled(), TraceState.getDefault());
        String id;
        try (Scope ignored = Span.wrap(caller).makeCurrent()) {
            id = client.enqueue("trace.api", Map.of());
        }
        String untraced = client.enqueue("trace.api", Map.of());

        Worker worker = TraceSupport.worker(client, handlers);
        try {
            Job job = TraceSupport.awaitTerminal(client, id);
            Map<String, Object> seen = seenBy.get(id);
            assertThat(TraceSupport.succeeded(job)).isTrue();
            assertThat(seen.get("traceId")).isEqualTo(TRACE_ID);
            assertThat(seen.get("traceparent")).isEqualTo("00-" + TRACE_ID + "-" + SPAN_ID + "-01");
            @SuppressWarnings("unchecked") Map<String, String> mdc = (Map<String, String>) seen.get("mdc");
            assertThat(mdc).containsEntry("jobId", id).containsEntry("jobType", "trace.api")
                    .containsEntry("attempt", "1").containsEntry("queue", "normal").containsEntry("traceId", TRACE_ID);
            assertThat(seen.get("mdcAfterLog")).isEqualTo(mdc); // ctx.log keeps the handler thread's MDC
            assertThat(job.logs()).anyMatch(l -> l.matches("\\S+ WARN upstream slow host=api\\.example\\.com"));

            Job plain = TraceSupport.awaitTerminal(client, untraced);
            seen = seenBy.get(untraced);
            assertThat(TraceSupport.succeeded(plain)).isTrue();
            assertThat(seen.get("traceparent")).isEqualTo("null"); // no trace at enqueue: none invented
            @SuppressWarnings("unchecked") Map<String, String> mdc2 = (Map<String, String>) seen.get("mdc");
            assertThat(mdc2).containsEntry("jobId", untraced).doesNotContainKey("traceId");
        } finally {
            worker.shutdown();
        }
    }
}
