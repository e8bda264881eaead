package io.jobkit.cdk;

import io.jobkit.cdk.Synth.Statement;
import io.jobkit.client.topology.Topology;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.services.iam.IRole;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code cdk deploy -c dashboard=true}: the operator console as a Lambda function behind an API Gateway HTTP API
 * (no API Gateway authorizer: the function authenticates bearers and cookies itself), a Cognito user pool with a
 * hosted domain and an authorization-code + PKCE app client, a generated session-key secret, its role allowing
 * exactly what the admin API calls, cdk-nag clean. One synthesis.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardAppTest {
    private final Topology topology = Topology.defaults();
    private Synth synth;
    private JobKit kit;
    private IRole role;

    @BeforeAll
    void synthesise() {
        JobKitStack stack = JobKitApp.create(Synth.app(Map.of("lambdaBundle", Synth.fakeLambdaBundle().toString(),
                "dashboard", "true", "adminBundle", Synth.fakeLambdaBundle().toString(),
                "adminDomainPrefix", "acme-jobs-console")), Path.of(""));
        kit = stack.jobKit();
        role = kit.consoleRole().orElseThrow();
        synth = new Synth(stack);
    }

    @Test
    void nag_isClean() {
        assertThat(synth.nagFindings()).isEmpty();
    }

    @Test
    void function_runsTheAdminLambdaHandler_withThePoolAsItsOidcIssuer() {
        synth.template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Handler", "io.jobkit.admin.AdminLambdaHandler::handleRequest",
                "MemorySize", 1024,
                "Timeout", 29,
                "Role", Map.of("Fn::GetAtt", List.of(logicalId(role), "Arn")),
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "JOBKIT_ADMIN_OIDC_ISSUER", synth.resolve(((software.amazon.awscdk.services.cognito.UserPool) kit.consoleUserPool().orElseThrow()).getUserPoolProviderUrl()),
                        "JOBKIT_ADMIN_OIDC_CLIENT_ID", synth.resolve(kit.consoleClientId().orElseThrow()),
                        "JOBKIT_ADMIN_OIDC_ROLES_CLAIM", "cognito:groups",
                        "JOBKIT_ADMIN_SESSION_KEY_SECRET", synth.resolve(kit.consoleSessionKey().orElseThrow().getSecretArn()),
                        "JOBKIT_ADMIN_PAUSE_LAMBDA", "true",
                        "JOBKIT_PREFIX", "jobkit",
                        "JOBKIT_TABLE", topology.tableName()))))));
        // one function per queue plus the console
        synth.template.resourceCountIs("AWS::Lambda::Function", topology.queues().size() + 1);
    }

    @Test
    void userPool_noSelfSignUp_mfaRequired_threatProtectionEnforced_andTheThreeRoleGroups() {
        synth.template.resourceCountIs("AWS::Cognito::UserPool", 1);
        synth.template.hasResourceProperties("AWS::Cognito::UserPool", Match.objectLike(Map.of(
                "AdminCreateUserConfig", Map.of("AllowAdminCreateUserOnly", true),
                "MfaConfiguration", "ON",
                "EnabledMfas", List.of("SOFTWARE_TOKEN_MFA"),
                "UserPoolAddOns", Map.of("AdvancedSecurityMode", "ENFORCED"),
                "Policies", Map.of("PasswordPolicy", Match.objectLike(Map.of("MinimumLength", 12,
                        "RequireSymbols", true))))));
        Set<String> groups = new TreeSet<>();
        synth.resources("AWS::Cognito::UserPoolGroup").values()
                .forEach(g -> groups.add((String) Synth.props(g).get("GroupName")));
        assertThat(groups).containsExactly("jobkit-admin", "jobkit-operator", "jobkit-viewer");
        Object api = Map.of("Fn::GetAtt", List.of(logicalIdOf("AWS::ApiGatewayV2::Api"), "ApiEndpoint"));
        synth.template.hasResourceProperties("AWS::Cognito::UserPoolClient", Map.of(
                "GenerateSecret", false,
                "AllowedOAuthFlowsUserPoolClient", true,
                "AllowedOAuthFlows", List.of("code"),
                "AllowedOAuthScopes", List.of("openid", "email", "profile"),
                "CallbackURLs", List.of(Map.of("Fn::Join", List.of("", List.of(api, "/auth/oidc/callback")))),
                "LogoutURLs", List.of(Map.of("Fn::Join", List.of("", List.of(api, "/")))),
                "SupportedIdentityProviders", List.of("COGNITO"),
                "ExplicitAuthFlows", List.of("ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"),
                "PreventUserExistenceErrors", "ENABLED",
                "UserPoolId", synth.resolve(kit.consoleUserPool().orElseThrow().getUserPoolId())));
        synth.template.resourceCountIs("AWS::Cognito::UserPoolDomain", 1);
        synth.template.hasResourceProperties("AWS::Cognito::UserPoolDomain", Map.of(
                "Domain", "acme-jobs-console",
                "UserPoolId", synth.resolve(kit.consoleUserPool().orElseThrow().getUserPoolId())));
    }

    @Test
    void sessionKey_isAGeneratedSecret() {
        synth.template.resourceCountIs("AWS::SecretsManager::Secret", 1);
        synth.template.hasResourceProperties("AWS::SecretsManager::Secret", Match.objectLike(Map.of(
                "GenerateSecretString", Map.of("PasswordLength", 64, "ExcludePunctuation", true, "IncludeSpace", false))));
    }

    @Test
    void domainPrefix_isValidated_andDefaultsToPrefixAdminAccount() {
        for (String bad : List.of("Acme", "-acme", "acme-", "my_console", "aws-console", "amazon", "mycognito", "",
                "a".repeat(64))) {
            assertThatThrownBy(() -> JobKitProps.builder().adminDomainPrefix(bad)).as(bad)
                    .isInstanceOf(io.jobkit.client.JobValidationException.class).hasMessageContaining("adminDomainPrefix");
        }
        assertThat(JobKitProps.builder().adminDomainPrefix("a")).isNotNull();
        assertThatThrownBy(() -> JobKitApp.create(Synth.app(Map.of("lambdaBundle", Synth.fakeLambdaBundle().toString(),
                "dashboard", "true", "adminBundle", Synth.fakeLambdaBundle().toString(), "adminDomainPrefix", "Bad_Prefix")),
                Path.of(""))).hasMessageContaining("adminDomainPrefix 'Bad_Prefix'");
        JobKitProps defaults = JobKitProps.builder().lambdaCode(software.amazon.awscdk.services.lambda.Code.fromInline("x"))
                .build();
        assertThat(AdminConsole.domainPrefix(defaults)).startsWith("jobkit-admin-");
    }

    @Test
    void api_everyRouteToTheFunction_noApiGatewayAuthorizer_accessLogsAndThrottling() {
        synth.template.resourceCountIs("AWS::ApiGatewayV2::Api", 1);
        synth.template.hasResourceProperties("AWS::ApiGatewayV2::Api", Map.of("ProtocolType", "HTTP", "Name", "jobkit-admin"));
        // the function verifies bearer JWTs and session cookies itself; a JWT authorizer would refuse cookie calls
        synth.template.resourceCountIs("AWS::ApiGatewayV2::Authorizer", 0);
        Map<String, String> routes = new java.util.TreeMap<>();
        synth.resources("AWS::ApiGatewayV2::Route").values().forEach(r -> routes.put(
                (String) Synth.props(r).get("RouteKey"), String.valueOf(Synth.props(r).getOrDefault("AuthorizationType", "NONE"))));
        assertThat(routes).containsExactly(Map.entry("ANY /{proxy+}", "NONE"), Map.entry("GET /", "NONE"));
        synth.template.hasResourceProperties("AWS::ApiGatewayV2::Integration", Map.of(
                "IntegrationType", "AWS_PROXY", "PayloadFormatVersion", "2.0"));
        synth.template.hasResourceProperties("AWS::ApiGatewayV2::Stage", Map.of(
                "StageName", "$default",
                "AutoDeploy", true,
                "AccessLogSettings", Map.of("DestinationArn", Match.objectLike(Map.of("Fn::GetAtt", Match.anyValue())),
                        "Format", Match.stringLikeRegexp(".*\\$context.requestId.*")),
                "DefaultRouteSettings", Map.of("ThrottlingRateLimit", 20, "ThrottlingBurstLimit", 40)));
    }

    @Test
    void outputs_nameTheConsoleUrl_thePool_theClient_andTheSignInDomain() {
        synth.template.hasOutput("ConsoleSignInDomain", Match.objectLike(Map.of("Value", Match.anyValue())));
        synth.template.hasOutput("ConsoleUrl", Match.objectLike(Map.of("Value", Match.anyValue())));
        synth.template.hasOutput("ConsoleUserPoolId", Match.objectLike(Map.of(
                "Value", synth.resolve(kit.consoleUserPool().orElseThrow().getUserPoolId()))));
        synth.template.hasOutput("ConsoleClientId", Match.objectLike(Map.of(
                "Value", synth.resolve(kit.consoleClientId().orElseThrow()))));
    }

    @Test
    @SuppressWarnings("unchecked")
    void role_allowsExactlyWhatTheAdminApiCalls() {
        List<Statement> actual = synth.statements(role);
        List<Statement> expected = new ArrayList<>();
        Object table = synth.resolve(kit.table().getTableArn());
        List<Object> queues = topology.queues().stream().map(q -> synth.resolve(kit.queue(q.name()).getQueueArn())).toList();
        List<Object> dlqs = topology.queues().stream().map(q -> synth.resolve(kit.deadLetterQueue(q.name()).getQueueArn())).toList();
        List<Object> all = new ArrayList<>(queues);
        all.addAll(dlqs);
        Object schedules = Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"), ":scheduler:",
                Map.of("Ref", "AWS::Region"), ":", Map.of("Ref", "AWS::AccountId"), ":schedule/jobkit/*")));
        // its own log group
        expected.add(actual.stream().filter(s -> s.actions().equals(List.of("logs:CreateLogStream", "logs:PutLogEvents")))
                .findFirst().orElseThrow());
        // enqueue: send, job and dedup items, one-time schedules, handing schedules their role
        expected.add(Statement.allow(List.of("sqs:SendMessage", "sqs:GetQueueUrl", "sqs:GetQueueAttributes"), queues));
        expected.add(new Statement(List.of("dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:ConditionCheckItem",
                "dynamodb:BatchWriteItem"), List.of(table), leadingKeys("JOB#*", "DEDUP#*")));
        expected.add(new Statement(List.of("dynamodb:UpdateItem"), List.of(table), leadingKeys("JOB#*")));
        expected.add(new Statement(List.of("dynamodb:DeleteItem"), List.of(table), leadingKeys("DEDUP#*")));
        expected.add(Statement.allow(List.of("scheduler:CreateSchedule", "scheduler:DeleteSchedule", "scheduler:GetSchedule"),
                List.of(schedules)));
        expected.add(new Statement(List.of("iam:PassRole"), List.of(synth.resolve(kit.schedulerRole().getRoleArn())),
                Map.of("StringEquals", Map.of("iam:PassedToService", "scheduler.amazonaws.com"))));
        // read: job records and listings, depths, schedules
        expected.add(Statement.allow(List.of("dynamodb:GetItem", "dynamodb:Query"), List.of(table)));
        expected.add(Statement.allow(List.of("dynamodb:Query"),
                List.of(Map.of("Fn::Join", List.of("", List.of(table, "/index/by-status-v2"))))));
        expected.add(Statement.allow(List.of("sqs:GetQueueAttributes", "sqs:GetQueueUrl"), all));
        expected.add(Statement.allow(List.of("scheduler:GetSchedule"), List.of(schedules)));
        expected.add(Statement.allow(List.of("scheduler:ListSchedules"), List.of("*")));
        // schedule pause/resume/put, DLQ peek/redrive/purge
        expected.add(Statement.allow(List.of("scheduler:UpdateSchedule"), List.of(schedules)));
        expected.add(Statement.allow(List.of("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility",
                "sqs:PurgeQueue", "sqs:GetQueueAttributes", "sqs:StartMessageMoveTask", "sqs:ListMessageMoveTasks",
                "sqs:CancelMessageMoveTask"), dlqs));
        // queue pause controls and audit entries; workers cleanup
        expected.add(new Statement(List.of("dynamodb:PutItem"), List.of(table), leadingKeys("QUEUE#*", "AUDIT#*")));
        expected.add(new Statement(List.of("dynamodb:DeleteItem"), List.of(table), leadingKeys("WORKERS")));
        // browser sessions: sign-outs and spent OIDC states/codes (reads come with the table's GetItem above);
        // the session key, on exactly its secret
        expected.add(new Statement(List.of("dynamodb:PutItem"), List.of(table), leadingKeys("SESSION#*", "OIDC#*")));
        expected.add(Statement.allow(List.of("secretsmanager:GetSecretValue"),
                List.of(synth.resolve(kit.consoleSessionKey().orElseThrow().getSecretArn()))));
        // queue pause on Lambda: find the mappings, switch exactly the deployed ones
        expected.add(Statement.allow(List.of("lambda:ListEventSourceMappings"), List.of("*")));
        Statement update = actual.stream().filter(s -> s.actions().equals(List.of("lambda:UpdateEventSourceMapping")))
                .findFirst().orElseThrow();
        expected.add(update);
        assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);

        Set<String> mappingIds = synth.resources("AWS::Lambda::EventSourceMapping").keySet();
        assertThat(mappingIds).hasSize(topology.queues().size());
        Set<String> named = new TreeSet<>();
        for (Object arn : update.resources()) {
            List<Object> parts = (List<Object>) ((List<Object>) ((Map<String, Object>) arn).get("Fn::Join")).get(1);
            assertThat(parts).contains(":event-source-mapping:");
            named.add((String) ((Map<String, Object>) parts.get(parts.size() - 1)).get("Ref"));
        }
        assertThat(named).containsExactlyInAnyOrderElementsOf(mappingIds);
    }

    private String logicalIdOf(String type) {
        Set<String> ids = synth.resources(type).keySet();
        assertThat(ids).hasSize(1);
        return ids.iterator().next();
    }

    @Test
    void dashboardWithoutAnAdminBundle_failsNamingTheBuildCommand() {
        assertThatThrownBy(() -> JobKitProps.builder().lambdaCode(software.amazon.awscdk.services.lambda.Code.fromInline("x"))
                .dashboard(true).build())
                .hasMessageContaining("mvn -B -pl admin -am package");
        assertThatThrownBy(() -> JobKitProps.builder().adminBundle(Path.of("no/such/jobkit-admin-lambda.jar")))
                .hasMessageContaining("-c adminBundle=");
    }

    @Test
    void contextDashboardWithAMissingBundle_stopsSynthNamingTheKeyToSet() {
        assertThatThrownBy(() -> JobKitApp.create(Synth.app(Map.of("lambdaBundle", Synth.fakeLambdaBundle().toString(),
                "dashboard", "true", "adminBundle", "/no/such/jobkit-admin-lambda.jar")), Path.of("")))
                .hasMessageContaining("/no/such/jobkit-admin-lambda.jar not found").hasMessageContaining("-c adminBundle=");
    }

    @Test
    void withoutTheDashboardKey_nothingOfTheConsoleIsDeployed() {
        JobKitStack plain = JobKitApp.create(Synth.app(Map.of("lambdaBundle", Synth.fakeLambdaBundle().toString(),
                "nag", "false")), Path.of(""));
        assertThat(plain.jobKit().consoleUrl()).isEmpty();
        software.amazon.awscdk.assertions.Template t = software.amazon.awscdk.assertions.Template.fromStack(plain);
        t.resourceCountIs("AWS::Cognito::UserPool", 0);
        t.resourceCountIs("AWS::ApiGatewayV2::Api", 0);
        t.resourceCountIs("AWS::Lambda::Function", topology.queues().size());
    }

    private Object logicalId(IRole r) {
        return ((Map<?, ?>) synth.ref(r)).get("Ref");
    }

    private static Object leadingKeys(String... prefixes) {
        return Map.of("ForAllValues:StringLike", Map.of("dynamodb:LeadingKeys", List.of(prefixes)));
    }
}
