package io.jobkit.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpExchange;
import io.jobkit.client.audit.AuditLog;
import com.sun.net.httpserver.HttpHandler;
import io.jobkit.client.JobValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Serves one HTTP exchange.
 *
 * <ol>
 *   <li>Find the route: a path no route has is 404, a path with routes for other methods is 405 with {@code Allow}.</li>
 *   <li>Authenticate and check the route's least role: 401 without a valid credential, 403 naming the role needed.</li>
 *   <li>Read the body, at most {@link #MAX_BODY_BYTES} (413 beyond).</li>
 *   <li>Run the handler; map its errors to the JSON error shape.</li>
 *   <li>Audit a state-changing call, whatever its outcome.</li>
 * </ol>
 * Step 2 also refuses a cross-origin state-changing call ({@link Origins}) and a session-cookie call that changes
 * state without the session's CSRF token. Anything outside {@code /api/}, {@code /auth/} and {@code /healthz} goes to
 * the static pages (the dashboard's place).
 */
final class Dispatcher implements HttpHandler {
    static final int MAX_BODY_BYTES = 512 * 1024;
    private static final long MAX_DRAIN_BYTES = 16L * 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final List<Route> routes;
    private final Authenticator auth;
    private final AuditLog audit;
    private final StaticPages pages;

    Dispatcher(List<Route> routes, Authenticator auth, AuditLog audit, StaticPages pages) {
        this.routes = routes;
        this.auth = auth;
        this.audit = audit;
        this.pages = pages;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            handle(new JdkExchange(ex));
        }
    }

    /** Serves one exchange, whoever carried it (the JDK's server, or an API Gateway event to the Lambda entry). */
    void handle(Exchange ex) throws IOException {
        try {
            String path = ex.path();
            if (!path.startsWith("/api/") && !path.startsWith("/auth/") && !path.equals("/healthz")) {
                pages.serve(ex, path);
                return;
            }
            serveApi(ex, path);
        } catch (RuntimeException e) {
            LOG.error("admin request failed unexpectedly", e);
        }
    }

    private void serveApi(Exchange ex, String path) throws IOException {
        String method = ex.method();
        List<String> segments = Route.split(path);
        Route route = null;
        Map<String, String> params = null;
        TreeSet<String> allowed = new TreeSet<>();
        int bestLiterals = -1;
        for (Route r : routes) {
            Map<String, String> p = r.match(segments);
            if (p == null) continue;
            allowed.add(r.method());
            int literals = segments.size() - p.size();
            if (r.method().equals(method) && literals > bestLiterals) {
                route = r;
                params = p;
                bestLiterals = literals;
            }
        }
        if (route == null) {
            if (allowed.isEmpty()) {
                send(ex, 404, error("ROUTE_NOT_FOUND", "no admin API route is " + path + "; see /api/admin/openapi.json"));
            } else {
                ex.header("Allow", String.join(", ", allowed));
                send(ex, 405, error("METHOD_NOT_ALLOWED", method + " is not allowed on " + path + "; use "
                        + String.join(" or ", allowed)));
            }
            return;
        }
        boolean secure = Origins.secure(ex.tls(), ex.requestHeader("X-Forwarded-Proto"));
        Call.Request request = new Call.Request(ex, secure);
        boolean changing = !method.equals("GET") && !method.equals("HEAD");
        if (auth.open() && !Origins.loopbackHost(request.header("Host"))) {
            send(ex, 403, error("CROSS_ORIGIN", "this server is in loopback mode and answers only to a loopback Host"
                    + " (127.0.0.1, localhost or [::1]); use http://127.0.0.1:" + ex.localPort() + "/"));
            return;
        }
        String origin = request.header("Origin");
        if (changing && origin != null && !Origins.sameOrigin(origin, request.header("Host"), secure, auth.open(),
                ex.localPort())) {
            send(ex, 403, error("CROSS_ORIGIN", "a " + method + " from another origin is refused; call the API from the"
                    + " console's own pages or without a browser"));
            return;
        }
        Principal who = auth.open() ? Principal.LOOPBACK : Principal.ANONYMOUS;
        if (route.leastRole() != null) {
            Authenticator.Result caller = auth.authenticate(request);
            if (caller.principal() == null) {
                ex.header("WWW-Authenticate", "Bearer realm=\"jobkit-admin\"");
                send(ex, 401, caller.failure().equals("SESSION_EXPIRED")
                        ? error("SESSION_EXPIRED", "the browser session has expired; sign in again")
                        : error("UNAUTHENTICATED", "this call needs a bearer token: send Authorization: Bearer <token>"
                        + " with a token whose entry is in JOBKIT_ADMIN_TOKENS, or sign in to the console"));
                return;
            }
            who = caller.principal();
            if (caller.viaCookie() && changing
                    && !auth.sessions().csrfMatches(caller.session(), request.header(Sessions.CSRF_HEADER))) {
                send(ex, 403, error("CSRF_TOKEN_INVALID", "a " + method + " made with the session cookie needs the header "
                        + Sessions.CSRF_HEADER + " set to the csrfToken GET /api/admin/session answers"));
                if (route.changesState()) audit(who, route, path, 403, "CSRF_TOKEN_INVALID");
                return;
            }
            if (!who.role().includes(route.leastRole())) {
                send(ex, 403, error("FORBIDDEN", "this call needs the " + route.leastRole().label() + " role; "
                        + who.name() + " has " + who.role().label()));
                if (route.changesState()) audit(who, route, path, 403, "FORBIDDEN");
                return;
            }
        }
        int status;
        Object body;
        Call call = null;
        try {
            byte[] bytes = readBody(ex);
            call = new Call(params, Call.parseQuery(ex.rawQuery()), bytes, who, request);
            Route.Response response = route.handler().handle(call);
            status = response.status();
            body = response.body();
            for (Map.Entry<String, String> h : response.headers()) ex.addHeader(h.getKey(), h.getValue());
        } catch (ApiError e) {
            status = e.status();
            body = error(e.code(), e.getMessage());
        } catch (JobValidationException e) {
            status = 422;
            body = error("INVALID_INPUT", e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("admin call {} {} failed", method, path, e);
            status = 500;
            body = error("INTERNAL", "the call failed: " + e.getMessage());
        }
        // audited before the answer goes out: a caller who has the answer can find its entry, and a process that dies
        // after answering has not dropped it
        if (route.changesState()) {
            String note = call == null ? null : call.auditNote();
            String outcome = body instanceof ErrorBody e ? e.code() : note == null ? "OK" : note;
            audit(call == null ? who : call.actor(), route, path, status, outcome);
        }
        send(ex, status, body);
    }

    private void audit(Principal who, Route route, String path, int status, String outcome) {
        audit.record(who.name(), who.role() == null ? "none" : who.role().label(), who.method(),
                route.method() + " " + route.path(), path, status, outcome);
    }

    private static byte[] readBody(Exchange ex) throws IOException {
        InputStream in = ex.body();
        String length = ex.requestHeader("Content-Length");
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                throw ApiError.badRequest("INVALID_HEADER", "Content-Length '" + length + "' is not a number");
            }
            if (declared > MAX_BODY_BYTES) {
                drain(in);
                throw tooLarge();
            }
        }
        byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            drain(in);
            throw tooLarge();
        }
        return bytes;
    }

    /**
     * Reads and drops the rest of an oversized body (up to {@link #MAX_DRAIN_BYTES}) before the 413 goes out: a client
     * still sending when the server closes the connection may lose the response to a reset.
     */
    private static void drain(InputStream in) throws IOException {
        long left = MAX_DRAIN_BYTES;
        byte[] sink = new byte[64 * 1024];
        int n;
        while (left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) > 0) left -= n;
    }

    private static ApiError tooLarge() {
        return new ApiError(413, "BODY_TOO_LARGE", "the body is over the limit of " + MAX_BODY_BYTES / 1024 + " KiB");
    }

    /** The error shape every failure has. */
    record ErrorBody(String error, String code) {
    }

    static ErrorBody error(String code, String message) {
        return new ErrorBody(message, code);
    }

    static void send(Exchange ex, int status, Object body) throws IOException {
        if (body == null) {
            ex.header("Cache-Control", "no-store");
            ex.respond(status, null);
            return;
        }
        byte[] bytes;
        try {
            bytes = Json.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            status = 500;
            bytes = "{\"error\":\"the response could not be written as JSON\",\"code\":\"INTERNAL\"}".getBytes(StandardCharsets.UTF_8);
        }
        ex.header("Content-Type", "application/json; charset=utf-8");
        ex.header("Cache-Control", "no-store");
        ex.header("X-Content-Type-Options", "nosniff");
        ex.respond(status, bytes);
    }

    List<Route> routes() {
        return new ArrayList<>(routes);
    }
}
