package io.jobkit.cdk;

import io.jobkit.client.topology.QueueDef;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The ready-made stack: one {@link JobKit} and the outputs a producer or operator needs, i.e. every value behind
 * the {@code JOBKIT_*} variables, the queue and DLQ URLs, the alarm topic and the dashboard.
 */
final class JobKitStack extends Stack {
    private final JobKit jobKit;

    /** {@code props} is called with this stack, so lookups (VPC, alarm topic) can be made inside it. */
    JobKitStack(Construct scope, String id, StackProps stackProps, Function<Stack, JobKitProps> props) {
        super(scope, id, stackProps);
        this.jobKit = new JobKit(this, "JobKit", props.apply(this));
        output("Prefix", jobKit.topology().prefix(), "JOBKIT_PREFIX");
        output("TableName", jobKit.table().getTableName(), "JOBKIT_TABLE");
        output("ScheduleGroup", jobKit.scheduleGroupName(), "JOBKIT_SCHEDULE_GROUP");
        output("SchedulerRoleArn", jobKit.schedulerRole().getRoleArn(), "JOBKIT_SCHEDULER_ROLE_ARN");
        for (QueueDef q : jobKit.topology().queues()) {
            String id2 = pascal(q.name());
            output("Queue" + id2 + "Url", jobKit.queue(q.name()).getQueueUrl(), "URL of queue " + q.name());
            output("Queue" + id2 + "DlqUrl", jobKit.deadLetterQueue(q.name()).getQueueUrl(),
                    "URL of the DLQ of queue " + q.name());
        }
        output("AlarmTopicArn", jobKit.alarmTopic().getTopicArn(), "SNS topic of the jobkit alarms");
        output("DashboardName", jobKit.dashboard().getDashboardName(), "CloudWatch dashboard");
        jobKit.consoleUrl().ifPresent(url -> {
            output("ConsoleUrl", url, "The operator console (admin API under /api/admin/)");
            output("ConsoleUserPoolId", jobKit.consoleUserPool().orElseThrow().getUserPoolId(),
                    "Cognito user pool: add people and put them in jobkit-viewer, jobkit-operator or jobkit-admin");
            output("ConsoleClientId", jobKit.consoleClientId().orElseThrow(), "Cognito app client id for console sign-in");
            output("ConsoleSignInDomain", jobKit.consoleSignInDomain().orElseThrow(),
                    "Cognito hosted sign-in domain the console redirects to (adminDomainPrefix)");
        });
        output("ClientEnvironment", exports(jobKit.clientEnvironment()),
                "Paste into a producer's environment (or run it in a shell) to point JobClient at this deployment");
    }

    JobKit jobKit() {
        return jobKit;
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }

    /** {@code export K=V ...}; values may be tokens (CDK joins them with Fn::Join). */
    private static String exports(Map<String, String> env) {
        StringBuilder sb = new StringBuilder();
        env.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : " ").append("export ").append(k).append('=').append(v)
                .append(';'));
        return sb.toString();
    }

    /** {@code reports-eu_2} → {@code ReportsEu2}: output ids allow letters and digits only. */
    static String pascal(String name) {
        StringBuilder sb = new StringBuilder();
        for (String part : name.split("[^A-Za-z0-9]+")) {
            if (part.isEmpty()) continue;
            sb.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
        }
        return sb.toString();
    }
}
