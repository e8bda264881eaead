package io.jobkit.local.lambda;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The Lambda Runtime API (2018-06-01) for one execution environment, on 127.0.0.1: what the AWS Lambda Runtime
 * Interface Client talks to.
 *
 * <ul>
 *   <li>{@code GET /runtime/invocation/next} blocks until an invocation is submitted, then returns the event with
 *       the {@code Lambda-Runtime-Aws-Request-Id}, {@code -Deadline-Ms}, {@code -Invoked-Function-Arn} and
 *       {@code -Trace-Id} headers. The first call also marks the end of the runtime's init.</li>
 *   <li>{@code POST /runtime/invocation/{id}/response} and {@code .../error} complete that invocation.</li>
 *   <li>{@code POST /runtime/init/error} records an init failure.</li>
 * </ul>
 */
final class RuntimeApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RuntimeApiServer.class);
    private static final String BASE = "/2018-06-01/runtime/";

    /** One invocation waiting for, or held by, the runtime. */
    record Pending(String requestId, byte[] event, Instant deadline, String functionArn, CompletableFuture<Answer> answer) {
    }

    /** What the runtime posted for an invocation. */
    sealed interface Answer {
        record Response(byte[] body) implements Answer {
        }

        record Error(String errorType, byte[] body) implements Answer {
        }
    }

    private final HttpServer server;
    private final ExecutorService threads;
    private final BlockingQueue<Pending> queued = new LinkedBlockingQueue<>();
    private final ConcurrentHashMap<String, Pending> inFlight = new ConcurrentHashMap<>();
    private final CompletableFuture<Instant> initDone = new CompletableFuture<>();
    private final CompletableFuture<String> initError = new CompletableFuture<>();
    private volatile boolean closed;

    private RuntimeApiServer(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    static RuntimeApiServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            // /next blocks for as long as the environment is idle: every request needs its own thread
            ExecutorService threads = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "lambda-runtime-api");
                t.setDaemon(true);
                return t;
            });
            RuntimeApiServer api = new RuntimeApiServer(server, threads);
            server.createContext(BASE, api::handle);
            server.setExecutor(threads);
            server.start();
            return api;
        } catch (IOException e) {
            throw new UncheckedIOException("the local Lambda Runtime API could not bind to 127.0.0.1", e);
        }
    }

    /** {@code host:port}, the value of {@code AWS_LAMBDA_RUNTIME_API}. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Completes when the runtime first asks for an invocation, i.e. its init is done. */
    CompletableFuture<Instant> initDone() {
        return initDone;
    }

    /** Completes with the runtime's report if its init failed. */
    CompletableFuture<String> initError() {
        return initError;
    }

    CompletableFuture<Answer> submit(String requestId, byte[] event, Instant deadline, String functionArn) {
        Pending p = new Pending(requestId, event, deadline, functionArn, new CompletableFuture<>());
        queued.add(p);
        return p.answer();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            route(exchange);
        } catch (RuntimeException e) {
            // the JDK server would drop the connection silently, and a runtime retrying GET /next would hang
            LOG.error("local Runtime API failed on {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            throw e;
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath().substring(BASE.length());
        String method = exchange.getRequestMethod();
        if (method.equals("GET") && path.equals("invocation/next")) {
            next(exchange);
        } else if (method.equals("POST") && path.equals("init/error")) {
            initError.complete(SqsEventJson.errorMessage(body(exchange)));
            reply(exchange, 202, "{\"status\":\"OK\"}");
        } else if (method.equals("POST") && path.startsWith("invocation/") && path.endsWith("/response")) {
            answer(exchange, path.substring("invocation/".length(), path.length() - "/response".length()), false);
        } else if (method.equals("POST") && path.startsWith("invocation/") && path.endsWith("/error")) {
            answer(exchange, path.substring("invocation/".length(), path.length() - "/error".length()), true);
        } else {
            reply(exchange, 404, "{\"errorType\":\"NotFound\",\"errorMessage\":\"" + method + " " + path + "\"}");
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        initDone.complete(Instant.now());
        Pending p = null;
        try {
            while (!closed && p == null) p = queued.poll(200, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (p == null) {
            reply(exchange, 500, "{\"errorType\":\"Shutdown\",\"errorMessage\":\"the environment is shutting down\"}");
            return;
        }
        inFlight.put(p.requestId(), p);
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        headers.set("Lambda-Runtime-Aws-Request-Id", p.requestId());
        headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(p.deadline().toEpochMilli()));
        headers.set("Lambda-Runtime-Invoked-Function-Arn", p.functionArn());
        headers.set("Lambda-Runtime-Trace-Id", "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000)
                + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 24) + ";Sampled=0");
        exchange.sendResponseHeaders(200, p.event().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(p.event());
        }
    }

    private void answer(HttpExchange exchange, String requestId, boolean error) throws IOException {
        byte[] body = body(exchange);
        Pending p = inFlight.remove(requestId);
        if (p == null) {
            LOG.warn("the runtime answered unknown invocation {}", requestId);
            reply(exchange, 400, "{\"errorType\":\"InvalidRequestID\",\"errorMessage\":\"unknown request id\"}");
            return;
        }
        String type = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
        p.answer().complete(error ? new Answer.Error(type == null ? "Unhandled" : type, body) : new Answer.Response(body));
        reply(exchange, 202, "{\"status\":\"OK\"}");
    }

    private static byte[] body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return in.readAllBytes();
        }
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        closed = true;
        server.stop(0);
        threads.shutdownNow();
    }
}
