package io.jobkit.cdk;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.List;

/**
 * The alarms an operator of a job system needs, all notifying one SNS topic (alarm and recovery):
 *
 * <ul>
 *   <li>a DLQ holds a message: a job failed for good and needs a person;</li>
 *   <li>a queue's oldest message is older than its threshold: workers are stuck, throttled or too few;</li>
 *   <li>a Lambda worker has errors (crashes, timeouts: jobkit reports job failures per item, not as errors) or
 *       throttles (its reserved or the account's concurrency is exhausted);</li>
 *   <li>a queue's jobs fail for good at over 10 % (EMF metrics: failed / (succeeded + failed));</li>
 *   <li>EventBridge Scheduler failed to deliver into a queue: delayed and recurring jobs are being lost.</li>
 * </ul>
 */
final class Alarms {
    final ITopic topic;
    final List<Alarm> all = new ArrayList<>();
    private final Construct scope;
    private final String prefix;

    Alarms(Construct scope, JobKitProps props, IKey key) {
        this.scope = new Construct(scope, "Alarms");
        this.prefix = props.topology().prefix();
        this.topic = props.alarmTopic().orElseGet(() -> newTopic(this.scope, props, key));
        props.alarmEmail().ifPresent(email -> topic.addSubscription(new EmailSubscription(email)));
    }

    private static ITopic newTopic(Construct scope, JobKitProps props, IKey key) {
        Topic.Builder b = Topic.Builder.create(scope, "Topic")
                .displayName("jobkit alarms (" + props.topology().prefix() + ")")
                .enforceSsl(true);
        if (key != null) {
            b.masterKey(key);
            // CloudWatch publishes alarm notifications itself, so it must be able to use the topic's key.
            key.addToResourcePolicy(PolicyStatement.Builder.create()
                    .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                    .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*")) // as AWS documents for alarm actions
                    .resources(List.of("*"))
                    .build());
        }
        return b.build();
    }

    void dlqNotEmpty(JobQueues.JobQueue q) {
        add(q.def().name() + "-dlq-not-empty",
                "Jobs from queue '" + q.def().name() + "' failed for good and wait in " + q.dlq().getQueueName()
                        + ". Inspect them (`jobkit dlq list`), fix the cause, then redrive (`jobkit dlq redrive`).",
                q.dlq().metricApproximateNumberOfMessagesVisible(max(Duration.minutes(1))),
                1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 1);
    }

    void oldestMessage(JobQueues.JobQueue q, java.time.Duration threshold) {
        add(q.def().name() + "-oldest-message",
                "The oldest job in queue '" + q.def().name() + "' has waited over " + threshold.toSeconds()
                        + " s for 3 minutes: workers are stuck, throttled or too few for the load.",
                q.queue().metricApproximateAgeOfOldestMessage(max(Duration.minutes(1))),
                threshold.toSeconds(), ComparisonOperator.GREATER_THAN_THRESHOLD, 3);
    }

    /** Above this share of failed jobs over {@link #FAILURE_RATE_PERIOD} a queue's failure-rate alarm fires. */
    static final double FAILURE_RATE = 0.10;
    static final Duration FAILURE_RATE_PERIOD = Duration.minutes(5);
    /** Fewer outcomes than this in a period count as rate 0: one failure of two jobs is not an incident. */
    static final int FAILURE_RATE_MIN_JOBS = 10;

    void failureRate(JobQueues.JobQueue q) {
        String name = q.def().name();
        add(name + "-failure-rate",
                "Over " + (int) (FAILURE_RATE * 100) + " % of the jobs from queue '" + name + "' that ended in "
                        + FAILURE_RATE_PERIOD.toMinutes() + " minutes failed for good (twice in a row, at least "
                        + FAILURE_RATE_MIN_JOBS + " jobs). See which type with the dashboard's 'Jobs failed per type'"
                        + " or `jobkit metrics`, then `jobkit list --status failed`.",
                JobMetricsWidgets.failureRate(name, FAILURE_RATE_PERIOD, FAILURE_RATE_MIN_JOBS),
                FAILURE_RATE, ComparisonOperator.GREATER_THAN_THRESHOLD, 2);
    }

    void lambdaErrors(LambdaWorkers.Worker w) {
        add(w.queue().def().name() + "-worker-errors",
                "The Lambda worker of queue '" + w.queue().def().name() + "' failed invocations (crash, timeout or"
                        + " out of memory); its messages return to the queue and may reach the DLQ.",
                w.function().metricErrors(sum(Duration.minutes(5))), 1,
                ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 1);
    }

    void lambdaThrottles(LambdaWorkers.Worker w) {
        add(w.queue().def().name() + "-worker-throttles",
                "The Lambda worker of queue '" + w.queue().def().name() + "' was throttled: its reserved concurrency"
                        + " or the account's concurrency is exhausted.",
                w.function().metricThrottles(sum(Duration.minutes(5))), 1,
                ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 1);
    }

    void schedulerErrors(SchedulerAccess scheduler) {
        add("scheduler-target-errors",
                "EventBridge Scheduler could not send into a jobkit queue (permissions, KMS or a deleted queue);"
                        + " scheduled and delayed jobs may be lost.",
                scheduler.group.metricTargetErrors(sum(Duration.minutes(5))), 1,
                ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 1);
    }

    private void add(String name, String description, IMetric metric, double threshold, ComparisonOperator op,
                     int periods) {
        Alarm alarm = Alarm.Builder.create(scope, name)
                .alarmName(prefix + "-" + name)
                .alarmDescription(description)
                .metric(metric)
                .threshold(threshold)
                .comparisonOperator(op)
                .evaluationPeriods(periods)
                .datapointsToAlarm(periods)
                // An idle queue or function publishes nothing; that is not a failure.
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        alarm.addAlarmAction(new SnsAction(topic));
        alarm.addOkAction(new SnsAction(topic));
        all.add(alarm);
    }

    private static MetricOptions max(Duration period) {
        return MetricOptions.builder().statistic("Maximum").period(period).build();
    }

    private static MetricOptions sum(Duration period) {
        return MetricOptions.builder().statistic("Sum").period(period).build();
    }
}
