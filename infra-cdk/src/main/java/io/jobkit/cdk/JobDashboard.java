package io.jobkit.cdk;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.AlarmStatusWidget;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IAlarm;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TextWidget;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One CloudWatch dashboard per deployment, read top to bottom: alarm states; the queues (depth, age of the oldest
 * message, in flight, DLQ depth); jobs per type (succeeded, failed, duration p99, queue wait p99, from EMF); the Lambda workers (duration, errors and throttles, concurrency); the Fargate
 * workers (backlog per task against its target, running tasks); and scheduler delivery.
 */
final class JobDashboard {
    private static final Duration PERIOD = Duration.minutes(1);

    private JobDashboard() {
    }

    static Dashboard create(Construct scope, JobKitProps props, List<JobQueues.JobQueue> queues,
                            List<LambdaWorkers.Worker> lambdas, FargateWorkers fargate, SchedulerAccess scheduler,
                            List<? extends IAlarm> alarms) {
        String prefix = props.topology().prefix();
        Dashboard d = Dashboard.Builder.create(scope, "Dashboard").dashboardName(prefix + "-jobs").build();
        d.addWidgets(TextWidget.Builder.create().width(24).height(1)
                .markdown("# jobkit `" + prefix + "` — queues, workers, scheduler").build());
        d.addWidgets(AlarmStatusWidget.Builder.create().title("Alarms").width(24).height(3)
                .alarms(new ArrayList<IAlarm>(alarms)).build());

        d.addWidgets(
                graph("Queue depth (visible)", perQueue(queues, q -> q.queue()
                        .metricApproximateNumberOfMessagesVisible(stat("Maximum", q.def().name())))),
                graph("Oldest message age (s)", perQueue(queues, q -> q.queue()
                        .metricApproximateAgeOfOldestMessage(stat("Maximum", q.def().name())))),
                graph("In flight (received, not yet deleted)", perQueue(queues, q -> q.queue()
                        .metricApproximateNumberOfMessagesNotVisible(stat("Maximum", q.def().name())))),
                graph("DLQ depth", perQueue(queues, q -> q.dlq()
                        .metricApproximateNumberOfMessagesVisible(stat("Maximum", q.def().name())))));

        // per job type, from the workers' EMF lines (JOBKIT_METRICS=emf, the default)
        d.addWidgets(JobMetricsWidgets.widgets().toArray(IWidget[]::new));

        if (!lambdas.isEmpty()) {
            d.addWidgets(
                    graph("Lambda duration p99 (ms)", perWorker(lambdas, w -> w.function().metricDuration(stat("p99", name(w))))),
                    graph("Lambda errors", perWorker(lambdas, w -> w.function().metricErrors(stat("Sum", name(w))))),
                    graph("Lambda throttles", perWorker(lambdas, w -> w.function().metricThrottles(stat("Sum", name(w))))),
                    graph("Lambda concurrent executions", perWorker(lambdas,
                            w -> w.function().metric("ConcurrentExecutions", stat("Maximum", name(w))))));
        }
        if (fargate != null) {
            d.addWidgets(
                    GraphWidget.Builder.create().title("Fargate backlog per task (target "
                                    + props.fargate().orElseThrow().targetBacklogPerTask() + ")")
                            .width(12).left(List.of(fargate.scaling.backlogPerTask)).build(),
                    GraphWidget.Builder.create().title("Fargate running tasks").width(12)
                            .left(List.of(fargate.scaling.runningTasks)).build());
        }
        d.addWidgets(GraphWidget.Builder.create().title("Scheduler deliveries").width(24)
                .left(List.of(scheduler.group.metricTargetErrors(stat("Sum", "target errors")),
                        scheduler.group.metricTargetThrottled(stat("Sum", "target throttled"))))
                .build());
        return d;
    }

    private static IWidget graph(String title, List<IMetric> metrics) {
        return GraphWidget.Builder.create().title(title).width(6).height(6).left(metrics).build();
    }

    private static List<IMetric> perQueue(List<JobQueues.JobQueue> queues, Function<JobQueues.JobQueue, IMetric> f) {
        return queues.stream().map(f).toList();
    }

    private static List<IMetric> perWorker(List<LambdaWorkers.Worker> workers, Function<LambdaWorkers.Worker, IMetric> f) {
        return workers.stream().map(f).toList();
    }

    private static String name(LambdaWorkers.Worker w) {
        return w.queue().def().name();
    }

    private static MetricOptions stat(String statistic, String label) {
        return MetricOptions.builder().statistic(statistic).period(PERIOD).label(label).build();
    }
}
