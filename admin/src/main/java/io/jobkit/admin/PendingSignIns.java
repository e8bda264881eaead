package io.jobkit.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.DirectDecrypter;
import com.nimbusds.jose.crypto.DirectEncrypter;

import java.io.IOException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * A sign-in between the redirect to the issuer and the callback, carried by the browser itself in the
 * {@code jobkit_oidc} cookie instead of in one process's memory, so the callback may land on any console process.
 *
 * <p>The cookie value is a compact JWE ({@code dir}, {@code A256GCM}, made and opened by nimbus-jose-jwt): AES-GCM
 * both encrypts (the page, the browser's extensions and the logs never see the PKCE verifier or the nonce) and
 * authenticates (a changed or forged value fails to open), so no separate HMAC is needed. The key is derived from
 * {@code JOBKIT_ADMIN_SESSION_KEY} for this purpose alone ({@link Sessions#derivedKey}). What a cookie cannot do is
 * be single-use; {@link SessionItems#spend} makes the state so.
 */
final class PendingSignIns {
    private static final JWEHeader HEADER = new JWEHeader.Builder(JWEAlgorithm.DIR, EncryptionMethod.A256GCM)
            .contentType("jobkit-oidc+json").build();

    /** One sign-in in flight. */
    record Pending(String state, String nonce, String verifier, String returnPath, String redirectUri, Instant expiresAt) {
    }

    private final byte[] key;
    private final Clock clock;

    PendingSignIns(Sessions sessions, Clock clock) {
        this.key = sessions.derivedKey("oidc-pending-sign-in");
        this.clock = clock;
    }

    /** The cookie value that carries {@code p}. */
    String seal(Pending p) {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("state", p.state());
        json.put("nonce", p.nonce());
        json.put("verifier", p.verifier());
        json.put("return", p.returnPath());
        json.put("redirectUri", p.redirectUri());
        json.put("exp", p.expiresAt().getEpochSecond());
        JWEObject jwe = new JWEObject(HEADER, new Payload(json.toString()));
        try {
            jwe.encrypt(new DirectEncrypter(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("AES-256-GCM is not available in this JVM", e);
        }
        return jwe.serialize();
    }

    /** The sign-in a cookie value carries: empty when it is malformed, forged, made with another key, or expired. */
    Optional<Pending> open(String value) {
        if (value == null || value.isEmpty()) return Optional.empty();
        JsonNode json;
        try {
            JWEObject jwe = JWEObject.parse(value);
            if (!JWEAlgorithm.DIR.equals(jwe.getHeader().getAlgorithm())
                    || !EncryptionMethod.A256GCM.equals(jwe.getHeader().getEncryptionMethod())) {
                return Optional.empty();
            }
            jwe.decrypt(new DirectDecrypter(key));
            json = Json.MAPPER.readTree(jwe.getPayload().toString());
        } catch (ParseException | JOSEException | IOException | RuntimeException e) {
            return Optional.empty();
        }
        if (!json.path("exp").canConvertToLong()) return Optional.empty();
        for (String f : new String[]{"state", "nonce", "verifier", "return", "redirectUri"}) {
            if (!json.path(f).isTextual()) return Optional.empty();
        }
        Instant exp = Instant.ofEpochSecond(json.get("exp").asLong());
        if (!clock.instant().isBefore(exp)) return Optional.empty();
        return Optional.of(new Pending(json.get("state").asText(), json.get("nonce").asText(), json.get("verifier").asText(),
                json.get("return").asText(), json.get("redirectUri").asText(), exp));
    }
}
