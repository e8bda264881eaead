package io.jobkit.cdk;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.CfnStage;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.cognito.AccountRecovery;
import software.amazon.awscdk.services.cognito.AuthFlow;
import software.amazon.awscdk.services.cognito.CognitoDomainOptions;
import software.amazon.awscdk.services.cognito.OAuthFlows;
import software.amazon.awscdk.services.cognito.OAuthScope;
import software.amazon.awscdk.services.cognito.OAuthSettings;
import software.amazon.awscdk.services.cognito.UserPoolClientIdentityProvider;
import software.amazon.awscdk.services.cognito.UserPoolDomain;
import software.amazon.awscdk.services.cognito.UserPoolDomainOptions;
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
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
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
 *       the groups {@code jobkit-viewer|jobkit-operator|jobkit-admin} the admin server maps to its roles, a hosted
 *       sign-in domain, and a public app client (no secret) for the browser's authorization code + PKCE sign-in
 *       (scopes openid, email, profile; callback {@code <api>/auth/oidc/callback}) and SRP / password sign-in.</li>
 *   <li>A generated Secrets Manager secret, the session key every execution environment signs and seals cookies
 *       with; the function gets its ARN and reads it at init.</li>
 *   <li>The function ({@code io.jobkit.admin.AdminLambdaHandler}) with the job client's environment plus the pool
 *       as its OIDC issuer, and a role that allows exactly what the API's routes call and GetSecretValue on that
 *       one secret ({@link JobKitPermissions#console}).</li>
 *   <li>The HTTP API: {@code ANY /{proxy+}} and {@code GET /} to the function, with no API Gateway authorizer: the
 *       function authenticates every call (bearer tokens and Cognito JWTs with nimbus, browser cookies with their
 *       CSRF token), which a JWT authorizer could not do for cookies. Access logs to a log group, default
 *       throttling.</li>
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
    static final String CALLBACK_PATH = "/auth/oidc/callback";

    final UserPool userPool;
    final UserPoolClient client;
    final UserPoolDomain domain;
    final Secret sessionKey;
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
        this.domain = userPool.addDomain("Domain", UserPoolDomainOptions.builder()
                .cognitoDomain(CognitoDomainOptions.builder().domainPrefix(domainPrefix(props)).build()).build());
        // the API first (its endpoint does not depend on routes or the function), so the client can name the callback
        this.api = HttpApi.Builder.create(node, "Api")
                .apiName(prefix + "-admin")
                .description("jobkit admin console (" + prefix + ")")
                .build();
        String base = api.getApiEndpoint();
        this.client = UserPoolClient.Builder.create(node, "Client")
                .userPool(userPool)
                .userPoolClientName(prefix + "-admin-console")
                // a public client: the browser sign-in is authorization code + PKCE, no secret to keep
                .generateSecret(false)
                .authFlows(AuthFlow.builder().userSrp(true).userPassword(true).build())
                .oAuth(OAuthSettings.builder()
                        .flows(OAuthFlows.builder().authorizationCodeGrant(true).implicitCodeGrant(false)
                                .clientCredentials(false).build())
                        .scopes(List.of(OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE))
                        .callbackUrls(List.of(base + CALLBACK_PATH))
                        .logoutUrls(List.of(base + "/"))
                        .build())
                .supportedIdentityProviders(List.of(UserPoolClientIdentityProvider.COGNITO))
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
        // the key session cookies and pending sign-ins are sealed with, shared by every execution environment
        this.sessionKey = Secret.Builder.create(node, "SessionKey")
                .description("jobkit admin console (" + prefix + "): browser-session signing key")
                .generateSecretString(SecretStringGenerator.builder().passwordLength(64).excludePunctuation(true)
                        .includeSpace(false).build())
                .removalPolicy(removal)
                .build();
        Map<String, String> env = new LinkedHashMap<>(clientEnvironment);
        env.put("JOBKIT_ADMIN_OIDC_ISSUER", userPool.getUserPoolProviderUrl());
        env.put("JOBKIT_ADMIN_OIDC_CLIENT_ID", client.getUserPoolClientId());
        env.put("JOBKIT_ADMIN_OIDC_ROLES_CLAIM", "cognito:groups");
        // the ARN, not the key: the function reads the key at init (see SessionKeySecret in admin)
        env.put("JOBKIT_ADMIN_SESSION_KEY_SECRET", sessionKey.getSecretArn());
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
        permissions.console(role, lambdaWorkers.stream().map(LambdaWorkers.Worker::eventSourceMappingArn).toList(),
                sessionKey.getSecretArn());

        // every route goes to the function, which authenticates each call itself (bearer jk_ tokens, Cognito JWTs
        // verified with nimbus, or the session cookie plus its CSRF token): a JWT authorizer on /api/ would refuse
        // the browser's cookie-authenticated calls, and an HTTP API cannot apply it only to calls with a bearer
        HttpLambdaIntegration integration = new HttpLambdaIntegration("Admin", function);
        api.addRoutes(AddRoutesOptions.builder()
                .path("/{proxy+}")
                .methods(List.of(HttpMethod.ANY))
                .integration(integration)
                .build());
        api.addRoutes(AddRoutesOptions.builder()
                .path("/")
                .methods(List.of(HttpMethod.GET))
                .integration(integration)
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

    /** {@code adminDomainPrefix}, or {@code <prefix>-admin-<account id>} (unique per account) when not given. */
    static String domainPrefix(JobKitProps props) {
        if (props.adminDomainPrefix().isPresent()) return props.adminDomainPrefix().get();
        String fixed = props.topology().prefix().toLowerCase(java.util.Locale.ROOT) + "-admin-";
        try {
            JobKitProps.Builder.checkDomainPrefix(fixed + "000000000000");
        } catch (io.jobkit.client.JobValidationException e) {
            throw new io.jobkit.client.JobValidationException("the default Cognito domain prefix '" + fixed
                    + "<account id>' is not valid (" + e.getMessage() + "); set adminDomainPrefix (-c adminDomainPrefix=...)", e);
        }
        return fixed + Aws.ACCOUNT_ID;
    }

    /** The hosted sign-in domain, {@code https://<prefix>.auth.<region>.amazoncognito.com}. */
    String signInDomain() {
        return domain.baseUrl();
    }

    /** The console's address, {@code https://<id>.execute-api.<region>.amazonaws.com/}. */
    String url() {
        return api.getApiEndpoint() + "/";
    }
}
