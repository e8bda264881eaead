package io.jobkit.admin;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobkit.client.JobClient;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The admin server as a Lambda function behind an API Gateway HTTP API (payload format 2.0): each event becomes one
 * exchange for the same dispatcher the JDK server uses, so routes, roles, errors and the audit log are identical.
 * Handler string: {@code io.jobkit.admin.AdminLambdaHandler::handleRequest}.
 *
 * <ol>
 *   <li>Construction (once per execution environment): the job client and the credentials from the environment,
 *       as {@code jobkit dashboard} reads them. A public endpoint without credentials is refused, so a function
 *       without {@code JOBKIT_ADMIN_OIDC_ISSUER} or {@code JOBKIT_ADMIN_TOKENS} fails its first call loudly.</li>
 *   <li>Each call: the event's method, raw path, raw query string, headers and (base64) body become an
 *       {@link Exchange}; the response is written back as {@code {statusCode, headers, body, isBase64Encoded}}.</li>
 * </ol>
 * No API Gateway authorizer stands in front (a JWT authorizer would refuse the browser's cookie calls): the dispatcher
 * authenticates every call itself, bearer tokens and Cognito JWTs (nimbus) as well as session cookies, so the
 * function is equally safe invoked directly. Cookies arrive in the event's {@code cookies} array and leave in the
 * response's.
 */
public final class AdminLambdaHandler implements RequestStreamHandler {
    private final Dispatcher dispatcher;

    /** The handler Lambda constructs: everything from the process environment. */
    public AdminLambdaHandler() {
        this(fromEnvironment(System.getenv()));
    }

    /**
     * A handler over a configured builder (its {@code bind} and {@code port} are not used), for a function that
     * builds its own clients.
     *
     * @throws IllegalArgumentException the credentials are malformed or missing
     */
    public AdminLambdaHandler(AdminServer.Builder server) {
        this.dispatcher = Objects.requireNonNull(server, "server").assemble(false, "Lambda behind API Gateway").dispatcher();
    }

    private static AdminServer.Builder fromEnvironment(Map<String, String> env) {
        JobClient client = JobClient.fromEnvironment(env);
        return AdminServer.builder().jobClient(client).dynamoDbClient(client.runtime().dynamoDb()).environment(env);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = Json.MAPPER.readTree(input);
        EventExchange ex = new EventExchange(event);
        dispatcher.handle(ex);
        Json.MAPPER.writeValue(output, ex.response());
    }

    /** One HTTP API (v2) event and the response the dispatcher gives it. */
    static final class EventExchange implements Exchange {
        private final String method;
        private final String path;
        private final String rawQuery;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private final byte[] body;
        private final Map<String, String> responseHeaders = new LinkedHashMap<>();
        /** HTTP API events carry cookies in their own arrays, not as Cookie / Set-Cookie headers. */
        private final java.util.List<String> cookies = new java.util.ArrayList<>();
        private final java.util.List<String> setCookies = new java.util.ArrayList<>();
        private int status = 500;
        private byte[] responseBody;

        EventExchange(JsonNode event) {
            if (!"2.0".equals(event.path("version").asText())) {
                throw new IllegalArgumentException("the event is not an API Gateway HTTP API event of payload format 2.0"
                        + " (version '" + event.path("version").asText() + "'); set the integration's payload format to 2.0");
            }
            this.method = event.path("requestContext").path("http").path("method").asText("GET").toUpperCase(Locale.ROOT);
            // rawPath keeps the client's percent-encoding; decode it as the JDK server does
            this.path = URI.create(event.path("rawPath").asText("/")).getPath();
            String q = event.path("rawQueryString").asText("");
            this.rawQuery = q.isEmpty() ? null : q;
            for (Iterator<Map.Entry<String, JsonNode>> it = event.path("headers").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> h = it.next();
                headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue().asText());
            }
            for (JsonNode c : event.path("cookies")) cookies.add(c.asText());
            JsonNode b = event.get("body");
            if (b == null || b.isNull()) {
                this.body = new byte[0];
            } else if (event.path("isBase64Encoded").asBoolean(false)) {
                this.body = Base64.getDecoder().decode(b.asText());
            } else {
                this.body = b.asText().getBytes(StandardCharsets.UTF_8);
            }
        }

        @Override
        public String method() {
            return method;
        }

        @Override
        public String path() {
            return path;
        }

        @Override
        public String rawQuery() {
            return rawQuery;
        }

        @Override
        public String requestHeader(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        @Override
        public java.util.List<String> requestHeaders(String name) {
            if (name.equalsIgnoreCase("Cookie")) {
                java.util.List<String> all = new java.util.ArrayList<>(cookies);
                if (headers.containsKey("cookie")) all.add(headers.get("cookie"));
                return all.isEmpty() ? java.util.List.of() : java.util.List.of(String.join("; ", all));
            }
            String v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null ? java.util.List.of() : java.util.List.of(v);
        }

        @Override
        public boolean tls() {
            return true; // API Gateway HTTP APIs serve https only
        }

        @Override
        public int localPort() {
            return 443;
        }

        @Override
        public void addHeader(String name, String value) {
            if (name.equalsIgnoreCase("Set-Cookie")) {
                setCookies.add(value);
            } else {
                responseHeaders.merge(name, value, (a, b) -> a + ", " + b);
            }
        }

        @Override
        public InputStream body() {
            return new ByteArrayInputStream(body);
        }

        @Override
        public void header(String name, String value) {
            responseHeaders.put(name, value);
        }

        @Override
        public void respond(int status, byte[] body) {
            this.status = status;
            this.responseBody = body;
        }

        /** The HTTP API response: text as text, anything else (images) base64-encoded. */
        ObjectNode response() {
            ObjectNode r = Json.MAPPER.createObjectNode();
            r.put("statusCode", status);
            ObjectNode h = r.putObject("headers");
            responseHeaders.forEach(h::put);
            if (!setCookies.isEmpty()) {
                var c = r.putArray("cookies");
                setCookies.forEach(c::add);
            }
            String type = responseHeaders.getOrDefault("Content-Type", "");
            boolean text = type.startsWith("text/") || type.startsWith("application/json") || type.startsWith("image/svg");
            if (responseBody == null) {
                r.put("body", "");
                r.put("isBase64Encoded", false);
            } else if (text) {
                r.put("body", new String(responseBody, StandardCharsets.UTF_8));
                r.put("isBase64Encoded", false);
            } else {
                r.put("body", Base64.getEncoder().encodeToString(responseBody));
                r.put("isBase64Encoded", true);
            }
            return r;
        }
    }
}
