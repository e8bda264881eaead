package io.jobkit.local;

import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBRequestHandler;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBServerHandler;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;

/**
 * DynamoDB, served by DynamoDB Local in memory, hosted in our own Jetty server.
 *
 * <ol>
 *   <li>Make sure the directory DynamoDB Local extracts its bundled sqlite4java native library into exists
 *       ({@code org.sqlite.tmpdir}, else {@code java.io.tmpdir}); nothing else is needed for the natives.</li>
 *   <li>Build its request handler (in memory, one shared database whatever the caller's credentials or region)
 *       and its HTTP handler ourselves, and mount them in a Jetty connector bound to 127.0.0.1: its
 *       {@code ServerRunner} binds 0.0.0.0 and has no host option. Skipping {@code ServerRunner} and
 *       {@code DynamoDBProxyServer} also means its telemetry is never configured, so it never phones home.</li>
 *   <li>Close: stop Jetty (bounded), then {@code shutdownNow()} each database client. Their job pools use
 *       non-daemon threads that a plain {@code shutdown()} leaves running, which would keep the JVM alive.</li>
 * </ol>
 */
final class DynamoDbLocalServer implements LocalComponent {
    private static final Logger log = LoggerFactory.getLogger(DynamoDbLocalServer.class);
    /**
     * No graceful drain: whatever talks to DynamoDB (a worker) is closed before it, and a drain would only wait
     * out the clients' idle keep-alive connections.
     */
    private static final long STOP_TIMEOUT_MILLIS = 0;
    /** sqlite4java logs through java.util.logging; held here because JUL keeps loggers only weakly. */
    private static final java.util.logging.Logger SQLITE_LOG = java.util.logging.Logger.getLogger("com.almworks.sqlite4java");

    private final Server jetty;
    private final LocalDynamoDBRequestHandler requests;
    private final URI endpoint;
    private final AtomicBoolean closed = new AtomicBoolean();

    private DynamoDbLocalServer(Server jetty, LocalDynamoDBRequestHandler requests, int port) {
        this.jetty = jetty;
        this.requests = requests;
        this.endpoint = URI.create("http://" + Ports.LOOPBACK_HOST + ":" + port);
    }

    /** Starts on {@code port} (0 = any free port) and returns once it accepts connections. */
    static DynamoDbLocalServer start(int port) {
        ensureNativeLibraryDirectory();
        SQLITE_LOG.setLevel(Level.WARNING);
        LocalDynamoDBRequestHandler requests =
                new LocalDynamoDBRequestHandler(port, true, null, true, false);
        // No CORS allow-list: browsers on arbitrary sites must not reach a developer's local database.
        LocalDynamoDBServerHandler handler = new LocalDynamoDBServerHandler(requests, null);

        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("jobkit-dynamodb");
        Server jetty = new Server(threads);
        jetty.setStopTimeout(STOP_TIMEOUT_MILLIS);
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost(Ports.LOOPBACK_HOST);
        connector.setPort(port);
        jetty.addConnector(connector);
        jetty.setHandler(new ContextHandler(handler, "/"));
        try {
            jetty.start();
        } catch (Exception e) {
            BoundedWait.run("DynamoDB Jetty stop after failed start", jetty::stop);
            shutdownNow(requests);
            if (Ports.isBindFailure(e)) throw Ports.unavailable(LocalService.DYNAMODB, port, e);
            throw new IllegalStateException("DynamoDB Local failed to start: " + e, e);
        }
        return new DynamoDbLocalServer(jetty, requests, connector.getLocalPort());
    }

    URI endpoint() {
        return endpoint;
    }

    @Override
    public String name() {
        return "DynamoDB (DynamoDB Local, in memory)";
    }

    @Override
    public Map<String, String> clientEnvironment() {
        return Map.of(LocalService.DYNAMODB.endpointVariable(), endpoint.toString());
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        BoundedWait.run("DynamoDB Jetty stop", jetty::stop);
        shutdownNow(requests);
        log.debug("{} stopped", name());
    }

    private static void ensureNativeLibraryDirectory() {
        Path dir = Path.of(System.getProperty("org.sqlite.tmpdir", System.getProperty("java.io.tmpdir")));
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("DynamoDB Local extracts its SQLite native library into " + dir
                    + ", which does not exist and cannot be created; set -Djava.io.tmpdir to a writable directory", e);
        }
    }

    /**
     * The request handler's own {@code shutdown()} only calls {@code shutdown()} on its per-database clients, whose
     * pools then keep non-daemon threads alive. The clients are reachable only through a private map, so we read it
     * reflectively; if a future DynamoDB Local renames it we fall back to the plain shutdown and say so.
     */
    private static void shutdownNow(LocalDynamoDBRequestHandler requests) {
        List<AmazonDynamoDBLocal> clients;
        try {
            Field field = LocalDynamoDBRequestHandler.class.getDeclaredField("dbRequestHandlers");
            field.setAccessible(true);
            Map<?, ?> byDatabase = (Map<?, ?>) field.get(requests);
            clients = byDatabase.values().stream().map(AmazonDynamoDBLocal.class::cast).toList();
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("cannot reach DynamoDB Local's database clients ({}); its threads may keep the JVM alive", e.toString());
            BoundedWait.run("DynamoDB Local shutdown", requests::shutdown);
            return;
        }
        for (AmazonDynamoDBLocal client : clients) {
            BoundedWait.run("DynamoDB Local database shutdown", client::shutdownNow);
        }
    }
}
