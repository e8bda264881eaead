package io.jobkit.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies OIDC bearer tokens (JWTs) with nimbus-jose-jwt against the issuer's JWKS: signature (RS/ES/PS 256-512,
 * never {@code none} or HMAC), issuer exactly the configured one, audience (or Cognito's {@code client_id}) the
 * configured client id, {@code exp} present and not passed (nimbus allows 60 s of clock skew). The role is the
 * highest of the groups {@code jobkit-viewer|jobkit-operator|jobkit-admin} in the roles claim.
 */
final class OidcVerifier {
    static final String DEFAULT_ROLES_CLAIM = "cognito:groups";
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512);

    private final String issuer;
    private final String clientId;
    private final String rolesClaim;
    private final URI authorizationEndpoint;
    private final URI tokenEndpoint;
    private final DefaultJWTProcessor<SecurityContext> processor;

    /** Why an ID token from the browser sign-in was refused, or who it names. */
    record IdTokenCheck(Principal principal, String failure) {
    }

    private OidcVerifier(String issuer, String clientId, String rolesClaim, URL jwks, URI authorizationEndpoint,
                         URI tokenEndpoint) {
        this.issuer = issuer;
        this.clientId = clientId;
        this.rolesClaim = rolesClaim;
        this.authorizationEndpoint = authorizationEndpoint;
        this.tokenEndpoint = tokenEndpoint;
        JWKSource<SecurityContext> keys = JWKSourceBuilder.create(jwks).retrying(true).build();
        processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("exp", "sub")));
    }

    /**
     * Reads the issuer's discovery document ({@code <issuer>/.well-known/openid-configuration}) for its JWKS address.
     *
     * @throws IllegalArgumentException the issuer cannot be read or names another issuer
     */
    static OidcVerifier discover(String issuer, String clientId, String rolesClaim) {
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        try {
            HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build().send(
                    HttpRequest.newBuilder(URI.create(base + "/.well-known/openid-configuration"))
                            .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) throw new IOException("HTTP " + r.statusCode());
            JsonNode doc = Json.MAPPER.readTree(r.body());
            if (!issuer.equals(doc.path("issuer").asText())) {
                throw new IllegalArgumentException("the OIDC discovery document of " + issuer + " names issuer '"
                        + doc.path("issuer").asText() + "'; set JOBKIT_ADMIN_OIDC_ISSUER to exactly the issuer");
            }
            return new OidcVerifier(issuer, clientId, rolesClaim, URI.create(doc.path("jwks_uri").asText()).toURL(),
                    endpoint(doc, "authorization_endpoint"), endpoint(doc, "token_endpoint"));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the OIDC discovery document of " + issuer + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalArgumentException("interrupted while reading the OIDC discovery document", e);
        }
    }

    /** An endpoint of the discovery document, or null when it names none (then the browser sign-in is refused). */
    private static URI endpoint(JsonNode doc, String name) {
        String v = doc.path(name).asText("");
        return v.isBlank() ? null : URI.create(v);
    }

    String issuer() {
        return issuer;
    }

    String clientId() {
        return clientId;
    }

    /** The issuer's authorization endpoint (discovery), or null. */
    URI authorizationEndpoint() {
        return authorizationEndpoint;
    }

    /** The issuer's token endpoint (discovery), or null. */
    URI tokenEndpoint() {
        return tokenEndpoint;
    }

    /** The caller the token names, or empty when it is not valid or grants no jobkit role. */
    Optional<Principal> verify(String jwt) {
        return claims(jwt).flatMap(this::principal);
    }

    /**
     * Checks an ID token from the code exchange: everything {@link #verify} checks, and its {@code nonce} is the one
     * this sign-in sent (OIDC Core 3.1.3.7), so a token minted for another sign-in cannot be slipped in.
     */
    IdTokenCheck verifyIdToken(String jwt, String expectedNonce) {
        Optional<JWTClaimsSet> claims = claims(jwt);
        if (claims.isEmpty()) return new IdTokenCheck(null, "OIDC_TOKEN_INVALID");
        Object nonce = claims.get().getClaim("nonce");
        if (!(nonce instanceof String n) || !java.security.MessageDigest.isEqual(
                n.getBytes(java.nio.charset.StandardCharsets.UTF_8), expectedNonce.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            return new IdTokenCheck(null, "OIDC_NONCE_MISMATCH");
        }
        return principal(claims.get()).map(p -> new IdTokenCheck(p, null)).orElse(new IdTokenCheck(null, "NO_JOBKIT_ROLE"));
    }

    /** Signature, issuer, expiry, subject and audience checked; empty when any fails. */
    private Optional<JWTClaimsSet> claims(String jwt) {
        JWTClaimsSet claims;
        try {
            claims = processor.process(jwt, null);
        } catch (ParseException | com.nimbusds.jose.proc.BadJOSEException | com.nimbusds.jose.JOSEException e) {
            return Optional.empty();
        }
        List<String> audience = claims.getAudience();
        Object cognitoClient = claims.getClaim("client_id");
        if (!audience.contains(clientId) && !clientId.equals(cognitoClient)) return Optional.empty();
        return Optional.of(claims);
    }

    /** The principal of verified claims: the highest jobkit role in the roles claim, or empty with none. */
    private Optional<Principal> principal(JWTClaimsSet claims) {
        Role role = null;
        for (String group : groups(claims)) {
            if (!group.startsWith("jobkit-")) continue;
            Optional<Role> r = Role.parse(group.substring("jobkit-".length()));
            if (r.isPresent() && (role == null || r.get().includes(role))) role = r.get();
        }
        if (role == null) return Optional.empty();
        String name = firstText(claims, "email", "preferred_username", "cognito:username", "sub");
        return Optional.of(new Principal(name, role, "oidc"));
    }

    private List<String> groups(JWTClaimsSet claims) {
        Object v = claims.getClaim(rolesClaim);
        List<String> out = new ArrayList<>();
        if (v instanceof List<?> list) {
            for (Object o : list) if (o != null) out.add(o.toString());
        } else if (v instanceof String s) {
            for (String part : s.split("[\\s,]+")) if (!part.isEmpty()) out.add(part);
        }
        return out;
    }

    private static String firstText(JWTClaimsSet claims, String... names) {
        for (String n : names) {
            Object v = claims.getClaim(n);
            if (v instanceof String s && !s.isBlank()) return s;
        }
        return "oidc-user";
    }
}
