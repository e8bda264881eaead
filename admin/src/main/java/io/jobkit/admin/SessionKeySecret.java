package io.jobkit.admin;

import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code JOBKIT_ADMIN_SESSION_KEY_SECRET}: the ARN of a Secrets Manager secret whose string is the session key, read
 * once when the server is assembled (a Lambda execution environment's init). The CDK app sets it instead of the key
 * itself: a key in the function's environment would be readable by anyone allowed {@code
 * lambda:GetFunctionConfiguration}, and in the CloudFormation template if passed as a resolved value; read at init it
 * lives only in the function's memory, and {@code secretsmanager:GetSecretValue} on that one secret is all it costs.
 */
final class SessionKeySecret {
    static final String VARIABLE = "JOBKIT_ADMIN_SESSION_KEY_SECRET";

    private SessionKeySecret() {
    }

    /** {@code env} with {@value AdminServer#SESSION_KEY} filled from the secret when {@value #VARIABLE} is set. */
    static Map<String, String> resolve(Map<String, String> env) {
        String arn = env.get(VARIABLE);
        if (arn == null || arn.isBlank()) return env;
        String direct = env.get(AdminServer.SESSION_KEY);
        if (direct != null && !direct.isBlank()) {
            throw new IllegalArgumentException("both " + AdminServer.SESSION_KEY + " and " + VARIABLE
                    + " are set; keep one (the secret on AWS, the key itself elsewhere)");
        }
        String key;
        try (SecretsManagerClient sm = client(env)) {
            key = sm.getSecretValue(r -> r.secretId(arn.trim())).secretString();
        } catch (SecretsManagerException e) {
            throw new IllegalStateException("cannot read the session key from " + VARIABLE + "=" + arn.trim() + ": "
                    + e.awsErrorDetails().errorMessage() + " (does the role allow secretsmanager:GetSecretValue on it?)", e);
        }
        if (key == null || key.isBlank()) {
            throw new IllegalStateException("the secret " + arn.trim() + " (" + VARIABLE + ") has no SecretString;"
                    + " store the session key as its string value");
        }
        Map<String, String> out = new HashMap<>(env);
        out.put(AdminServer.SESSION_KEY, key);
        return out;
    }

    private static SecretsManagerClient client(Map<String, String> env) {
        SecretsManagerClientBuilder b = SecretsManagerClient.builder().credentialsProvider(EventSources.credentials(env))
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(10)))
                .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(15)));
        String region = EventSources.first(env.get("AWS_REGION"), env.get("AWS_DEFAULT_REGION"));
        if (region != null) b.region(Region.of(region));
        String endpoint = EventSources.first(env.get("AWS_ENDPOINT_URL_SECRETS_MANAGER"), env.get("AWS_ENDPOINT_URL"));
        if (endpoint != null) b.endpointOverride(URI.create(endpoint));
        return b.build();
    }
}
