package io.jobkit.cdk;

import io.jobkit.client.topology.JobTable;
import io.jobkit.client.topology.QueueDef;
import io.jobkit.client.topology.Topology;
import io.jobkit.cdk.Synth.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.services.iam.IRole;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The app with no context but the bundle path: what {@code cdk deploy} gives a new user. One synthesis. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DefaultAppTest {
    private final Topology topology = Topology.defaults();
    private Synth synth;
    private JobKit kit;

    @BeforeAll
    void synthesise() {
        JobKitStack stack = JobKitApp.create(Synth.app(Map.of("lambdaBundle", Synth.fakeLambdaBundle().toString())),
                Path.of(""));
        kit = stack.jobKit();
        synth = new Synth(stack);
    }

    @Test
    void stack_isNamedJobKit() {
        assertThat(synth.stack.getStackName()).isEqualTo("JobKit");
    }

    @Test
    void deletionProtection_retainsQueuesAndDlqsLikeTheTable() {
        assertThat(synth.resources("AWS::SQS::Queue")).hasSize(2 * topology.queues().size())
                .allSatisfy((id, q) -> assertThat(q).containsEntry("DeletionPolicy", "Retain")
                        .containsEntry("UpdateReplacePolicy", "Retain"));
    }

    @Test
    void queues_eachTopologyQueueHasItsDlqAndRedrivePolicy() {
        assertThat(synth.resources("AWS::SQS::Queue")).hasSize(2 * topology.queues().size());
        for (QueueDef q : topology.queues()) {
            synth.template.hasResourceProperties("AWS::SQS::Queue", Map.of(
                    "QueueName", topology.sqsName(q),
                    "RedrivePolicy", Map.of(
                            "deadLetterTargetArn", synth.resolve(kit.deadLetterQueue(q.name()).getQueueArn()),
                            "maxReceiveCount", Topology.MAX_RECEIVE_COUNT)));
            synth.template.hasResourceProperties("AWS::SQS::Queue", Map.of(
                    "QueueName", topology.dlqSqsName(q),
                    "RedrivePolicy", Match.absent()));
        }
    }

    @Test
    void queues_areEncryptedWithSseSqsAndKeepFourDaysDlqsFourteen() {
        for (QueueDef q : topology.queues()) {
            synth.template.hasResourceProperties("AWS::SQS::Queue", Map.of("QueueName", topology.sqsName(q),
                    "SqsManagedSseEnabled", true, "KmsMasterKeyId", Match.absent(),
                    "MessageRetentionPeriod", 4 * 24 * 3600));
            synth.template.hasResourceProperties("AWS::SQS::Queue", Map.of("QueueName", topology.dlqSqsName(q),
                    "SqsManagedSseEnabled", true, "MessageRetentionPeriod", 14 * 24 * 3600));
        }
    }

    @Test
    void queues_policyDeniesEveryRequestWithoutTls() {
        assertThat(synth.resources("AWS::SQS::QueuePolicy")).hasSize(2 * topology.queues().size());
        for (QueueDef q : topology.queues()) {
            for (var queue : List.of(kit.queue(q.name()), kit.deadLetterQueue(q.name()))) {
                synth.template.hasResourceProperties("AWS::SQS::QueuePolicy", Map.of(
                        "Queues", List.of(synth.resolve(queue.getQueueUrl())),
                        "PolicyDocument", Map.of("Statement", List.of(Map.of(
                                "Effect", "Deny", "Action", "sqs:*", "Principal", Map.of("AWS", "*"),
                                "Resource", synth.resolve(queue.getQueueArn()),
                                "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))));
            }
        }
    }

    @Test
    void queues_visibilityTimeoutIsSixLambdaTimeouts() {
        for (QueueDef q : topology.queues()) {
            synth.template.hasResourceProperties("AWS::SQS::Queue", Map.of("QueueName", topology.sqsName(q),
                    "VisibilityTimeout", 6 * 300));
        }
    }

    @Test
    void table_hasTheJobStoreLayoutOnDemandWithPitrEncryptionAndProtection() {
        synth.template.resourceCountIs("AWS::DynamoDB::Table", 1);
        synth.template.hasResource("AWS::DynamoDB::Table", Map.of(
                "DeletionPolicy", "Retain",
                "Properties", Map.of(
                        "TableName", topology.tableName(),
                        "BillingMode", "PAY_PER_REQUEST",
                        "KeySchema", List.of(
                                Map.of("AttributeName", JobTable.PARTITION_KEY, "KeyType", "HASH"),
                                Map.of("AttributeName", JobTable.SORT_KEY, "KeyType", "RANGE")),
                        "GlobalSecondaryIndexes", List.of(Map.of(
                                "IndexName", JobTable.STATUS_INDEX,
                                "KeySchema", List.of(
                                        Map.of("AttributeName", JobTable.STATUS_INDEX_PARTITION_KEY, "KeyType", "HASH"),
                                        Map.of("AttributeName", JobTable.STATUS_INDEX_SORT_KEY, "KeyType", "RANGE")),
                                "Projection", Map.of("ProjectionType", "INCLUDE",
                                        "NonKeyAttributes", JobTable.STATUS_INDEX_PROJECTION))),
                        "TimeToLiveSpecification", Map.of("AttributeName", JobTable.TTL_ATTRIBUTE, "Enabled", true),
                        "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true),
                        "SSESpecification", Map.of("SSEEnabled", true),
                        "DeletionProtectionEnabled", true)));
    }

    @Test
    void scheduler_groupIsRetainedAndRoleTrustsSchedulerForThisAccountAndGroup() {
        synth.template.hasResource("AWS::Scheduler::ScheduleGroup", Map.of(
                "DeletionPolicy", "Retain", "Properties", Map.of("Name", topology.scheduleGroup())));
        synth.template.hasResourceProperties("AWS::IAM::Role", Map.of("AssumeRolePolicyDocument", Map.of(
                "Statement", List.of(Map.of(
                        "Action", "sts:AssumeRole", "Effect", "Allow",
                        "Principal", Map.of("Service", "scheduler.amazonaws.com"),
                        "Condition", Map.of("StringEquals", Map.of(
                                "aws:SourceAccount", Map.of("Ref", "AWS::AccountId"),
                                "aws:SourceArn", Match.objectLike(Map.of("Fn::GetAtt", Match.arrayWith(List.of("Arn")))))))))));
    }

    @Test
    void scheduler_roleMayOnlySendToTheJobQueuesAndTheirDlqs_theSchedulesDeadLetterTargets() {
        assertThat(synth.statements(kit.schedulerRole())).containsExactly(
                Statement.allow(List.of("sqs:SendMessage"), queueArns()),
                Statement.allow(List.of("sqs:SendMessage"), dlqArns()));
    }

    @Test
    void lambda_oneJava21Arm64SnapStartFunctionPerQueue() {
        assertThat(synth.resources("AWS::Lambda::Function")).hasSize(topology.queues().size());
        for (QueueDef q : topology.queues()) {
            synth.template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                    "Description", "jobkit worker for queue " + q.name(),
                    "Runtime", "java21",
                    "Architectures", List.of("arm64"),
                    "Handler", JobKitProps.LAMBDA_HANDLER,
                    "MemorySize", 1024,
                    "Timeout", 300,
                    "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
                    "RecursiveLoop", "Allow"));
        }
    }

    @Test
    void lambda_eventSourceInvokesTheLiveAliasOfAPublishedVersion() {
        assertThat(synth.resources("AWS::Lambda::Alias")).hasSize(topology.queues().size())
                .allSatisfy((id, alias) -> {
                    assertThat(Synth.props(alias)).containsEntry("Name", LambdaWorkers.ALIAS);
                    assertThat(Synth.props(alias).get("FunctionVersion").toString()).contains("Version");
                });
        synth.resources("AWS::Lambda::EventSourceMapping").values().forEach(esm ->
                assertThat(Synth.props(esm).get("FunctionName").toString()).contains(":" + LambdaWorkers.ALIAS));
    }

    @Test
    void lambda_environmentPointsTheRuntimeAtThisDeployment() {
        for (var fn : synth.resources("AWS::Lambda::Function").values()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> env = (Map<String, Object>) ((Map<String, Object>) Synth.props(fn).get("Environment"))
                    .get("Variables");
            assertThat(env).containsEntry("JOBKIT_PREFIX", topology.prefix())
                    .containsEntry("JOBKIT_TABLE", topology.tableName())
                    .containsEntry("JOBKIT_SCHEDULE_GROUP", topology.scheduleGroup())
                    .containsEntry("JOBKIT_SCHEDULER_ROLE_ARN", synth.resolve(kit.schedulerRole().getRoleArn()))
                    .doesNotContainKeys("JOBKIT_QUEUES", "JOBKIT_ROUTES", "JOBKIT_HANDLERS");
        }
    }

    @Test
    void lambda_eventSourcesReportItemFailuresAndCapConcurrencyByPriority() {
        Map<String, Integer> concurrency = Map.of("critical", 50, "high", 20, "normal", 10, "low", 5);
        assertThat(synth.resources("AWS::Lambda::EventSourceMapping")).hasSize(topology.queues().size());
        concurrency.forEach((queue, max) -> synth.template.hasResourceProperties("AWS::Lambda::EventSourceMapping",
                Map.of("EventSourceArn", synth.resolve(kit.queue(queue).getQueueArn()),
                        "BatchSize", 10,
                        "MaximumBatchingWindowInSeconds", Match.absent(),
                        "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
                        "ScalingConfig", Map.of("MaximumConcurrency", max))));
    }

    @Test
    void lambda_workerRoleHasExactlyTheWorkerPermissions() {
        IRole role = kit.lambdaWorker("critical").orElseThrow().getRole();
        Object table = synth.resolve(kit.table().getTableArn());
        List<Object> queuesAndDlqs = new ArrayList<>(queueArns());
        queuesAndDlqs.addAll(dlqArns());
        assertThat(synth.statements(role)).containsExactlyInAnyOrder(
                Statement.allow(List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                        List.of(Map.of("Fn::GetAtt", List.of(logGroupId("critical"), "Arn")))),
                // Granted by the SQS event source on the worker's own queue.
                Statement.allow(List.of("sqs:ReceiveMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueUrl",
                        "sqs:DeleteMessage", "sqs:GetQueueAttributes"), List.of(synth.resolve(kit.queue("critical").getQueueArn()))),
                Statement.allow(JobKitPermissions.SQS_SEND, queuesAndDlqs),
                Statement.allow(List.of("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:GetItem",
                        "dynamodb:DeleteItem", "dynamodb:ConditionCheckItem", "dynamodb:BatchWriteItem",
                        "dynamodb:Query"), List.of(table)),
                Statement.allow(List.of("dynamodb:Query"), List.of(statusIndex())),
                Statement.allow(List.of("scheduler:CreateSchedule", "scheduler:DeleteSchedule", "scheduler:GetSchedule"),
                        List.of(schedules())),
                new Statement(List.of("iam:PassRole"), List.of(synth.resolve(kit.schedulerRole().getRoleArn())),
                        Map.of("StringEquals", Map.of("iam:PassedToService", "scheduler.amazonaws.com"))));
    }

    @Test
    void iam_noRoleUsesAManagedPolicy() {
        synth.resources("AWS::IAM::Role").values().forEach(r ->
                assertThat(Synth.props(r)).doesNotContainKey("ManagedPolicyArns"));
    }

    @Test
    void alarms_dlqDepthOldestAgeLambdaErrorsThrottlesAndSchedulerDelivery() {
        int n = topology.queues().size();
        assertThat(synth.resources("AWS::CloudWatch::Alarm")).hasSize(5 * n + 1);
        Object topic = synth.resolve(kit.alarmTopic().getTopicArn());
        synth.template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "AlarmName", "jobkit-normal-dlq-not-empty",
                "Namespace", "AWS/SQS", "MetricName", "ApproximateNumberOfMessagesVisible",
                "Dimensions", List.of(Map.of("Name", "QueueName",
                        "Value", synth.resolve(kit.deadLetterQueue("normal").getQueueName()))),
                "Threshold", 1, "ComparisonOperator", "GreaterThanOrEqualToThreshold",
                "TreatMissingData", "notBreaching",
                "AlarmActions", List.of(topic), "OKActions", List.of(topic)));
        synth.template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "AlarmName", "jobkit-critical-oldest-message",
                "MetricName", "ApproximateAgeOfOldestMessage", "Threshold", 300,
                "ComparisonOperator", "GreaterThanThreshold", "EvaluationPeriods", 3));
        synth.template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "AlarmName", "jobkit-low-oldest-message", "Threshold", 7200));
        for (String metric : List.of("Errors", "Throttles")) {
            synth.template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                    "AlarmName", "jobkit-high-worker-" + metric.toLowerCase(java.util.Locale.ROOT),
                    "Namespace", "AWS/Lambda", "MetricName", metric, "Statistic", "Sum", "Threshold", 1));
        }
        synth.template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "AlarmName", "jobkit-scheduler-target-errors", "Namespace", "AWS/Scheduler"));
    }

    @Test
    void alarms_failureRatePerQueue_isMetricMathOverTheEmfCounts() {
        for (String queue : List.of("critical", "high", "normal", "low")) {
            // metric order in the template is CDK's, so each part is matched on its own
            List<Object> parts = List.of(
                    Match.objectLike(Map.of("Expression", "IF(s + f >= 10, f / (s + f), 0)", "ReturnData", true)),
                    emfCount("s", "Succeeded", queue), emfCount("f", "Failed", queue));
            for (Object part : parts) {
                synth.template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                        "AlarmName", "jobkit-" + queue + "-failure-rate",
                        "Threshold", 0.1, "ComparisonOperator", "GreaterThanThreshold", "EvaluationPeriods", 2,
                        "TreatMissingData", "notBreaching",
                        "Metrics", Match.arrayWith(List.of(part))));
            }
        }
    }

    private static Object emfCount(String id, String metric, String queue) {
        return Match.objectLike(Map.of("Id", id, "ReturnData", false, "MetricStat", Map.of(
                "Metric", Map.of("Namespace", "jobkit", "MetricName", metric,
                        "Dimensions", List.of(Map.of("Name", "queue", "Value", queue))),
                "Period", 300, "Stat", "Sum")));
    }

    @Test
    void alarms_topicRefusesPublishingWithoutTls() {
        synth.template.hasResourceProperties("AWS::SNS::TopicPolicy", Map.of("PolicyDocument", Map.of(
                "Statement", List.of(Match.objectLike(Map.of("Effect", "Deny", "Action", "sns:Publish",
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false"))))))));
        synth.template.resourceCountIs("AWS::SNS::Subscription", 0);
    }

    @Test
    void dashboard_showsQueuesDlqsAndLambdaWorkers() {
        String body = synth.resources("AWS::CloudWatch::Dashboard").values().iterator().next().toString();
        assertThat(body).contains("Queue depth (visible)", "Oldest message age", "In flight", "DLQ depth",
                "Lambda duration p99", "Lambda errors", "Lambda throttles", "Lambda concurrent executions",
                "ConcurrentExecutions", "ApproximateNumberOfMessagesNotVisible", "Scheduler deliveries");
        // per job type from the EMF metrics: SEARCH over the (queue, type) series of the jobkit namespace
        assertThat(body).contains("Jobs succeeded per type", "Jobs failed per type", "Job duration p99 (ms) per type",
                "Queue wait p99 (ms) per type",
                "SEARCH('{jobkit,queue,type} MetricName=\\\"Succeeded\\\"', 'Sum', 60)",
                "SEARCH('{jobkit,queue,type} MetricName=\\\"Failed\\\"', 'Sum', 60)",
                "SEARCH('{jobkit,queue,type} MetricName=\\\"Duration\\\"', 'p99', 60)",
                "SEARCH('{jobkit,queue,type} MetricName=\\\"QueueWait\\\"', 'p99', 60)");
        assertThat(body).doesNotContain("Fargate");
    }

    @Test
    void outputs_giveEveryJobkitSettingAndQueueUrl() {
        @SuppressWarnings("unchecked")
        Map<String, Object> outputs = (Map<String, Object>) synth.json.get("Outputs");
        assertThat(outputs).containsKeys("Prefix", "TableName", "ScheduleGroup", "SchedulerRoleArn",
                "AlarmTopicArn", "DashboardName", "ClientEnvironment",
                "QueueCriticalUrl", "QueueCriticalDlqUrl", "QueueHighUrl", "QueueHighDlqUrl",
                "QueueNormalUrl", "QueueNormalDlqUrl", "QueueLowUrl", "QueueLowDlqUrl");
        synth.template.hasOutput("QueueNormalUrl", Map.of("Value", synth.resolve(kit.queue("normal").getQueueUrl())));
        synth.template.hasOutput("SchedulerRoleArn", Map.of("Value", synth.resolve(kit.schedulerRole().getRoleArn())));
        assertThat(outputs.get("ClientEnvironment").toString()).contains("export JOBKIT_PREFIX=jobkit;",
                "export JOBKIT_TABLE=jobkit-jobs;", "export JOBKIT_SCHEDULER_ROLE_ARN=");
    }

    @Test
    void fargate_isOffByDefault() {
        synth.template.resourceCountIs("AWS::ECS::Service", 0);
        synth.template.resourceCountIs("AWS::EC2::VPC", 0);
        synth.template.resourceCountIs("AWS::KMS::Key", 0);
    }

    @Test
    void nag_awsSolutionsChecksFindNothingUnsuppressed() {
        assertThat(synth.nagFindings()).isEmpty();
        assertThat(synth.allMessages()).isEmpty();
    }

    private List<Object> queueArns() {
        return topology.queues().stream().map(q -> synth.resolve(kit.queue(q.name()).getQueueArn())).toList();
    }

    private List<Object> dlqArns() {
        return topology.queues().stream().map(q -> synth.resolve(kit.deadLetterQueue(q.name()).getQueueArn())).toList();
    }

    private Object statusIndex() {
        return Map.of("Fn::Join", List.of("", List.of(synth.resolve(kit.table().getTableArn()), "/index/" + io.jobkit.client.topology.JobTable.STATUS_INDEX)));
    }

    private Object schedules() {
        return Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"), ":scheduler:",
                Map.of("Ref", "AWS::Region"), ":", Map.of("Ref", "AWS::AccountId"), ":schedule/jobkit/*")));
    }

    private String logGroupId(String queue) {
        Map<String, Object> found = new HashMap<>();
        synth.resources("AWS::Logs::LogGroup").keySet().stream()
                .filter(id -> id.contains("LambdaWorkers" + queue)).forEach(id -> found.put(id, id));
        assertThat(found).hasSize(1);
        return found.keySet().iterator().next();
    }
}
