package io.jobkit.cdk;

import io.jobkit.client.topology.QueueDef;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.CfnService;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;

/**
 * The optional container workers: one Fargate service running {@code jobkit worker --queues <its queues>}.
 *
 * <ol>
 *   <li>Network: the given VPC's private subnets, or a new VPC whose tasks run in private subnets too: no public IP,
 *       one NAT gateway for what handlers call on the internet (and ECR, SQS, Logs, Scheduler), free gateway
 *       endpoints for DynamoDB and S3 (image layers) so the busiest traffic skips the NAT's per-GB charge; the
 *       security group admits nothing inbound; REJECT flow logs.</li>
 *   <li>A cluster with Container Insights, which also publishes the running-task count the scaling metric needs.</li>
 *   <li>The task: the worker image, the {@code JOBKIT_*} environment, a role with worker permissions only.</li>
 *   <li>The service, scaled by {@link BacklogScaling} on visible messages per running task.</li>
 * </ol>
 */
final class FargateWorkers {
    /** Where {@code jobkit worker --health-port} serves /healthz and /readyz inside the task. */
    static final int HEALTH_PORT = 8081;

    static final String CONTAINER = "worker";

    final Cluster cluster;
    final FargateTaskDefinition taskDefinition;
    final FargateService service;
    final List<JobQueues.JobQueue> queues;
    final BacklogScaling scaling;

    FargateWorkers(Construct scope, JobKitProps props, List<JobQueues.JobQueue> served,
                   Map<String, String> environment, JobKitPermissions permissions) {
        Construct node = new Construct(scope, "FargateWorkers");
        FargateWorkerOptions options = props.fargate().orElseThrow();
        this.queues = served;
        IVpc vpc = options.vpc() != null ? options.vpc() : newVpc(node, props);

        this.cluster = Cluster.Builder.create(node, "Cluster")
                .vpc(vpc)
                .containerInsightsV2(ContainerInsights.ENABLED)
                .build();
        FargateTaskDefinition task = this.taskDefinition = FargateTaskDefinition.Builder.create(node, "Task")
                .cpu(options.cpu())
                .memoryLimitMiB(options.memoryMiB())
                .runtimePlatform(RuntimePlatform.builder()
                        .operatingSystemFamily(OperatingSystemFamily.LINUX)
                        .cpuArchitecture("arm64".equals(options.architecture().getName())
                                ? CpuArchitecture.ARM64 : CpuArchitecture.X86_64)
                        .build())
                .build();
        LogGroup logs = LogGroup.Builder.create(node, "Logs")
                .retention(props.logRetention())
                .removalPolicy(props.deletionProtection() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
                .build();
        task.addContainer(CONTAINER, ContainerDefinitionOptions.builder()
                .image(options.image())
                .command(List.of("worker", "--queues",
                        WorkerEnvironment.queueList(served.stream().map(JobQueues.JobQueue::def).toList()),
                        "--health-port", Integer.toString(HEALTH_PORT)))
                // /readyz: polling, not draining, AWS reachable; probed with the JRE alone (the image has no curl)
                .healthCheck(software.amazon.awscdk.services.ecs.HealthCheck.builder()
                        .command(List.of("CMD", "java", "-XX:TieredStopAtLevel=1", "-cp", "/opt/jobkit/jobkit-cli.jar",
                                "io.jobkit.handlers.health.Probe", "http://127.0.0.1:" + HEALTH_PORT + "/readyz"))
                        .interval(software.amazon.awscdk.Duration.seconds(30))
                        .timeout(software.amazon.awscdk.Duration.seconds(10))
                        .retries(3)
                        .startPeriod(software.amazon.awscdk.Duration.seconds(60))
                        .build())
                .environment(environment)
                .logging(LogDriver.awsLogs(AwsLogDriverProps.builder().logGroup(logs).streamPrefix(CONTAINER).build()))
                // The worker stops polling on SIGTERM and finishes or releases in-flight jobs within this time.
                .stopTimeout(JobQueues.cdk(options.stopTimeout()))
                .build());
        permissions.worker(task.getTaskRole(), served, true);

        SecurityGroup sg = SecurityGroup.Builder.create(node, "SecurityGroup")
                .vpc(vpc)
                .description("jobkit container workers: no inbound; outbound to AWS APIs and what job handlers call")
                .allowAllOutbound(true)
                .build();
        this.service = FargateService.Builder.create(node, "Service")
                .cluster(cluster)
                .taskDefinition(task)
                .securityGroups(List.of(sg))
                // Never reachable from the internet, whoever made the VPC.
                .assignPublicIp(false)
                .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build())
                .minHealthyPercent(100)
                .maxHealthyPercent(200)
                .circuitBreaker(DeploymentCircuitBreaker.builder().rollback(true).build())
                .build();
        // No DesiredCount in the template: autoscaling owns it, and a deploy must not reset a scaled-out service.
        ((CfnService) service.getNode().getDefaultChild()).addPropertyDeletionOverride("DesiredCount");
        this.scaling = new BacklogScaling(node, cluster, service, served, options);
    }

    private static IVpc newVpc(Construct node, JobKitProps props) {
        Vpc vpc = Vpc.Builder.create(node, "Vpc")
                .maxAzs(2)
                // One NAT gateway (~32 USD/month + 0.045 USD/GB) rather than one per AZ: workers hold no inbound
                // traffic, so losing the NAT's AZ only pauses outbound calls until AWS replaces it. Interface
                // endpoints for SQS, Logs, Scheduler and ECR would cost ~7 USD/month each per AZ (~100 USD for two
                // AZs) and still leave handlers without the internet, so they are left to an application VPC.
                .natGateways(1)
                .subnetConfiguration(List.of(
                        SubnetConfiguration.builder().name("public").subnetType(SubnetType.PUBLIC).cidrMask(24).build(),
                        SubnetConfiguration.builder().name("private").subnetType(SubnetType.PRIVATE_WITH_EGRESS)
                                .cidrMask(22).build()))
                // Gateway endpoints are free: DynamoDB (every claim, lease and outcome) and S3 (ECR image layers).
                .gatewayEndpoints(Map.of(
                        "DynamoDb", GatewayVpcEndpointOptions.builder().service(GatewayVpcEndpointAwsService.DYNAMODB).build(),
                        "S3", GatewayVpcEndpointOptions.builder().service(GatewayVpcEndpointAwsService.S3).build()))
                // Restricting the default security group needs a custom-resource Lambda; nothing uses that group.
                .restrictDefaultSecurityGroup(false)
                .build();
        LogGroup flowLogs = LogGroup.Builder.create(node, "FlowLogs")
                .retention(props.logRetention())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        // Rejected traffic only: enough to see probes and misrouted calls, at a fraction of ALL's volume.
        vpc.addFlowLog("FlowLog", FlowLogOptions.builder()
                .destination(FlowLogDestination.toCloudWatchLogs(flowLogs))
                .trafficType(FlowLogTrafficType.REJECT)
                .build());
        return vpc;
    }

    List<QueueDef> queueDefs() {
        return queues.stream().map(JobQueues.JobQueue::def).toList();
    }
}
