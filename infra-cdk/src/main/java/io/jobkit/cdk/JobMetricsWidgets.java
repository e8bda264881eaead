package io.jobkit.cdk;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;

import java.util.List;
import java.util.Map;

/**
 * Metrics from the workers' Embedded Metric Format lines (namespace {@value #NAMESPACE}; dimension sets
 * {@code [queue, type]} and {@code [queue]}; see the handlers' {@code EmfLines}).
 *
 * <p>Job types are not known at deploy time, so the per-type widgets use {@code SEARCH} expressions, which list
 * whatever (queue, type) series exist; alarms cannot use {@code SEARCH}, so the failure-rate alarm reads the per-queue
 * series. The dimension values are logical names ({@code normal}, not {@code <prefix>-normal}): deployments with
 * different prefixes in one account and region share these series.
 */
final class JobMetricsWidgets {
    static final String NAMESPACE = "jobkit";
    private static final Duration PERIOD = Duration.minutes(1);

    private JobMetricsWidgets() {
    }

    static List<IWidget> widgets() {
        return List.of(
                graph("Jobs succeeded per type", search("Succeeded", "Sum")),
                graph("Jobs failed per type", search("Failed", "Sum")),
                graph("Job duration p99 (ms) per type", search("Duration", "p99")),
                graph("Queue wait p99 (ms) per type", search("QueueWait", "p99")));
    }

    /** One series per (queue, type) that reported {@code metric} in the graph's time range. */
    static IMetric search(String metric, String statistic) {
        return MathExpression.Builder.create()
                .expression("SEARCH('{" + NAMESPACE + ",queue,type} MetricName=\"" + metric + "\"', '" + statistic
                        + "', " + (int) PERIOD.toSeconds() + ")")
                .label("")
                .period(PERIOD)
                .build();
    }

    /** {@code failed / (succeeded + failed)} of one queue, 0 below {@code minJobs} outcomes in the period. */
    static MathExpression failureRate(String queue, Duration period, int minJobs) {
        return MathExpression.Builder.create()
                .expression("IF(s + f >= " + minJobs + ", f / (s + f), 0)")
                .usingMetrics(Map.of("s", perQueue("Succeeded", queue, period), "f", perQueue("Failed", queue, period)))
                .label(queue + " failure rate")
                .period(period)
                .build();
    }

    static Metric perQueue(String metric, String queue, Duration period) {
        return Metric.Builder.create().namespace(NAMESPACE).metricName(metric)
                .dimensionsMap(Map.of("queue", queue)).statistic("Sum").period(period).build();
    }

    private static IWidget graph(String title, IMetric metric) {
        return GraphWidget.Builder.create().title(title).width(6).height(6).left(List.of(metric)).build();
    }
}
