package io.jobkit.cdk;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import software.amazon.awscdk.services.iam.IGrantable;
import software.constructs.IConstruct;

import java.util.List;

/**
 * Every cdk-nag suppression jobkit makes, each with the reason it is acceptable. Suppressions are scoped to one
 * construct and, for wildcards (IAM5), to the exact wildcard they accept, so any new wildcard still fails the check.
 */
final class NagRules {
    static final String WILDCARD = "AwsSolutions-IAM5";

    private NagRules() {
    }

    /** The {@code schedule/<group>/*} resource in producer, worker and admin policies. */
    static void scheduleWildcard(IGrantable grantee, String scheduleGroup) {
        // Matches the ARN whether partition, region and account are pseudo parameters (<AWS::Region>) or literals.
        String regex = "/^Resource::arn:(<AWS::Partition>|aws[a-z-]*):scheduler:(<AWS::Region>|[a-z0-9-]+):"
                + "(<AWS::AccountId>|[0-9]{12}):schedule\\/" + jsRegexLiteral(scheduleGroup) + "\\/\\*$/g";
        suppressOnGrantee(grantee, WILDCARD, "jobkit creates one EventBridge Scheduler schedule per delayed job,"
                        + " named after the job, so the schedule ARNs cannot be listed in advance; the wildcard is"
                        + " confined to the jobkit schedule group",
                List.of(RegexAppliesTo.builder().regex(regex).build()));
    }

    /** {@code scheduler:ListSchedules} in reader and admin policies. */
    static void listSchedules(IGrantable grantee) {
        suppressOnGrantee(grantee, WILDCARD, "scheduler:ListSchedules has no resource type in IAM, so it can only be"
                + " granted on '*'; jobkit lists only its own group (GroupName in the request)", List.of("Resource::*"));
    }

    /** {@code lambda:ListEventSourceMappings} in the admin console's policy. */
    static void listEventSourceMappings(IGrantable grantee) {
        suppressOnGrantee(grantee, WILDCARD, "lambda:ListEventSourceMappings has no resource type in IAM, so it can"
                + " only be granted on '*'; it only reads mapping settings, and the console may update only the"
                + " mappings this app deployed (UpdateEventSourceMapping names their ARNs)", List.of("Resource::*"));
    }

    /** The admin console: its runtime choice and its open $default route. */
    static void adminConsole(AdminConsole console) {
        suppress(console.function, "AwsSolutions-L1", "The Lambda runtime is the same deliberate, configurable choice"
                + " as the workers' (lambdaRuntime; default java21, the LTS runtime jobkit is tested on)", List.of());
        suppress(console.api, "AwsSolutions-APIG4", "The function authenticates every call itself: bearer jk_ tokens,"
                + " Cognito ID tokens verified with nimbus-jose-jwt (issuer, audience, signature, expiry), or the"
                + " HttpOnly SameSite=Strict session cookie plus its CSRF token. An HTTP API JWT authorizer cannot be"
                + " applied only to bearer calls and would refuse the browser's cookie calls; the pages and /healthz"
                + " must load before sign-in anyway", List.of());
        suppress(console.sessionKey, "AwsSolutions-SMG4", "The session key signs browser sessions of at most"
                + " JOBKIT_ADMIN_SESSION_TTL (8 h); rotating it signs everyone out, so it is rotated by hand"
                + " (put a new random value, then restart the function) rather than on a schedule", List.of());
    }

    /** Suppressions for findings on what jobkit itself deploys; each says why the finding is acceptable. */
    static void builtIns(JobKitProps props, List<LambdaWorkers.Worker> lambdas, FargateWorkers fargate) {
        for (LambdaWorkers.Worker w : lambdas) {
            suppress(w.function(), "AwsSolutions-L1", "The Lambda runtime (" + props.lambdaRuntime() + ") is a deliberate,"
                    + " configurable choice: jobkit defaults to java21, the LTS runtime its Java 17 bundle is tested on"
                    + " with SnapStart; move with lambdaRuntime / -c lambdaRuntime=java25 once the bundle is tested"
                    + " there", List.of());
        }
        if (fargate != null) {
            suppress(fargate.taskDefinition, "AwsSolutions-ECS2", "The container's environment holds only resource"
                    + " names and the scheduler role ARN (the JOBKIT_* settings), no secrets; credentials come from"
                    + " the task role", List.of());
            suppress(fargate.taskDefinition.obtainExecutionRole(), WILDCARD, "ecr:GetAuthorizationToken has no"
                    + " resource type in IAM and must be granted on '*'; CDK adds it so the execution role can pull"
                    + " the worker image", List.of("Resource::*"));
        }
    }

    /**
     * Suppresses on a grantee's principal (the role whose default policy holds the statements) and its children;
     * an imported principal has nothing in this app to annotate.
     */
    static void suppressOnGrantee(IGrantable grantee, String rule, String reason, List<?> appliesTo) {
        if (grantee.getGrantPrincipal() instanceof IConstruct principal) suppress(principal, rule, reason, appliesTo);
    }

    /** Suppresses {@code rule} on {@code construct} and its children, for the {@code appliesTo} findings if given. */
    static void suppress(IConstruct construct, String rule, String reason, List<?> appliesTo) {
        NagPackSuppression.Builder s = NagPackSuppression.builder().id(rule).reason(reason);
        if (!appliesTo.isEmpty()) s.appliesTo(appliesTo);
        NagSuppressions.addResourceSuppressions(construct, List.of(s.build()), true);
    }

    /** Escapes {@code text} for a JavaScript regular expression (cdk-nag evaluates the pattern in Node). */
    static String jsRegexLiteral(String text) {
        return text.replaceAll("[.*+?^${}()|\\[\\]\\\\/-]", "\\\\$0");
    }
}
