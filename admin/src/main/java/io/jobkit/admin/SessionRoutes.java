package io.jobkit.admin;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Optional;

/**
 * {@code GET|POST|DELETE /api/admin/session}: who the browser is signed in as (with the CSRF token its page sends on
 * state-changing calls), sign-in with a bearer token, and sign-out. Public routes: each decides itself what the
 * caller proves, so a page that is not signed in learns why and whether OIDC sign-in is on offer.
 */
final class SessionRoutes {
    /** What GET and POST answer; {@code csrfToken} and {@code expiresAt} are null for a bearer-authenticated GET. */
    record SessionBody(String principal, String role, String mode, String csrfToken, String expiresAt, boolean oidcEnabled) {
    }

    /** A 401 from the session routes: the error shape plus whether the sign-in page should offer OIDC. */
    record SignInError(String error, String code, boolean oidcEnabled) {
    }

    private final Authenticator auth;
    private final Sessions sessions;
    private final boolean oidcEnabled;

    SessionRoutes(Authenticator auth, boolean oidcEnabled) {
        this.auth = auth;
        this.sessions = auth.sessions();
        this.oidcEnabled = oidcEnabled;
    }

    List<Route> routes() {
        return List.of(
                new Route("GET", "/api/admin/session", null, false,
                        "The browser's session: principal, role, mode, csrfToken, expiresAt, oidcEnabled (401 NOT_SIGNED_IN or SESSION_EXPIRED)",
                        this::get),
                new Route("POST", "/api/admin/session", null, true,
                        "Sign in with {token}: sets the jobkit_session cookie and answers as GET (401 TOKEN_INVALID)",
                        this::signIn),
                new Route("DELETE", "/api/admin/session", null, true,
                        "Sign out: revokes the session and clears its cookie, 204 (a cookie caller sends X-Jobkit-Csrf)",
                        this::signOut));
    }

    private Route.Response get(Call call) {
        call.allowOnly(java.util.Set.of());
        if (auth.open()) {
            return Route.Response.ok(new SessionBody("loopback", Role.ADMIN.label(), "loopback", sessions.loopbackCsrfToken(),
                    null, false));
        }
        Call.Request req = call.request();
        if (req.header("Authorization") != null) {
            Optional<Principal> p = auth.bearer(req.header("Authorization"));
            if (p.isEmpty()) return notSignedIn("NOT_SIGNED_IN", "the bearer token is not valid");
            return Route.Response.ok(new SessionBody(p.get().name(), p.get().role().label(), p.get().method(), null, null, oidcEnabled));
        }
        String cookie = Cookies.read(req.all("Cookie"), Sessions.COOKIE);
        if (cookie == null) return notSignedIn("NOT_SIGNED_IN", "not signed in; sign in with a token"
                + (oidcEnabled ? " or through /auth/oidc/login" : ""));
        Sessions.Read read = sessions.read(cookie);
        if (read instanceof Sessions.Read.Valid v) return Route.Response.ok(body(v.session()));
        Route.Response r = read instanceof Sessions.Read.Expired
                ? notSignedIn("SESSION_EXPIRED", "the session has expired; sign in again")
                : notSignedIn("NOT_SIGNED_IN", "the session cookie is not valid (signed out, or from before a restart); sign in again");
        return r.withHeader("Set-Cookie", Cookies.clear(Sessions.COOKIE, "/", "Strict", req.secure()));
    }

    private Route.Response signIn(Call call) {
        JsonNode body = call.jsonObject();
        JsonNode token = body.get("token");
        if (token == null || !token.isTextual() || body.size() != 1) {
            throw ApiError.invalid("the body must be {\"token\": \"jk_...\"}: a bearer token from JOBKIT_ADMIN_TOKENS");
        }
        Optional<Principal> who = auth.token(token.asText().trim());
        if (who.isEmpty()) {
            String why = auth.open()
                    ? "no tokens are configured: this server is in loopback mode and needs no sign-in"
                    : "the token is not valid: its SHA-256 is not in JOBKIT_ADMIN_TOKENS (or the OIDC token was refused)";
            call.audit("TOKEN_INVALID");
            return notSignedIn("TOKEN_INVALID", why);
        }
        Principal p = who.get();
        // a jk_ token signs in as mode "token"; an OIDC JWT pasted as a token keeps mode "oidc"
        Session s = sessions.open(p);
        call.actAs(p);
        call.audit("signed in (" + p.method() + ")");
        return Route.Response.ok(body(s)).withHeader("Set-Cookie", sessionCookie(sessions, s, call.request().secure()));
    }

    private Route.Response signOut(Call call) {
        Call.Request req = call.request();
        String cookie = Cookies.read(req.all("Cookie"), Sessions.COOKIE);
        Sessions.Read read = cookie == null ? new Sessions.Read.Invalid() : sessions.read(cookie);
        if (read instanceof Sessions.Read.Valid v) {
            call.actAs(v.session().principal());
            if (!sessions.csrfMatches(v.session(), req.header(Sessions.CSRF_HEADER))) {
                throw new ApiError(403, "CSRF_TOKEN_INVALID", "signing out with the session cookie needs the header "
                        + Sessions.CSRF_HEADER + " set to the session's csrfToken");
            }
            sessions.revoke(v.session());
            call.audit("signed out");
        } else {
            call.audit("no session");
        }
        return new Route.Response(204, null).withHeader("Set-Cookie", Cookies.clear(Sessions.COOKIE, "/", "Strict", req.secure()));
    }

    SessionBody body(Session s) {
        return new SessionBody(s.name(), s.role().label(), s.mode(), sessions.csrfToken(s), s.expiresAt().toString(), oidcEnabled);
    }

    private Route.Response notSignedIn(String code, String message) {
        return new Route.Response(401, new SignInError(message, code, oidcEnabled));
    }

    /** The {@code Set-Cookie} value that carries a new session; it lives as long as the session does. */
    static String sessionCookie(Sessions sessions, Session s, boolean secure) {
        return Cookies.set(Sessions.COOKIE, sessions.encode(s), "/", "Strict", sessions.ttl(), secure);
    }
}
