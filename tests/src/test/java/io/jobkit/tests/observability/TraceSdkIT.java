package io.jobkit.tests.observability;

import io.jobkit.client.Job;
import io.jobkit.client.JobClient;
import io.jobkit.handlers.FailJobException;
import io.jobkit.handlers.JobHandlers;
import io.jobkit.handlers.worker.Worker;
import io.jobkit.tests.support.LocalCloudExtension;
import io.jobkit.tests.support.TestCloud;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** With an OpenTelemetry SDK installed (in-memory exporter): caller span → enqueue span → handler span, one trace. */
@ExtendWith(LocalCloudExtension.class)
class TraceSdkIT {
    @RegisterExtension
    static final OpenTelemetryExtension OTEL = OpenTelemetryExtension.create();

    @Test
    void theHandlerSpan_isAChildOfTheEnqueueSpan_whichIsAChildOfTheCallersSpan(TestCloud cloud) {
        JobClient client = cloud.client();
        JobHandlers handlers = JobHandlers.builder()
                .handler("trace.sdk", Map.class, (p, ctx) -> null)
                .handler("trace.sdk.fails", Map.class, (p, ctx) -> {
                    throw new FailJobException("no");
                })
                .build();
        Span request = OTEL.getOpenTelemetry().getTracer("test").spanBuilder("POST /orders").startSpan();
        String id;
        String failing;
        try (Scope ignored = request.makeCurrent()) {
            id = client.enqueue("trace.sdk", Map.of());
            failing = client.enqueue("trace.sdk.fails", Map.of());
        } finally {
            request.end();
        }
        Worker worker = TraceSupport.worker(client, handlers);
        try {
            Job job = TraceSupport.awaitTerminal(client, id);
            assertThat(TraceSupport.succeeded(job)).isTrue();
            TraceSupport.awaitTerminal(client, failing);
        } finally {
            worker.shutdown();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> OTEL.getSpans().size() >= 5);
        List<SpanData> spans = OTEL.getSpans();
        String traceId = request.getSpanContext().getTraceId();
        assertThat(spans).allSatisfy(s -> assertThat(s.getTraceId()).isEqualTo(traceId));

        SpanData publish = one(spans, "trace.sdk publish");
        SpanData process = one(spans, "trace.sdk process");
        assertThat(publish.getKind()).isEqualTo(SpanKind.PRODUCER);
        assertThat(publish.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
        assertThat(process.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(process.getParentSpanId()).isEqualTo(publish.getSpanId());
        assertThat(process.getAttributes().asMap().toString()).contains(id);
        assertThat(process.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);

        SpanData failed = one(spans, "trace.sdk.fails process");
        assertThat(failed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(failed.getEvents()).anyMatch(e -> e.getName().equals("exception"));
    }

    private static SpanData one(List<SpanData> spans, String name) {
        List<SpanData> named = spans.stream().filter(s -> s.getName().equals(name)).toList();
        assertThat(named).as("spans named %s in %s", name, spans.stream().map(SpanData::getName).toList()).hasSize(1);
        return named.get(0);
    }
}
