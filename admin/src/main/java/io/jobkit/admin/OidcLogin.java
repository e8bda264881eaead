package io.jobkit.admin;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The OIDC browser sign-in: authorization code flow with PKCE (S256).
 *
 * <ol>
 *   <li>{@code GET /auth/oidc/login?return=/path} draws a state, a nonce and a PKCE verifier, seals them with the
 *       return path into the short-lived {@code jobkit_oidc} cookie ({@link PendingSignIns}: AES-GCM, a key derived
 *       from the session key; SameSite=Lax: it must come back on the identity provider's top-level redirect) and
 *       redirects to the issuer's authorization endpoint from discovery. Nothing is kept on the server, so the
 *       callback may reach any console process that shares {@code JOBKIT_ADMIN_SESSION_KEY}.</li>
 *   <li>{@code GET /auth/oidc/callback?code&state} opens the cookie and checks its state is the query's (so nobody
 *       can finish a sign-in they started in someone else's browser), spends the state and then the code in the jobs
 *       table ({@link SessionItems#spend}: a conditional put, so a replay fails on every process), exchanges the code
 *       with the verifier, checks the ID token with nimbus (signature, iss, aud, exp, and the nonce), maps the groups
 *       claim to a role, sets the session cookie and redirects to the same-origin path the sign-in started from.</li>
 * </ol>
 */
final class OidcLogin {
    static final String STATE_COOKIE = "jobkit_oidc";
    static final String CALLBACK = "/auth/oidc/callback";
    static final Duration PENDING_TTL = Duration.ofMinutes(10);
    /** What the console asks Cognito (or any issuer) for: the ID token, the email and the name to show. */
    static final String SCOPE = "openid email profile";

    private final OidcVerifier oidc;
    private final Sessions sessions;
    private final Clock clock;
    private final String clientSecret;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final PendingSignIns pending;
    private final SessionItems spent;

    /**
     * @param oidc         null when OIDC is not configured (both routes then answer 404 OIDC_NOT_CONFIGURED)
     * @param clientSecret null for a public client (PKCE alone); else sent as HTTP Basic to the token endpoint
     */
    OidcLogin(OidcVerifier oidc, Sessions sessions, SessionItems spent, Clock clock, String clientSecret) {
        this.pending = new PendingSignIns(sessions, clock);
        this.spent = spent;
        this.oidc = oidc;
        this.sessions = sessions;
        this.clock = clock;
        this.clientSecret = clientSecret;
    }

    List<Route> routes() {
        return List.of(
                new Route("GET", "/auth/oidc/login", null, false,
                        "OIDC sign-in: 302 to the issuer (authorization code + PKCE S256); ?return=/same-origin/path",
                        this::login),
                new Route("GET", CALLBACK, null, true,
                        "OIDC callback: exchanges ?code&state, verifies the ID token, sets the session cookie, 302 to return",
                        this::callback));
    }

    private Route.Response login(Call call) {
        call.allowOnly(Set.of("return"));
        requireConfigured();
        String returnPath = returnPath(call.query("return"));
        String host = call.request().header("Host");
        if (host == null || host.isBlank()) throw ApiError.badRequest("MISSING_HOST", "the request has no Host header");
        Instant now = clock.instant();
        String state = Sessions.randomToken(32);
        String nonce = Sessions.randomToken(32);
        String verifier = Sessions.randomToken(32); // 43 characters of [A-Za-z0-9-_], RFC 7636 section 4.1
        String redirectUri = Origins.base(host, call.request().secure()).resolve(CALLBACK).toString();
        String sealed = pending.seal(new PendingSignIns.Pending(state, nonce, verifier, returnPath, redirectUri, now.plus(PENDING_TTL)));
        Map<String, String> q = new LinkedHashMap<>();
        q.put("response_type", "code");
        q.put("client_id", oidc.clientId());
        q.put("redirect_uri", redirectUri);
        q.put("scope", SCOPE);
        q.put("state", state);
        q.put("nonce", nonce);
        q.put("code_challenge", challenge(verifier));
        q.put("code_challenge_method", "S256");
        URI authorize = oidc.authorizationEndpoint();
        String location = authorize + (authorize.getRawQuery() == null ? "?" : "&") + form(q);
        return new Route.Response(302, null)
                .withHeader("Location", location)
                .withHeader("Set-Cookie", Cookies.set(STATE_COOKIE, sealed, "/auth/oidc", "Lax", PENDING_TTL, call.request().secure()));
    }

    /**
     * A browser that comes back from the issuer to a failed sign-in is sent to the console's sign-in page, which
     * says what went wrong and offers to start again, instead of ending on a JSON body. Only the error code travels
     * in the URL (the page words it), so a crafted link cannot put text of its choosing on our page. Programmatic
     * clients (no {@code text/html} in Accept) still get the JSON error.
     */
    private Route.Response callback(Call call) {
        try {
            return completeSignIn(call);
        } catch (ApiError e) {
            String accept = call.request().header("Accept");
            if (accept == null || !accept.contains("text/html")) throw e;
            return new Route.Response(302, null)
                    .withHeader("Location", "/?" + SIGNIN_ERROR + "=" + e.code() + "#/")
                    .withHeader("Set-Cookie", Cookies.clear(STATE_COOKIE, "/auth/oidc", "Lax", call.request().secure()));
        }
    }

    /** The query parameter that carries a failed sign-in's error code to the sign-in page. */
    static final String SIGNIN_ERROR = "signin_error";

    private Route.Response completeSignIn(Call call) {
        call.allowOnly(Set.of("code", "state", "error", "error_description", "session_state", "iss", "scope"));
        requireConfigured();
        boolean secure = call.request().secure();
        if (call.query("error") != null) {
            call.audit("OIDC_DENIED");
            throw new ApiError(401, "OIDC_DENIED", "the identity provider refused the sign-in: " + call.query("error")
                    + (call.query("error_description") == null ? "" : " (" + call.query("error_description") + ")"));
        }
        String code = call.query("code");
        String state = call.query("state");
        if (code == null || state == null) {
            throw ApiError.badRequest("OIDC_CALLBACK_INVALID", "the callback needs code and state; start at /auth/oidc/login");
        }
        String sealed = Cookies.read(call.request().all("Cookie"), STATE_COOKIE);
        PendingSignIns.Pending p = pending.open(sealed).orElse(null);
        if (p == null) {
            throw refused(call, 400, "OIDC_STATE_INVALID", sealed == null
                    ? "this sign-in was started in another browser (no jobkit_oidc cookie came back); start again at /auth/oidc/login"
                    : "this sign-in's cookie is not valid or is older than " + PENDING_TTL.toMinutes()
                    + " minutes; start again at /auth/oidc/login");
        }
        if (!MessageDigest.isEqual(sha256(state).getBytes(StandardCharsets.US_ASCII), sha256(p.state()).getBytes(StandardCharsets.US_ASCII))) {
            throw refused(call, 400, "OIDC_STATE_INVALID", "this sign-in's state is not the one this browser started;"
                    + " it was started in another browser or tab; start again at /auth/oidc/login");
        }
        // the state first, so one browser's retry reads as a used state; then the code, which a thief might carry
        // to a sign-in of their own (the issuer would refuse it for the verifier, but we never even send it)
        if (!spent.spend("STATE", sha256(state), p.expiresAt())) {
            throw refused(call, 400, "OIDC_STATE_INVALID", "this sign-in was already used; start again at /auth/oidc/login");
        }
        if (!spent.spend("CODE", sha256(code), clock.instant().plus(PENDING_TTL))) {
            throw refused(call, 400, "OIDC_CODE_REPLAYED", "this authorization code was already used; start again at /auth/oidc/login");
        }
        String idToken = exchange(call, code, p);
        OidcVerifier.IdTokenCheck check = oidc.verifyIdToken(idToken, p.nonce());
        if (check.failure() != null) {
            String message = switch (check.failure()) {
                case "OIDC_NONCE_MISMATCH" -> "the ID token's nonce is not this sign-in's; start again at /auth/oidc/login";
                case "NO_JOBKIT_ROLE" -> "you are signed in at the identity provider but in none of the groups jobkit-viewer,"
                        + " jobkit-operator, jobkit-admin; ask an administrator to add you to one";
                default -> "the ID token was refused (signature, issuer, audience or expiry)";
            };
            throw refused(call, check.failure().equals("NO_JOBKIT_ROLE") ? 403 : 401, check.failure(), message);
        }
        Session s = sessions.open(check.principal());
        call.actAs(check.principal());
        call.audit("signed in (oidc)");
        return new Route.Response(302, null)
                .withHeader("Location", p.returnPath())
                .withHeader("Set-Cookie", SessionRoutes.sessionCookie(sessions, s, secure))
                .withHeader("Set-Cookie", Cookies.clear(STATE_COOKIE, "/auth/oidc", "Lax", secure));
    }

    /** Trades the code for tokens at the token endpoint; answers the ID token. */
    private String exchange(Call call, String code, PendingSignIns.Pending p) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", p.redirectUri());
        form.put("client_id", oidc.clientId());
        form.put("code_verifier", p.verifier());
        HttpRequest.Builder req = HttpRequest.newBuilder(oidc.tokenEndpoint()).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form(form)));
        if (clientSecret != null) {
            String basic = URLEncoder.encode(oidc.clientId(), StandardCharsets.UTF_8) + ":" + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8);
            req.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<String> r;
        try {
            r = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw refused(call, 502, "OIDC_EXCHANGE_FAILED", "the token endpoint could not be reached: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw refused(call, 502, "OIDC_EXCHANGE_FAILED", "interrupted while calling the token endpoint");
        }
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(r.body());
        } catch (IOException e) {
            json = Json.MAPPER.createObjectNode();
        }
        if (r.statusCode() != 200) {
            throw refused(call, 401, "OIDC_EXCHANGE_FAILED", "the token endpoint refused the code (HTTP " + r.statusCode()
                    + (json.hasNonNull("error") ? ", " + json.get("error").asText() : "") + "); start again at /auth/oidc/login");
        }
        if (!json.path("id_token").isTextual()) {
            throw refused(call, 401, "OIDC_TOKEN_INVALID", "the token endpoint answered no id_token; is the openid scope allowed?");
        }
        return json.get("id_token").asText();
    }

    private void requireConfigured() {
        if (oidc == null || oidc.authorizationEndpoint() == null || oidc.tokenEndpoint() == null) {
            throw ApiError.notFound("OIDC_NOT_CONFIGURED", oidc == null
                    ? "OIDC sign-in is not configured; set JOBKIT_ADMIN_OIDC_ISSUER and JOBKIT_ADMIN_OIDC_CLIENT_ID"
                    : "the issuer's discovery document names no authorization_endpoint or token_endpoint");
        }
    }

    private static ApiError refused(Call call, int status, String code, String message) {
        call.audit(code);
        return new ApiError(status, code, message);
    }

    /** The path to return to after sign-in: a same-origin absolute path, never another site. */
    static String returnPath(String requested) {
        if (requested == null) return "/";
        boolean ok = requested.startsWith("/") && !requested.startsWith("//") && !requested.startsWith("/\\")
                && requested.length() <= 2048 && requested.chars().noneMatch(c -> c < 0x21 || c == 0x7f || c == '\\');
        if (!ok) {
            throw ApiError.badRequest("INVALID_RETURN", "return must be a path on this server, like /jobs?status=failed");
        }
        return requested;
    }

    /** The PKCE S256 code challenge of {@code verifier} (RFC 7636 section 4.2). */
    static String challenge(String verifier) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String sha256(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] digest(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    private static String form(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
