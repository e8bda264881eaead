package io.jobkit.admin;

import java.util.Optional;

/**
 * Turns a request's credentials into a {@link Principal}. With no credentials configured the server is in loopback
 * mode (it binds loopback only) and every caller is the local admin. Otherwise, in this order:
 * <ol>
 *   <li>an {@code Authorization: Bearer} header: a token whose SHA-256 is in {@code JOBKIT_ADMIN_TOKENS}, or an OIDC
 *       JWT the {@link OidcVerifier} accepts (such calls need no CSRF token: a browser never adds the header by
 *       itself);</li>
 *   <li>the {@code jobkit_session} cookie a sign-in set ({@link Sessions}); state-changing calls made with it need the
 *       session's CSRF token, which the dispatcher checks.</li>
 * </ol>
 * The header's and the cookie's values are never logged or echoed.
 */
final class Authenticator {
    private final AdminTokens tokens;
    private final OidcVerifier oidc;
    private final Sessions sessions;

    /** Who calls; {@code session} is set when the cookie authenticated, {@code failure} when nothing did. */
    record Result(Principal principal, Session session, String failure) {
        static Result of(Principal p) {
            return new Result(p, null, null);
        }

        static Result failed(String code) {
            return new Result(null, null, code);
        }

        boolean viaCookie() {
            return session != null;
        }
    }

    /** @param oidc null when no OIDC issuer is configured */
    Authenticator(AdminTokens tokens, OidcVerifier oidc, Sessions sessions) {
        this.tokens = tokens;
        this.oidc = oidc;
        this.sessions = sessions;
    }

    boolean open() {
        return tokens.isEmpty() && oidc == null;
    }

    Sessions sessions() {
        return sessions;
    }

    /** The caller of a request: bearer header first, then the session cookie. */
    Result authenticate(Call.Request request) {
        if (open()) return Result.of(Principal.LOOPBACK);
        String authorization = request.header("Authorization");
        if (authorization != null) {
            return bearer(authorization).map(Result::of).orElse(Result.failed("UNAUTHENTICATED"));
        }
        String cookie = Cookies.read(request.all("Cookie"), Sessions.COOKIE);
        if (cookie == null) return Result.failed("UNAUTHENTICATED");
        Sessions.Read read = sessions.read(cookie);
        if (read instanceof Sessions.Read.Valid v) return new Result(v.session().principal(), v.session(), null);
        return Result.failed(read instanceof Sessions.Read.Expired ? "SESSION_EXPIRED" : "UNAUTHENTICATED");
    }

    /** The caller an {@code Authorization} header names, or empty when it carries no valid credential. */
    Optional<Principal> bearer(String authorization) {
        if (open()) return Optional.of(Principal.LOOPBACK);
        if (authorization == null) return Optional.empty();
        String value = authorization.trim();
        if (value.length() < 8 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) return Optional.empty();
        return token(value.substring(7).trim());
    }

    /** The caller a bare token names (a {@code jk_} token or an OIDC JWT), or empty. */
    Optional<Principal> token(String token) {
        if (token == null || token.isEmpty()) return Optional.empty();
        Optional<Principal> byHash = tokens.lookup(token);
        if (byHash.isPresent() || oidc == null || token.chars().filter(c -> c == '.').count() != 2) return byHash;
        return oidc.verify(token);
    }
}
