package io.jobkit.cdk;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import io.jobkit.client.JobkitException;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

import java.nio.file.Path;

/**
 * The CDK app ({@code cdk.json} runs it): one {@link JobKit} stack configured by CDK context, with cdk-nag's AWS
 * Solutions checks applied so {@code cdk synth} fails on an unsuppressed finding (turn off with {@code -c nag=false}).
 */
public final class JobKitApp {

    private JobKitApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        try {
            create(app, Path.of(""));
        } catch (JobkitException e) {
            // A configuration mistake: say what to fix, without a jsii stack trace.
            System.err.println("jobkit: " + e.getMessage());
            System.exit(2);
        }
        app.synth();
    }

    /** Builds the stack from {@code app}'s context; relative paths resolve against {@code workingDirectory}. */
    static JobKitStack create(App app, Path workingDirectory) {
        AppConfig config = new AppConfig(app.getNode(), workingDirectory);
        StackProps.Builder stackProps = StackProps.builder()
                .description("jobkit background jobs (" + config.topology.prefix() + "): SQS, DynamoDB,"
                        + " EventBridge Scheduler, workers, alarms");
        if (config.vpcId().isPresent()) {
            // A VPC lookup needs a concrete account and region: take the CLI's (from the profile).
            stackProps.env(Environment.builder()
                    .account(System.getenv("CDK_DEFAULT_ACCOUNT"))
                    .region(System.getenv("CDK_DEFAULT_REGION"))
                    .build());
        }
        JobKitStack stack = new JobKitStack(app, config.stackName(), stackProps.build(), config::props);
        for (String key : config.unknownKeys()) {
            Annotations.of(stack).addWarningV2("jobkit:unknown-context-" + key, "context key '" + key
                    + "' is not a jobkit option and is ignored; see infra-cdk/README.md for the options");
        }
        if (config.nag()) {
            Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        }
        return stack;
    }
}
