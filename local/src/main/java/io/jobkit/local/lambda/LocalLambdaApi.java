package io.jobkit.local.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The Lambda control plane's event source mapping calls, locally: the REST-JSON subset the admin API's queue pause
 * uses, on 127.0.0.1, so the real SDK {@code LambdaClient} (and the AWS CLI) drive the local event sources.
 *
 * <ul>
 *   <li>{@code GET /2015-03-31/event-source-mappings/?EventSourceArn=&FunctionName=&Marker=&MaxItems=} —
 *       ListEventSourceMappings</li>
 *   <li>{@code GET /2015-03-31/event-source-mappings/{UUID}} — GetEventSourceMapping</li>
 *   <li>{@code PUT /2015-03-31/event-source-mappings/{UUID}} with {@code {"Enabled": bool}} —
 *       UpdateEventSourceMapping (202; the state reads {@code Disabling}/{@code Enabling} in the answer, as on AWS,
 *       and {@code Disabled}/{@code Enabled} afterwards: the local poller looks at the switch before every receive
 *       and hands back what a poll under way brings)</li>
 * </ul>
 * The mappings are those of the {@link LocalEventSource}s {@link #register registered} here. Other settings of a
 * mapping cannot be changed here; asking to is refused with {@code InvalidParameterValueException}.
 */
public final class LocalLambdaApi implements AutoCloseable {
    static final String PATH = "/2015-03-31/event-source-mappings";
    /** The account local ARNs carry (the same as the local SQS's). */
    static final String ACCOUNT = "000000000000";
    private static final Logger LOG = LoggerFactory.getLogger(LocalLambdaApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService threads;
    private final List<LocalEventSource> sources = new CopyOnWriteArrayList<>();

    private LocalLambdaApi(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    /** Binds 127.0.0.1:{@code port} (0 = a free port) and serves. */
    public static LocalLambdaApi start(int port) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the local Lambda API to 127.0.0.1:" + port
                    + " (in use? pass 0 for a free port)", e);
        }
        ExecutorService threads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "jobkit-lambda-api");
            t.setDaemon(true);
            return t;
        });
        LocalLambdaApi api = new LocalLambdaApi(server, threads);
        server.createContext(PATH, api::handle);
        server.setExecutor(threads);
        server.start();
        LOG.info("local Lambda API (event source mappings) listening on {}", api.endpoint());
        return api;
    }

    /** What to give the SDK ({@code AWS_ENDPOINT_URL_LAMBDA}). */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Serves {@code source}'s mappings until it closes. */
    public void register(LocalEventSource source) {
        source.registeredWith = this;
        sources.add(source);
    }

    void unregister(LocalEventSource source) {
        sources.remove(source);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        for (LocalEventSource s : sources) {
            for (QueueMapping m : s.mappings()) out.add(new Entry(m, functionArn(m.queueArn(), s.function().settings().name())));
        }
        return out;
    }

    private record Entry(QueueMapping mapping, String functionArn) {
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String rest = ex.getRequestURI().getPath().substring(PATH.length());
            if (rest.startsWith("/")) rest = rest.substring(1);
            if (rest.endsWith("/")) rest = rest.substring(0, rest.length() - 1);
            String method = ex.getRequestMethod();
            if (rest.isEmpty() && method.equals("GET")) {
                list(ex, query(ex.getRequestURI().getRawQuery()));
            } else if (!rest.isEmpty() && !rest.contains("/") && method.equals("GET")) {
                Entry e = find(rest);
                if (e == null) notFound(ex, rest);
                else reply(ex, 200, view(e, null));
            } else if (!rest.isEmpty() && !rest.contains("/") && method.equals("PUT")) {
                update(ex, rest);
            } else {
                error(ex, 400, "InvalidParameterValueException", method + " " + ex.getRequestURI().getPath()
                        + " is not served by the local Lambda API (only List, Get and UpdateEventSourceMapping are)");
            }
        } catch (RuntimeException e) {
            LOG.error("local Lambda API call failed", e);
        }
    }

    private void list(HttpExchange ex, Map<String, String> q) throws IOException {
        String source = q.get("EventSourceArn");
        String function = q.get("FunctionName");
        ArrayNode items = JSON.createArrayNode();
        for (Entry e : entries()) {
            if (source != null && !source.equals(e.mapping().queueArn())) continue;
            if (function != null && !function.equals(e.functionArn()) && !e.functionArn().endsWith(":function:" + function)) continue;
            items.add(view(e, null));
        }
        ObjectNode body = JSON.createObjectNode();
        body.set("EventSourceMappings", items);
        reply(ex, 200, body);
    }

    private void update(HttpExchange ex, String uuid) throws IOException {
        Entry e = find(uuid);
        if (e == null) {
            notFound(ex, uuid);
            return;
        }
        JsonNode body;
        try {
            body = JSON.readTree(ex.getRequestBody());
        } catch (IOException bad) {
            error(ex, 400, "InvalidParameterValueException", "the body is not JSON");
            return;
        }
        for (Iterator<String> it = body == null ? List.<String>of().iterator() : body.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!field.equals("Enabled")) {
                error(ex, 400, "InvalidParameterValueException", "the local Lambda API changes only Enabled, not " + field);
                return;
            }
        }
        JsonNode enabled = body == null ? null : body.get("Enabled");
        String transition = null;
        if (enabled != null && enabled.isBoolean()) {
            e.mapping().setEnabled(enabled.booleanValue());
            transition = enabled.booleanValue() ? "Enabling" : "Disabling";
            LOG.info("event source mapping {} ({}) {}", uuid, e.mapping().queueArn(), enabled.booleanValue() ? "enabled" : "disabled");
        } else if (enabled != null) {
            error(ex, 400, "InvalidParameterValueException", "Enabled must be true or false");
            return;
        }
        reply(ex, 202, view(e, transition));
    }

    private Entry find(String uuid) {
        for (Entry e : entries()) if (e.mapping().uuid().equals(uuid)) return e;
        return null;
    }

    private static ObjectNode view(Entry e, String transition) {
        QueueMapping m = e.mapping();
        ObjectNode n = JSON.createObjectNode();
        n.put("UUID", m.uuid());
        n.put("BatchSize", m.batchSize());
        n.put("MaximumBatchingWindowInSeconds", m.options().maximumBatchingWindow().toSeconds());
        n.put("EventSourceArn", m.queueArn());
        n.put("FunctionArn", e.functionArn());
        n.put("LastModified", m.lastModified().toEpochMilli() / 1000.0);
        n.put("State", transition != null ? transition : m.enabled() ? "Enabled" : "Disabled");
        n.put("StateTransitionReason", "USER_INITIATED");
        n.putArray("FunctionResponseTypes").add("ReportBatchItemFailures");
        n.putObject("ScalingConfig").put("MaximumConcurrency", m.options().maximumConcurrency());
        return n;
    }

    /** {@code arn:aws:lambda:<region of the queue>:000000000000:function:<name>}. */
    static String functionArn(String queueArn, String function) {
        String[] parts = queueArn.split(":");
        String region = parts.length > 3 ? parts[3] : "us-east-1";
        return "arn:aws:lambda:" + region + ":" + ACCOUNT + ":function:" + function;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) return out;
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            out.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static void notFound(HttpExchange ex, String uuid) throws IOException {
        error(ex, 404, "ResourceNotFoundException", "The resource you requested does not exist. (event source mapping "
                + uuid + ")");
    }

    private static void error(HttpExchange ex, int status, String type, String message) throws IOException {
        ex.getResponseHeaders().set("x-amzn-ErrorType", type);
        ObjectNode body = JSON.createObjectNode();
        body.put("Type", "User");
        body.put("message", message);
        reply(ex, status, body);
    }

    private static void reply(HttpExchange ex, int status, ObjectNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
