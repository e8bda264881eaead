package io.jobkit.spring;

import io.jobkit.client.JobClient;
import io.jobkit.client.queues.QueueStats;
import io.jobkit.client.topology.QueueDef;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code jobkit.queue.depth} (tags queue, state = visible | in_flight | delayed | dlq) for every queue of the
 * topology. One GetQueueAttributes pair per queue per refresh, at most every 15 s however often the registry is
 * scraped, so a busy Prometheus cannot turn into an SQS bill.
 */
final class QueueDepthMeters implements MeterBinder {
    static final String DEPTH = "jobkit.queue.depth";
    private static final Duration REFRESH = Duration.ofSeconds(15);

    private final JobClient client;
    private final Clock clock;
    private List<QueueStats> cached = List.of();
    private Instant readAt = Instant.MIN;

    QueueDepthMeters(JobClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (QueueDef q : client.topology().queues()) {
            gauge(registry, q.name(), "visible");
            gauge(registry, q.name(), "in_flight");
            gauge(registry, q.name(), "delayed");
            gauge(registry, q.name(), "dlq");
        }
    }

    private void gauge(MeterRegistry registry, String queue, String state) {
        Gauge.builder(DEPTH, this, m -> m.depth(queue, state)).tag("queue", queue).tag("state", state)
                .description("Approximate messages in a jobkit queue").register(registry);
    }

    private synchronized double depth(String queue, String state) {
        Instant now = clock.instant();
        if (now.isAfter(readAt.plus(REFRESH)) || readAt == Instant.MIN) {
            try {
                cached = client.queueStats();
                readAt = now;
            } catch (RuntimeException e) {
                return Double.NaN; // SQS unreachable: no value rather than a stale or made-up one
            }
        }
        for (QueueStats s : cached) {
            if (s.queue().equals(queue)) {
                return switch (state) {
                    case "visible" -> s.visible();
                    case "in_flight" -> s.inFlight();
                    case "delayed" -> s.delayed();
                    default -> s.dlqDepth();
                };
            }
        }
        return Double.NaN;
    }
}
