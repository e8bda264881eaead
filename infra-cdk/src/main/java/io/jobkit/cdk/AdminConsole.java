package io.jobkit.cdk;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpUserPoolAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpUserPoolAuthorizerProps;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.CfnStage;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.cognito.AccountRecovery;
import software.amazon.awscdk.services.cognito.AuthFlow;
import software.amazon.awscdk.services.cognito.FeaturePlan;
import software.amazon.awscdk.services.cognito.Mfa;
import software.amazon.awscdk.services.cognito.MfaSecondFactor;
import software.amazon.awscdk.services.cognito.PasswordPolicy;
import software.amazon.awscdk.services.cognito.SignInAliases;
import software.amazon.awscdk.services.cognito.StandardThreatProtectionMode;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.cognito.UserPoolClient;
import software.amazon.awscdk.services.cognito.UserPoolGroupOptions;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operator console on AWS ({@code -c dashboard=true}): the admin server as a Lambda function behind an API
 * Gateway HTTP API, signed in through a Cognito user pool.
 *
 * <ol>
 *   <li>A user pool (no self sign-up, MFA by authenticator app, strong passwords, threat protection enforced) with
 *       the groups {@code jobkit-viewer|jobkit-operator|jobkit-admin} the admin server maps to its roles, and a
 *       public app client (no secret) for SRP / password sign-in.</li>
 *   <li>The function ({@code io.jobkit.admin.AdminLambdaHandler}) with the job client's environment plus the pool
 *       as its OIDC issuer, and a role that allows exactly what the API's routes call
 *       ({@link JobKitPermissions#console}).</li>
 *   <li>The HTTP API: {@code ANY /api/{proxy+}} behind a JWT authorizer on the pool (audience: the app client);
 *       the {@code $default} route (the pages and {@code /healthz}) is open, as pages load before sign-in. The
 *       function checks every API token again itself. Access logs to a log group, default throttling.</li>
 * </ol>
 */
final class AdminConsole {
    static final String HANDLER = "io.jobkit.admin.AdminLambdaHandler::handleRequest";
    static final List<String> GROUPS = List.of("jobkit-viewer", "jobkit-operator", "jobkit-admin");
    /** API Gateway gives an integration 30 s; the function answers within that or the caller sees 503. */
    static final Duration TIMEOUT = Duration.seconds(29);
    static final int MEMORY_MIB = 1024;
    static final int THROTTLE_RATE = 20;
    static final int THROTTLE_BURST = 40;

    final UserPool userPool;
    final UserPoolClient client;
    final Role role;
    final Function function;
    final HttpApi api;
    final LogGroup accessLogs;

    AdminConsole(Construct scope, JobKitProps props, Map<String, String> clientEnvironment, JobKitPermissions permissions,
                 List<LambdaWorkers.Worker> lambdaWorkers) {
        Construct node = new Construct(scope, "AdminConsole");
        RemovalPolicy removal = props.deletionProtection() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
        String prefix = props.topology().prefix();

        this.userPool = UserPool.Builder.create(node, "UserPool")
                .userPoolName(prefix + "-admin")
                .selfSignUpEnabled(false)
                .signInAliases(SignInAliases.builder().email(true).username(true).build())
                .passwordPolicy(PasswordPolicy.builder().minLength(12).requireLowercase(true).requireUppercase(true)
                        .requireDigits(true).requireSymbols(true).tempPasswordValidity(Duration.days(3)).build())
                .mfa(Mfa.REQUIRED)
                .mfaSecondFactor(MfaSecondFactor.builder().otp(true).sms(false).build())
                .accountRecovery(AccountRecovery.EMAIL_ONLY)
                // threat protection (adaptive authentication, compromised credentials) needs the Plus plan; for the
                // handful of people who operate jobs its per-user price is small
                .featurePlan(FeaturePlan.PLUS)
                .standardThreatProtectionMode(StandardThreatProtectionMode.FULL_FUNCTION)
                .deletionProtection(props.deletionProtection())
                .removalPolicy(removal)
                .build();
        for (String group : GROUPS) {
            userPool.addGroup(group, UserPoolGroupOptions.builder().groupName(group)
                    .description("jobkit console role " + group.substring("jobkit-".length())).build());
        }
        this.client = UserPoolClient.Builder.create(node, "Client")
                .userPool(userPool)
                .userPoolClientName(prefix + "-admin-console")
                .generateSecret(false)
                .authFlows(AuthFlow.builder().userSrp(true).userPassword(true).build())
                .disableOAuth(true)
                .preventUserExistenceErrors(true)
                .accessTokenValidity(Duration.hours(1))
                .idTokenValidity(Duration.hours(1))
                .refreshTokenValidity(Duration.hours(12))
                .build();

        LogGroup logs = LogGroup.Builder.create(node, "Logs").retention(props.logRetention()).removalPolicy(removal).build();
        this.role = Role.Builder.create(node, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("jobkit admin console (" + prefix + ")")
                .build();
        logs.grantWrite(role);
        Map<String, String> env = new LinkedHashMap<>(clientEnvironment);
        env.put("JOBKIT_ADMIN_OIDC_ISSUER", userPool.getUserPoolProviderUrl());
        env.put("JOBKIT_ADMIN_OIDC_CLIENT_ID", client.getUserPoolClientId());
        if (!lambdaWorkers.isEmpty()) env.put("JOBKIT_ADMIN_PAUSE_LAMBDA", "true");
        this.function = Function.Builder.create(node, "Function")
                .description("jobkit admin console (" + prefix + "): the admin API behind API Gateway")
                .runtime(props.lambdaRuntime())
                .architecture(props.lambdaArchitecture())
                .handler(HANDLER)
                .code(props.adminCode().orElseThrow())
                .memorySize(MEMORY_MIB)
                .timeout(TIMEOUT)
                .role(role)
                .logGroup(logs)
                .environment(env)
                .build();
        permissions.console(role, lambdaWorkers.stream().map(LambdaWorkers.Worker::eventSourceMappingArn).toList());

        HttpLambdaIntegration integration = new HttpLambdaIntegration("Admin", function);
        this.api = HttpApi.Builder.create(node, "Api")
                .apiName(prefix + "-admin")
                .description("jobkit admin console (" + prefix + ")")
                .defaultIntegration(integration)
                .build();
        api.addRoutes(AddRoutesOptions.builder()
                .path("/api/{proxy+}")
                .methods(List.of(HttpMethod.ANY))
                .integration(integration)
                .authorizer(new HttpUserPoolAuthorizer("Cognito", userPool, HttpUserPoolAuthorizerProps.builder()
                        .userPoolClients(List.of(client)).build()))
                .build());
        this.accessLogs = LogGroup.Builder.create(node, "AccessLogs").retention(props.logRetention()).removalPolicy(removal).build();
        CfnStage stage = (CfnStage) api.getDefaultStage().getNode().getDefaultChild();
        stage.setAccessLogSettings(CfnStage.AccessLogSettingsProperty.builder()
                .destinationArn(accessLogs.getLogGroupArn())
                .format("{\"requestId\":\"$context.requestId\",\"ip\":\"$context.identity.sourceIp\","
                        + "\"time\":\"$context.requestTime\",\"method\":\"$context.httpMethod\",\"path\":\"$context.path\","
                        + "\"status\":\"$context.status\",\"latency\":\"$context.integrationLatency\","
                        + "\"sub\":\"$context.authorizer.claims.sub\",\"error\":\"$context.error.message\"}")
                .build());
        stage.setDefaultRouteSettings(CfnStage.RouteSettingsProperty.builder()
                .throttlingRateLimit(THROTTLE_RATE).throttlingBurstLimit(THROTTLE_BURST).build());
        NagRules.adminConsole(this);
    }

    /** The console's address, {@code https://<id>.execute-api.<region>.amazonaws.com/}. */
    String url() {
        return api.getApiEndpoint() + "/";
    }
}
