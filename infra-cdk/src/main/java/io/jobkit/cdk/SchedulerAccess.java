package io.jobkit.cdk;

import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.iam.ServicePrincipalOpts;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.scheduler.ScheduleGroup;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The EventBridge Scheduler side: the schedule group that holds every jobkit schedule (one-time long delays and
 * recurring jobs), and the execution role the schedules use to deliver into the queues.
 *
 * <p>The role trusts scheduler.amazonaws.com only for this account and this schedule group (confused-deputy
 * protection), and may do nothing but {@code sqs:SendMessage} to the jobkit queues and their DLQs (the schedules' dead-letter
 * target; plus the KMS calls a send to a
 * customer-managed-key queue needs).
 */
final class SchedulerAccess {
    static final String SERVICE = "scheduler.amazonaws.com";

    final String groupName;
    final ScheduleGroup group;
    final Role role;
    /** ARN pattern of the group's schedules: jobkit names one-time schedules per job, so they cannot be listed. */
    final String scheduleArnPattern;

    SchedulerAccess(Construct scope, JobKitProps props, List<JobQueues.JobQueue> queues, IKey key) {
        this.groupName = props.topology().scheduleGroup();
        Stack stack = Stack.of(scope);
        this.group = ScheduleGroup.Builder.create(scope, "ScheduleGroup")
                .scheduleGroupName(groupName)
                // Deleting a group deletes its schedules: keep them unless the stack is disposable.
                .removalPolicy(props.deletionProtection() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
                .build();
        String groupArn = group.getScheduleGroupArn();
        this.scheduleArnPattern = stack.formatArn(ArnComponents.builder().service("scheduler").resource("schedule")
                .resourceName(groupName + "/*").arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build());
        this.role = Role.Builder.create(scope, "SchedulerRole")
                .description("EventBridge Scheduler delivers jobkit jobs into the " + props.topology().prefix() + " queues")
                .assumedBy(new ServicePrincipal(SERVICE, ServicePrincipalOpts.builder()
                        .conditions(Map.of("StringEquals", new TreeMap<>(Map.of(
                                "aws:SourceAccount", stack.getAccount(),
                                "aws:SourceArn", groupArn))))
                        .build()))
                .build();
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("sqs:SendMessage"))
                .resources(queues.stream().map(q -> q.queue().getQueueArn()).toList())
                .build());
        // Every jobkit schedule names its target queue's DLQ as DeadLetterConfig. EventBridge Scheduler sends a failed
        // delivery there with this role; without the grant the dead-letter send fails too and the event is lost.
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("sqs:SendMessage"))
                .resources(queues.stream().map(q -> q.dlq().getQueueArn()).toList())
                .build());
        if (key != null) {
            role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .actions(List.of("kms:GenerateDataKey", "kms:Decrypt"))
                    .resources(List.of(key.getKeyArn()))
                    .build());
        }
    }
}
