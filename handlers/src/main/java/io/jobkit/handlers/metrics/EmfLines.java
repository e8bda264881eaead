package io.jobkit.handlers.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.jobkit.client.metrics.LogHistogram;
import io.jobkit.client.metrics.MinuteStats;
import software.amazon.cloudwatchlogs.emf.environment.Environment;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.model.Unit;
import software.amazon.cloudwatchlogs.emf.sinks.ISink;

import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Prints one flushed (minute, queue, type) as CloudWatch Embedded Metric Format documents, through the
 * aws-embedded-metrics library, so CloudWatch Logs turns a runtime's stdout into metrics without an API call.
 *
 * <ul>
 *   <li>Namespace {@value #NAMESPACE}, dimension sets {@code [queue, type]} and {@code [queue]}, timestamp = the
 *       minute. The per-queue set costs a few extra metrics but gives alarms a plain metric to use: CloudWatch alarms
 *       cannot sum across types with SEARCH, and per-type alarms would need the types known at deploy time.</li>
 *   <li>Counts {@code Succeeded}, {@code Failed}, {@code Retried}, {@code DeadLettered}, {@code Cancelled} (always
 *       present, zeros too, so metric math such as failed/(succeeded+failed) never lacks a term).</li>
 *   <li>Distributions {@code Duration} and {@code QueueWait} (milliseconds) as EMF value arrays: each histogram
 *       bucket's representative repeated by its count. Library 4.2.0 has no statistic-set or values/counts form, so
 *       arrays are what it offers; CloudWatch computes p50/p99 from them. A key with more than {@value #MAX_VALUES}
 *       values is scaled down to about that many (every non-empty bucket keeps at least one), so a busy minute prints
 *       at most ~10 documents (the library splits arrays at 100 values per document). Error of a percentile: the
 *       histogram's 4.88 % plus, above {@value #MAX_VALUES} values, the scaling's rounding (≤ 1/{@value #MAX_VALUES}
 *       of rank).</li>
 * </ul>
 */
final class EmfLines implements Consumer<MinuteStats> {
    static final String NAMESPACE = "jobkit";
    static final int MAX_VALUES = 1000;

    private final Environment environment;

    EmfLines(Consumer<String> out) {
        this.environment = new LinesEnvironment(Objects.requireNonNull(out, "out"));
    }

    @Override
    public void accept(MinuteStats s) {
        MetricsLogger m = new MetricsLogger(environment);
        m.setNamespace(NAMESPACE);
        m.setDimensions(DimensionSet.of("queue", s.queue(), "type", s.type()), DimensionSet.of("queue", s.queue()));
        m.setTimestamp(s.minute());
        m.putMetric("Succeeded", s.succeeded(), Unit.COUNT);
        m.putMetric("Failed", s.failed(), Unit.COUNT);
        m.putMetric("Retried", s.retried(), Unit.COUNT);
        m.putMetric("DeadLettered", s.deadLettered(), Unit.COUNT);
        m.putMetric("Cancelled", s.cancelled(), Unit.COUNT);
        values(m, "Duration", s.duration());
        values(m, "QueueWait", s.waitTime());
        m.flush();
    }

    private static void values(MetricsLogger m, String name, LogHistogram h) {
        if (h.isEmpty()) return;
        long total = h.count();
        for (Map.Entry<Integer, Long> b : h.buckets().entrySet()) {
            long n = total <= MAX_VALUES ? b.getValue() : Math.max(1, Math.round((double) b.getValue() * MAX_VALUES / total));
            double v = Math.round(LogHistogram.representative(b.getKey()) * 10) / 10.0;
            for (long i = 0; i < n; i++) m.putMetric(name, v, Unit.MILLISECONDS);
        }
    }

    /** The library's seam for "where do documents go": here, a line consumer instead of its console or agent sinks. */
    private record LinesEnvironment(Consumer<String> out) implements Environment {
        @Override public boolean probe() { return true; }
        @Override public String getName() { return "jobkit"; }
        @Override public String getType() { return "jobkit"; }
        @Override public String getLogGroupName() { return ""; }
        @Override public void configureContext(MetricsContext context) { }

        @Override
        public ISink getSink() {
            return new ISink() {
                @Override
                public void accept(MetricsContext context) {
                    try {
                        for (String line : context.serialize()) out.accept(line);
                    } catch (JsonProcessingException e) {
                        throw new UncheckedIOException(e);
                    }
                }

                @Override
                public CompletableFuture<Void> shutdown() {
                    return CompletableFuture.completedFuture(null);
                }
            };
        }
    }
}
