package io.jobkit.admin;

import java.util.Optional;

/**
 * Turns an {@code Authorization} header into a {@link Principal}. With no credentials configured the server is in
 * loopback mode (it binds loopback only) and every caller is the local admin; otherwise a call needs a bearer token
 * whose SHA-256 is in {@code JOBKIT_ADMIN_TOKENS}, or an OIDC JWT the {@link OidcVerifier} accepts. The header's value is never logged or echoed.
 */
final class Authenticator {
    private final AdminTokens tokens;
    private final OidcVerifier oidc;

    /** @param oidc null when no OIDC issuer is configured */
    Authenticator(AdminTokens tokens, OidcVerifier oidc) {
        this.tokens = tokens;
        this.oidc = oidc;
    }

    boolean open() {
        return tokens.isEmpty() && oidc == null;
    }

    /** The caller, or empty when the call carries no valid credential. */
    Optional<Principal> authenticate(String authorization) {
        if (open()) return Optional.of(Principal.LOOPBACK);
        if (authorization == null) return Optional.empty();
        String value = authorization.trim();
        if (value.length() < 8 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) return Optional.empty();
        String token = value.substring(7).trim();
        if (token.isEmpty()) return Optional.empty();
        Optional<Principal> byHash = tokens.lookup(token);
        if (byHash.isPresent() || oidc == null || token.chars().filter(c -> c == '.').count() != 2) return byHash;
        return oidc.verify(token);
    }
}
