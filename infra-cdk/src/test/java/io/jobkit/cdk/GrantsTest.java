package io.jobkit.cdk;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.jobkit.cdk.Synth.Statement;
import io.jobkit.client.topology.QueueDef;
import io.jobkit.client.topology.Topology;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The construct used from another CDK app: a custom topology and producer roles granted through
 * {@code grantEnqueue}, {@code grantRead} and {@code grantAdmin}. One synthesis.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrantsTest {
    private final Topology topology = Topology.builder().prefix("acme").queue(QueueDef.standard("reports"))
            .route("report.*", "reports").build();
    private Synth synth;
    private JobKit kit;
    private Role producer;
    private Role reader;
    private Role admin;
    private IRole imported;
    private final List<Grant> grants = new ArrayList<>();

    @BeforeAll
    void synthesise() {
        App app = Synth.app(Map.of());
        Stack stack = new Stack(app, "Service");
        // The application's own VPC (private subnets behind a NAT gateway), with the flow log cdk-nag asks for.
        Vpc vpc = Vpc.Builder.create(stack, "AppVpc").maxAzs(2).natGateways(1).restrictDefaultSecurityGroup(false).build();
        vpc.addFlowLog("FlowLog");
        kit = new JobKit(stack, "Jobs", JobKitProps.builder()
                .topology(topology)
                .allQueues(w -> w.runtime(WorkerRuntime.EXTERNAL))
                .queue("reports", w -> w.runtime(WorkerRuntime.FARGATE))
                .fargate(f -> f.image(ContainerImage.fromRegistry("public.ecr.aws/acme/jobkit-worker:1.0")).vpc(vpc))
                .handlersProvider("com.acme.Handlers")
                .build());
        producer = role(stack, "Producer");
        reader = role(stack, "Reader");
        admin = role(stack, "Admin");
        imported = Role.fromRoleArn(stack, "Imported", "arn:aws:iam::123456789012:role/legacy-producer");
        grants.add(kit.grantEnqueue(producer));
        grants.add(kit.grantRead(reader));
        grants.add(kit.grantAdmin(admin));
        grants.add(kit.grantEnqueue(imported));
        Aspects.of(app).add(new AwsSolutionsChecks());
        synth = new Synth(stack);
    }

    private static Role role(Stack stack, String id) {
        return Role.Builder.create(stack, id).assumedBy(new ServicePrincipal("lambda.amazonaws.com")).build();
    }

    @Test
    void grantEnqueue_givesWhatJobClientSendsAndWrites() {
        assertThat(synth.statements(producer)).containsExactlyInAnyOrderElementsOf(enqueue());
    }

    @Test
    void grantRead_givesStatusListingsAndDepthsOnly() {
        assertThat(synth.statements(reader)).containsExactlyInAnyOrderElementsOf(read());
    }

    @Test
    void grantAdmin_addsScheduleUpdatesAndDlqRedriveToEnqueueAndRead() {
        List<Statement> expected = new ArrayList<>(enqueue());
        expected.addAll(read());
        expected.add(Statement.allow(List.of("scheduler:UpdateSchedule"), List.of(schedules())));
        expected.add(Statement.allow(List.of("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility",
                "sqs:PurgeQueue", "sqs:GetQueueAttributes", "sqs:StartMessageMoveTask", "sqs:ListMessageMoveTasks",
                "sqs:CancelMessageMoveTask"), dlqArns()));
        assertThat(synth.statements(admin)).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void grants_applyToThePrincipal() {
        assertThat(grants).allSatisfy(g -> assertThat(g.getSuccess()).isTrue());
    }

    @Test
    void grantEnqueue_onAnImportedRoleAttachesAPolicyToIt() {
        synth.template.hasResourceProperties("AWS::IAM::Policy", Map.of("Roles", List.of("legacy-producer")));
    }

    @Test
    void externalQueues_getNoWorkersButKeepQueuesAndAlarms() {
        synth.template.resourceCountIs("AWS::Lambda::Function", 0);
        assertThat(synth.resources("AWS::SQS::Queue")).hasSize(10);
        assertThat(synth.resources("AWS::CloudWatch::Alarm")).hasSize(3 * 5 + 1);
        synth.template.hasResourceProperties("AWS::SQS::Queue", Map.of("QueueName", "acme-reports",
                "VisibilityTimeout", 60));
    }

    @Test
    void fargateInTheApplicationsVpc_usesItsPrivateSubnetsWithoutPublicIp() {
        synth.template.resourceCountIs("AWS::EC2::VPC", 1);
        synth.template.hasResourceProperties("AWS::ECS::Service", Map.of("NetworkConfiguration", Map.of(
                "AwsvpcConfiguration", Map.of("AssignPublicIp", "DISABLED",
                        "SecurityGroups", Match.anyValue(),
                        "Subnets", List.of(Map.of("Ref", Match.stringLikeRegexp("AppVpcPrivateSubnet1.*")),
                                Map.of("Ref", Match.stringLikeRegexp("AppVpcPrivateSubnet2.*")))))));
        synth.template.hasResourceProperties("AWS::ECS::TaskDefinition", Map.of("ContainerDefinitions", List.of(
                Match.objectLike(Map.of("Image", "public.ecr.aws/acme/jobkit-worker:1.0",
                        "Command", List.of("worker", "--queues", "reports", "--health-port", "8081"))))));
    }

    @Test
    void clientEnvironment_readsBackAsTheSameTopology() {
        Map<String, String> env = new HashMap<>(kit.clientEnvironment());
        assertThat(env).containsEntry("JOBKIT_QUEUES", "reports").containsEntry("JOBKIT_ROUTES", "report.*=reports")
                .containsEntry("JOBKIT_HANDLERS", "com.acme.Handlers");
        Topology back = Topology.fromEnvironment(env);
        assertThat(back.toString()).isEqualTo(topology.toString());
        assertThat(back.route("report.daily", io.jobkit.client.Priority.NORMAL).name()).isEqualTo("reports");
    }

    @Test
    void nag_grantsCarryOnlyTheirReasonedWildcards() {
        assertThat(synth.nagFindings()).isEmpty();
    }

    private List<Statement> enqueue() {
        return List.of(
                Statement.allow(List.of("sqs:SendMessage", "sqs:GetQueueUrl", "sqs:GetQueueAttributes"), queueArns()),
                new Statement(List.of("dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:ConditionCheckItem",
                        "dynamodb:BatchWriteItem"), List.of(table()), leadingKeys("JOB#*", "DEDUP#*")),
                new Statement(List.of("dynamodb:UpdateItem"), List.of(table()), leadingKeys("JOB#*")),
                new Statement(List.of("dynamodb:DeleteItem"), List.of(table()), leadingKeys("DEDUP#*")),
                Statement.allow(List.of("scheduler:CreateSchedule", "scheduler:DeleteSchedule", "scheduler:GetSchedule"),
                        List.of(schedules())),
                new Statement(List.of("iam:PassRole"), List.of(synth.resolve(kit.schedulerRole().getRoleArn())),
                        Map.of("StringEquals", Map.of("iam:PassedToService", "scheduler.amazonaws.com"))));
    }

    private static Object leadingKeys(String... prefixes) {
        return Map.of("ForAllValues:StringLike", Map.of("dynamodb:LeadingKeys", List.of(prefixes)));
    }

    @Test
    void grantEnqueue_cannotDeleteJobsOrWriteOutsideJobAndDedupItems() {
        List<Statement> table = synth.statements(producer).stream()
                .filter(st -> st.actions().stream().anyMatch(a -> a.startsWith("dynamodb:"))).toList();
        assertThat(table).allSatisfy(st -> assertThat(st.condition()).isNotNull());
        assertThat(table).filteredOn(st -> st.actions().contains("dynamodb:DeleteItem"))
                .singleElement().isEqualTo(new Statement(List.of("dynamodb:DeleteItem"), List.of(table()),
                        leadingKeys("DEDUP#*")));
        assertThat(table).filteredOn(st -> st.actions().contains("dynamodb:UpdateItem"))
                .singleElement().extracting(Statement::condition).isEqualTo(leadingKeys("JOB#*"));
    }

    private List<Statement> read() {
        List<Object> all = new ArrayList<>(queueArns());
        all.addAll(dlqArns());
        return List.of(
                Statement.allow(List.of("dynamodb:GetItem", "dynamodb:Query"), List.of(table())),
                Statement.allow(List.of("dynamodb:Query"),
                        List.of(Map.of("Fn::Join", List.of("", List.of(table(), "/index/" + io.jobkit.client.topology.JobTable.STATUS_INDEX))))),
                Statement.allow(List.of("sqs:GetQueueAttributes", "sqs:GetQueueUrl"), all),
                Statement.allow(List.of("scheduler:GetSchedule"), List.of(schedules())),
                Statement.allow(List.of("scheduler:ListSchedules"), List.of("*")));
    }

    private Object table() {
        return synth.resolve(kit.table().getTableArn());
    }

    private List<Object> queueArns() {
        return topology.queues().stream().map(q -> synth.resolve(kit.queue(q.name()).getQueueArn())).toList();
    }

    private List<Object> dlqArns() {
        return topology.queues().stream().map(q -> synth.resolve(kit.deadLetterQueue(q.name()).getQueueArn())).toList();
    }

    private Object schedules() {
        return Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"), ":scheduler:",
                Map.of("Ref", "AWS::Region"), ":", Map.of("Ref", "AWS::AccountId"), ":schedule/acme/*")));
    }
}
