package io.jobkit.cdk;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.applicationautoscaling.CfnScalingPolicy;
import software.amazon.awscdk.services.applicationautoscaling.ScalableTarget;
import software.amazon.awscdk.services.applicationautoscaling.ServiceNamespace;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.FargateService;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Target tracking on backlog per task, the scaling AWS recommends for queue workers: visible messages of the
 * service's queues divided by its running tasks, held at {@link FargateWorkerOptions#targetBacklogPerTask()}.
 * (Queue depth alone is the wrong target: it does not fall as tasks are added.)
 *
 * <p>CDK's target-tracking L2 accepts only a plain metric, so the policy is the L1 with a metric-math
 * {@code CustomizedMetricSpecification}. Running tasks come from Container Insights (ECS/ContainerInsights
 * RunningTaskCount), enabled on the cluster.
 */
final class BacklogScaling {
    static final String EXPRESSION_ID = "backlogPerTask";
    static final String TASKS_ID = "tasks";

    final ScalableTarget target;
    final CfnScalingPolicy policy;
    /** The same expression for the dashboard. */
    final MathExpression backlogPerTask;
    final Metric runningTasks;

    BacklogScaling(Construct scope, Cluster cluster, FargateService service, List<JobQueues.JobQueue> queues,
                   FargateWorkerOptions options) {
        this.target = ScalableTarget.Builder.create(scope, "ScalableTarget")
                .serviceNamespace(ServiceNamespace.ECS)
                .resourceId("service/" + cluster.getClusterName() + "/" + service.getServiceName())
                .scalableDimension("ecs:service:DesiredCount")
                .minCapacity(options.minTasks())
                .maxCapacity(options.maxTasks())
                .build();

        Map<String, String> dimensions = new LinkedHashMap<>(); // ordered: the template must be deterministic
        dimensions.put("ClusterName", cluster.getClusterName());
        dimensions.put("ServiceName", service.getServiceName());
        List<CfnScalingPolicy.TargetTrackingMetricDataQueryProperty> queries = new ArrayList<>();
        Map<String, IMetric> usingMetrics = new LinkedHashMap<>();
        StringBuilder sum = new StringBuilder();
        for (int i = 0; i < queues.size(); i++) {
            String id = "m" + i;
            String queueName = queues.get(i).queue().getQueueName();
            queries.add(stat(id, "AWS/SQS", "ApproximateNumberOfMessagesVisible",
                    Map.of("QueueName", queueName), "Average"));
            usingMetrics.put(id, queues.get(i).queue().metricApproximateNumberOfMessagesVisible());
            sum.append(i == 0 ? "" : " + ").append(id);
        }
        queries.add(stat(TASKS_ID, "ECS/ContainerInsights", "RunningTaskCount", dimensions, "Average"));
        String expression = "(" + sum + ") / " + TASKS_ID;
        queries.add(CfnScalingPolicy.TargetTrackingMetricDataQueryProperty.builder()
                .id(EXPRESSION_ID).expression(expression).label("Visible messages per running task")
                .returnData(true).build());

        this.policy = CfnScalingPolicy.Builder.create(scope, "BacklogPerTask")
                .policyName("backlog-per-task")
                .policyType("TargetTrackingScaling")
                .scalingTargetId(target.getScalableTargetId())
                .targetTrackingScalingPolicyConfiguration(
                        CfnScalingPolicy.TargetTrackingScalingPolicyConfigurationProperty.builder()
                                .targetValue(options.targetBacklogPerTask())
                                // Out fast when work piles up; in slowly, so a lull does not stop busy tasks.
                                .scaleOutCooldown(60)
                                .scaleInCooldown(300)
                                .customizedMetricSpecification(
                                        CfnScalingPolicy.CustomizedMetricSpecificationProperty.builder()
                                                .metrics(queries).build())
                                .build())
                .build();

        this.runningTasks = Metric.Builder.create().namespace("ECS/ContainerInsights").metricName("RunningTaskCount")
                .dimensionsMap(dimensions).statistic("Average").period(Duration.minutes(1)).build();
        usingMetrics.put(TASKS_ID, runningTasks);
        this.backlogPerTask = MathExpression.Builder.create().expression(expression).usingMetrics(usingMetrics)
                .label("Visible messages per running task").period(Duration.minutes(1)).build();
    }

    private static CfnScalingPolicy.TargetTrackingMetricDataQueryProperty stat(
            String id, String namespace, String name, Map<String, String> dimensions, String statistic) {
        List<CfnScalingPolicy.TargetTrackingMetricDimensionProperty> dims = new ArrayList<>();
        dimensions.forEach((k, v) -> dims.add(
                CfnScalingPolicy.TargetTrackingMetricDimensionProperty.builder().name(k).value(v).build()));
        return CfnScalingPolicy.TargetTrackingMetricDataQueryProperty.builder()
                .id(id)
                .returnData(false)
                .metricStat(CfnScalingPolicy.TargetTrackingMetricStatProperty.builder()
                        .stat(statistic)
                        .metric(CfnScalingPolicy.TargetTrackingMetricProperty.builder()
                                .namespace(namespace).metricName(name).dimensions(dims).build())
                        .build())
                .build();
    }
}
