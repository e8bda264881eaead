package io.jobkit.admin;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.jobkit.client.JobClient;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * OIDC bearer tokens against a real OIDC server in this JVM (mock-oauth2-server): discovery, JWKS, role mapping from
 * the groups claim, and refusal of expired, forged, wrong-issuer and wrong-audience tokens. Only routes that are
 * refused or need no AWS are called; the SDK clients point at a closed port.
 */
class OidcIT {
    private static final String CLIENT = "jobkit-console";
    private static MockOAuth2Server oauth;
    private static SqsClient sqs;
    private static DynamoDbClient dynamo;
    private static AdminServer server;

    @BeforeAll
    static void start() {
        oauth = new MockOAuth2Server();
        oauth.start(InetAddress.getLoopbackAddress(), 0);
        URI nowhere = URI.create("http://127.0.0.1:9");
        sqs = SqsClient.builder().region(Region.US_EAST_1).credentialsProvider(AnonymousCredentialsProvider.create())
                .httpClient(UrlConnectionHttpClient.create()).endpointOverride(nowhere).build();
        dynamo = DynamoDbClient.builder().region(Region.US_EAST_1).credentialsProvider(AnonymousCredentialsProvider.create())
                .httpClient(UrlConnectionHttpClient.create()).endpointOverride(nowhere).build();
        JobClient client = JobClient.builder().sqsClient(sqs).dynamoDbClient(dynamo).build();
        server = AdminServer.builder().jobClient(client).dynamoDbClient(dynamo).port(0).environment(Map.of(
                "JOBKIT_ADMIN_OIDC_ISSUER", oauth.issuerUrl("jobkit").toString(),
                "JOBKIT_ADMIN_OIDC_CLIENT_ID", CLIENT,
                "JOBKIT_ADMIN_OIDC_ROLES_CLAIM", "groups")).start();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
        if (oauth != null) oauth.shutdown();
        sqs.close();
        dynamo.close();
    }

    @Test
    void groupsClaim_mapsToTheHighestJobkitRole() {
        String operator = oauth.issueToken("jobkit", "otto", CLIENT, Map.of("groups", List.of("staff", "jobkit-viewer",
                "jobkit-operator"), "email", "otto@example.com"), 300).serialize();
        assertThat(status("/api/admin/openapi.json", operator)).isEqualTo(200);
        HttpResponse<String> audit = get("/api/admin/audit", operator);
        assertThat(audit.statusCode()).as("operator may not read the audit log").isEqualTo(403);
        assertThat(audit.body()).contains("needs the admin role").contains("otto@example.com has operator");
        String noRole = oauth.issueToken("jobkit", "nobody", CLIENT, Map.of("groups", List.of("staff")), 300).serialize();
        assertThat(status("/api/admin/openapi.json", noRole)).isEqualTo(401);
    }

    @Test
    void expiredForgedWrongIssuerAndWrongAudienceTokens_areRefused() throws Exception {
        Map<String, Object> groups = Map.of("groups", List.of("jobkit-admin"));
        assertThat(status("/api/admin/openapi.json", oauth.issueToken("jobkit", "a", CLIENT, groups, -120).serialize()))
                .as("expired").isEqualTo(401);
        assertThat(status("/api/admin/openapi.json", oauth.issueToken("other-issuer", "a", CLIENT, groups, 300).serialize()))
                .as("wrong issuer").isEqualTo(401);
        assertThat(status("/api/admin/openapi.json", oauth.issueToken("jobkit", "a", "someone-else", groups, 300).serialize()))
                .as("wrong audience").isEqualTo(401);
        RSAKey mine = new RSAKeyGenerator(2048).keyID("mock-oauth2-server-key").generate();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(mine.getKeyID()).build(),
                new JWTClaimsSet.Builder().issuer(oauth.issuerUrl("jobkit").toString()).audience(CLIENT).subject("mallory")
                        .claim("groups", List.of("jobkit-admin")).expirationTime(new Date(System.currentTimeMillis() + 300_000)).build());
        forged.sign(new RSASSASigner(mine));
        assertThat(status("/api/admin/openapi.json", forged.serialize())).as("forged signature").isEqualTo(401);
        String good = oauth.issueToken("jobkit", "a", CLIENT, groups, 300).serialize();
        assertThat(status("/api/admin/openapi.json", good)).isEqualTo(200);
    }

    @Test
    void issuerWithoutClientId_isRefusedAtStart() {
        assertThatThrownBy(() -> AdminServer.builder().jobClient(JobClient.builder().sqsClient(sqs).dynamoDbClient(dynamo).build())
                .dynamoDbClient(dynamo).port(0).environment(Map.of("JOBKIT_ADMIN_OIDC_ISSUER", oauth.issuerUrl("jobkit").toString()))
                .start()).hasMessageContaining("JOBKIT_ADMIN_OIDC_CLIENT_ID");
    }

    private static int status(String path, String token) {
        return get(path, token).statusCode();
    }

    private static HttpResponse<String> get(String path, String token) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.url().resolve(path))
                    .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
