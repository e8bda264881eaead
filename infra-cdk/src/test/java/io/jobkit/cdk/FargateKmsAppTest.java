package io.jobkit.cdk;

import io.jobkit.cdk.Synth.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app with everything switched on through context: named and FIFO queues with a route, two queues on Fargate,
 * a customer-managed key, per-queue Lambda settings, an alarm e-mail, and deletion protection off. One synthesis.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FargateKmsAppTest {
    private Synth synth;
    private JobKit kit;
    private Role producer;
    private Path outdir;

    @BeforeAll
    void synthesise() {
        Map<String, Object> context = new java.util.HashMap<>();
        context.put("prefix", "shop");
        context.put("queues", "reports,orders:fifo");
        context.put("routes", "report.*=reports");
        context.put("fargateQueues", "low,reports");
        context.put("customerManagedKey", true);
        context.put("deletionProtection", "false");
        context.put("alarmEmail", "oncall@example.com");
        context.put("lambdaTimeout.high", 60);
        context.put("batchSize.high", "50");
        context.put("batchingWindow.high", "5");
        context.put("maxConcurrency", 4);
        context.put("maxConcurrency.critical", 100);
        context.put("reservedConcurrency.critical", 100);
        context.put("lambdaMemory", 2048);
        context.put("fargateMaxTasks", 8);
        context.put("fargateBacklogPerTask", 25);
        context.put("handlers", "com.shop.Handlers");
        context.put("statusShards", 24);
        context.put("lambdaBundle", Synth.fakeLambdaBundle().toString());
        context.put("repositoryRoot", Synth.fakeRepository().toString());
        var app = Synth.app(context);
        JobKitStack stack = JobKitApp.create(app, Path.of(""));
        kit = stack.jobKit();
        producer = Role.Builder.create(stack, "Producer").assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com")).build();
        kit.grantEnqueue(producer);
        synth = new Synth(stack);
        outdir = Path.of(app.getOutdir());
    }

    @Test
    void stack_isNamedAfterThePrefix() {
        assertThat(synth.stack.getStackName()).isEqualTo("JobKit-shop");
    }

    @Test
    void kms_oneRotatingKeyEncryptsQueuesTableAndTopic() {
        synth.template.hasResourceProperties("AWS::KMS::Key", Map.of("EnableKeyRotation", true));
        Object key = synth.resolve(kit.key().orElseThrow().getKeyArn());
        assertThat(synth.resources("AWS::SQS::Queue")).hasSize(12).allSatisfy((id, q) ->
                assertThat(Synth.props(q)).containsEntry("KmsMasterKeyId", key).doesNotContainKey("SqsManagedSseEnabled"));
        synth.template.hasResourceProperties("AWS::DynamoDB::Table", Map.of("SSESpecification", Map.of(
                "SSEEnabled", true, "SSEType", "KMS", "KMSMasterKeyId", key)));
        synth.template.hasResourceProperties("AWS::SNS::Topic", Map.of("KmsMasterKeyId", key));
        // CloudWatch publishes to the encrypted topic, so the key must let it.
        synth.template.hasResourceProperties("AWS::KMS::Key", Map.of("KeyPolicy", Map.of("Statement", Match.arrayWith(
                List.of(Map.of("Effect", "Allow", "Principal", Map.of("Service", "cloudwatch.amazonaws.com"),
                        "Action", List.of("kms:Decrypt", "kms:GenerateDataKey*"), "Resource", "*"))))));
    }

    @Test
    void scheduler_roleMayUseTheKeyToSend() {
        Object key = synth.resolve(kit.key().orElseThrow().getKeyArn());
        assertThat(synth.statements(kit.schedulerRole())).contains(
                Statement.allow(List.of("kms:GenerateDataKey", "kms:Decrypt"), List.of(key)));
    }

    @Test
    void grantEnqueue_withTheKeyAddsKeyUse() {
        Object key = synth.resolve(kit.key().orElseThrow().getKeyArn());
        assertThat(synth.statements(producer)).contains(Statement.allow(
                List.of("kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey"), List.of(key)));
    }

    @Test
    void fifoQueue_hasFifoDlqContentDedupAndAnUnbatchedEventSource() {
        synth.template.hasResourceProperties("AWS::SQS::Queue", Map.of("QueueName", "shop-orders.fifo",
                "FifoQueue", true, "ContentBasedDeduplication", true));
        synth.template.hasResourceProperties("AWS::SQS::Queue", Map.of("QueueName", "shop-orders-dlq.fifo",
                "FifoQueue", true));
        synth.template.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "EventSourceArn", synth.resolve(kit.queue("orders").getQueueArn()),
                "BatchSize", 10, "MaximumBatchingWindowInSeconds", Match.absent()));
    }

    @Test
    void perQueueContext_overridesDefaultsAndVisibilityFollows() {
        synth.template.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "EventSourceArn", synth.resolve(kit.queue("high").getQueueArn()),
                "BatchSize", 50, "MaximumBatchingWindowInSeconds", 5,
                "ScalingConfig", Map.of("MaximumConcurrency", 4)));
        // 6 x 60 s timeout + 5 s batching window.
        synth.template.hasResourceProperties("AWS::SQS::Queue", Map.of("QueueName", "shop-high",
                "VisibilityTimeout", 365));
        synth.template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Description", "jobkit worker for queue high", "Timeout", 60, "MemorySize", 2048));
        synth.template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Description", "jobkit worker for queue critical", "ReservedConcurrentExecutions", 100));
        synth.template.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "EventSourceArn", synth.resolve(kit.queue("critical").getQueueArn()),
                "ScalingConfig", Map.of("MaximumConcurrency", 100)));
    }

    @Test
    void fargateQueues_haveNoLambdaAndKeepTheTopologyVisibility() {
        assertThat(synth.resources("AWS::Lambda::Function")).hasSize(4); // critical, high, normal, orders
        for (String q : List.of("shop-low", "shop-reports")) {
            synth.template.hasResourceProperties("AWS::SQS::Queue", Map.of("QueueName", q, "VisibilityTimeout", 60));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void statusShards_fromContext_reachEveryLambdaAndTheFargateWorkers() {
        assertThat(kit.topology().statusShards().count()).isEqualTo(24);
        var functions = synth.resources("AWS::Lambda::Function");
        assertThat(functions).hasSize(4); // the Lambda workers: every queue but the two on Fargate
        for (var fn : functions.values()) {
            Map<String, Object> vars = (Map<String, Object>) ((Map<String, Object>) Synth.props(fn).get("Environment"))
                    .get("Variables");
            assertThat(vars).containsEntry("JOBKIT_STATUS_SHARDS", "24").doesNotContainKey("JOBKIT_STATUS_LISTING_SHARDS");
        }
        synth.template.hasResourceProperties("AWS::ECS::TaskDefinition", Map.of(
                "ContainerDefinitions", List.of(Match.objectLike(Map.of(
                        "Environment", Match.arrayWith(List.of(Map.of("Name", "JOBKIT_STATUS_SHARDS", "Value", "24"))))))));
    }

    @Test
    void fargate_serviceRunsTheWorkerForItsQueuesOnArm() {
        synth.template.hasResourceProperties("AWS::ECS::Cluster", Map.of("ClusterSettings",
                List.of(Map.of("Name", "containerInsights", "Value", "enabled"))));
        synth.template.hasResourceProperties("AWS::ECS::TaskDefinition", Map.of(
                "Cpu", "1024", "Memory", "2048",
                "RuntimePlatform", Map.of("CpuArchitecture", "ARM64", "OperatingSystemFamily", "LINUX"),
                "ContainerDefinitions", List.of(Match.objectLike(Map.of(
                        "Command", List.of("worker", "--queues", "low,reports", "--health-port", "8081"),
                        "StopTimeout", 120,
                        "Environment", Match.arrayWith(List.of(
                                Map.of("Name", "JOBKIT_PREFIX", "Value", "shop"),
                                Map.of("Name", "JOBKIT_QUEUES", "Value", "reports,orders:fifo"),
                                Map.of("Name", "JOBKIT_ROUTES", "Value", "report.*=reports"),
                                Map.of("Name", "JOBKIT_HANDLERS", "Value", "com.shop.Handlers"))),
                        "LogConfiguration", Match.objectLike(Map.of("LogDriver", "awslogs")))))));
        synth.template.hasResourceProperties("AWS::ECS::Service", Map.of(
                "LaunchType", "FARGATE",
                "DesiredCount", Match.absent(),
                "DeploymentConfiguration", Match.objectLike(Map.of(
                        "DeploymentCircuitBreaker", Map.of("Enable", true, "Rollback", true))),
                "NetworkConfiguration", Map.of("AwsvpcConfiguration", Match.objectLike(Map.of(
                        "AssignPublicIp", "DISABLED",
                        "Subnets", List.of(Map.of("Ref", Match.stringLikeRegexp(".*VpcprivateSubnet1.*")),
                                Map.of("Ref", Match.stringLikeRegexp(".*VpcprivateSubnet2.*"))))))));
    }

    @Test
    void fargate_ownVpcHasPrivateSubnetsOneNatGatewayAndFreeGatewayEndpoints() {
        synth.template.resourceCountIs("AWS::EC2::NatGateway", 1);
        synth.template.resourceCountIs("AWS::EC2::VPCEndpoint", 2);
        for (String service : List.of("dynamodb", "s3")) {
            synth.template.hasResourceProperties("AWS::EC2::VPCEndpoint", Map.of("VpcEndpointType", "Gateway",
                    "ServiceName", Match.objectLike(Map.of("Fn::Join", Match.arrayWith(List.of(
                            Match.arrayWith(List.of(Match.stringLikeRegexp(".*\\." + service)))))))));
        }
        // the private subnets route to the NAT gateway, not to the internet gateway
        assertThat(synth.resources("AWS::EC2::Subnet").values()).filteredOn(subnet ->
                Boolean.TRUE.equals(Synth.props(subnet).get("MapPublicIpOnLaunch"))).hasSize(2);
        synth.template.hasResourceProperties("AWS::EC2::Route", Map.of("NatGatewayId", Match.anyValue(),
                "DestinationCidrBlock", "0.0.0.0/0"));
    }

    @Test
    void deletionProtectionOff_queuesGoWithTheStack() {
        synth.resources("AWS::SQS::Queue").values().forEach(q -> assertThat(q).containsEntry("DeletionPolicy", "Delete"));
    }

    @Test
    void fargate_ownVpcHasNoInboundRuleAndFlowLogs() {
        synth.template.hasResourceProperties("AWS::EC2::FlowLog", Map.of("TrafficType", "REJECT"));
        synth.resources("AWS::EC2::SecurityGroup").values().forEach(sg ->
                assertThat(Synth.props(sg)).doesNotContainKey("SecurityGroupIngress"));
    }

    @Test
    void fargate_scalesOnVisibleMessagesPerRunningTask() {
        synth.template.hasResourceProperties("AWS::ApplicationAutoScaling::ScalableTarget", Map.of(
                "MinCapacity", 1, "MaxCapacity", 8, "ScalableDimension", "ecs:service:DesiredCount"));
        synth.template.hasResourceProperties("AWS::ApplicationAutoScaling::ScalingPolicy", Map.of(
                "PolicyType", "TargetTrackingScaling",
                "TargetTrackingScalingPolicyConfiguration", Match.objectLike(Map.of(
                        "TargetValue", 25,
                        "CustomizedMetricSpecification", Map.of("Metrics", List.of(
                                visible("m0", "low"), visible("m1", "reports"),
                                Match.objectLike(Map.of("Id", "tasks", "ReturnData", false, "MetricStat", Match.objectLike(
                                        Map.of("Metric", Match.objectLike(Map.of("Namespace", "ECS/ContainerInsights",
                                                "MetricName", "RunningTaskCount")))))),
                                Map.of("Id", "backlogPerTask", "Expression", "(m0 + m1) / tasks",
                                        "Label", "Visible messages per running task", "ReturnData", true)))))));
    }

    private Object visible(String id, String queue) {
        return Map.of("Id", id, "ReturnData", false, "MetricStat", Map.of("Stat", "Average", "Metric", Map.of(
                "Namespace", "AWS/SQS", "MetricName", "ApproximateNumberOfMessagesVisible",
                "Dimensions", List.of(Map.of("Name", "QueueName",
                        "Value", synth.resolve(kit.queue(queue).getQueueName()))))));
    }

    @Test
    void fargate_taskRoleHasWorkerPermissionsAndConsumesOnlyItsQueues() {
        List<Statement> statements = synth.statements(
                kit.fargateService().orElseThrow().getTaskDefinition().getTaskRole());
        assertThat(statements).contains(Statement.allow(
                List.of("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"),
                List.of(synth.resolve(kit.queue("low").getQueueArn()), synth.resolve(kit.queue("reports").getQueueArn()))));
        assertThat(statements).extracting(Statement::actions).noneMatch(a -> a.contains("logs:CreateLogGroup"));
        assertThat(statements).hasSize(7);
    }

    @Test
    void fargate_imageAssetStagesOnlyTheDockerfileAndTheJar() throws IOException {
        Path asset;
        try (Stream<Path> s = Files.list(outdir)) {
            asset = s.filter(p -> Files.isDirectory(p) && p.getFileName().toString().startsWith("asset.")).findFirst()
                    .orElseThrow();
        }
        List<String> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(asset)) {
            s.filter(Files::isRegularFile).forEach(p -> files.add(asset.relativize(p).toString().replace('\\', '/')));
        }
        assertThat(files).containsExactlyInAnyOrder(WorkerImage.DOCKERFILE, WorkerImage.DEFAULT_CLI_JAR);
        String manifest = Files.readString(outdir.resolve("JobKit-shop.assets.json"));
        assertThat(manifest).contains("\"dockerFile\": \"infra-cdk/docker/Dockerfile\"", "\"platform\": \"linux/arm64\"",
                "\"JAR\": \"cli/target/jobkit-cli.jar\"");
    }

    @Test
    void deletionProtectionOff_tableGroupAndLogsGoWithTheStack() {
        synth.template.hasResource("AWS::DynamoDB::Table", Map.of("DeletionPolicy", "Delete",
                "Properties", Match.objectLike(Map.of("DeletionProtectionEnabled", false))));
        synth.template.hasResource("AWS::Scheduler::ScheduleGroup", Map.of("DeletionPolicy", "Delete"));
        synth.resources("AWS::Logs::LogGroup").values().forEach(g -> assertThat(g).containsEntry("DeletionPolicy", "Delete"));
    }

    @Test
    void alarmEmail_isSubscribedToTheTopic() {
        synth.template.hasResourceProperties("AWS::SNS::Subscription", Map.of("Protocol", "email",
                "Endpoint", "oncall@example.com", "TopicArn", synth.resolve(kit.alarmTopic().getTopicArn())));
    }

    @Test
    void dashboard_addsFargateBacklogAndTasks() {
        String body = synth.resources("AWS::CloudWatch::Dashboard").values().iterator().next().toString();
        assertThat(body).contains("Fargate backlog per task (target 25)", "Fargate running tasks", "RunningTaskCount");
    }

    @Test
    void nag_awsSolutionsChecksFindNothingUnsuppressed() {
        assertThat(synth.nagFindings()).isEmpty();
        assertThat(synth.allMessages()).isEmpty();
    }
}
