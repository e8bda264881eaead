package io.jobkit.handlers.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jobkit.handlers.worker.WorkerHealth;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The worker's health endpoints on the JDK's built-in HTTP server (no web framework in the runtime):
 * {@code GET /healthz} is 200 while the process serves HTTP at all (liveness); {@code GET /readyz} is 200 when the
 * worker is ready and 503 with one reason per line when not. Bodies are small JSON objects.
 */
public final class HealthServer implements AutoCloseable {
    private final HttpServer server;

    private HealthServer(HttpServer server) {
        this.server = server;
    }

    /** Serves on {@code host:port} (port 0: a free one, see {@link #port()}). */
    public static HealthServer start(String host, int port, Supplier<WorkerHealth> health) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
            server.createContext("/healthz", ex -> respond(ex, 200, "{\"status\":\"alive\"}"));
            server.createContext("/readyz", ex -> {
                WorkerHealth h;
                try {
                    h = health.get();
                } catch (RuntimeException e) {
                    respond(ex, 503, "{\"ready\":false,\"reasons\":[" + quote(e.toString()) + "]}");
                    return;
                }
                StringBuilder reasons = new StringBuilder();
                for (String r : h.reasons()) reasons.append(reasons.length() == 0 ? "" : ",").append(quote(r));
                respond(ex, h.ready() ? 200 : 503, "{\"workerId\":" + quote(h.workerId()) + ",\"ready\":" + h.ready()
                        + ",\"reasons\":[" + reasons + "]}");
            });
            server.setExecutor(Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "jobkit-health");
                t.setDaemon(true);
                return t;
            }));
            server.start();
            return new HealthServer(server);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serve health checks on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static void respond(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') sb.append('\\').append(c);
            else if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
            else sb.append(c);
        }
        return sb.append('"').toString();
    }
}
