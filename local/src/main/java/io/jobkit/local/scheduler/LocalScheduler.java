package io.jobkit.local.scheduler;

import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local EventBridge Scheduler: the Scheduler REST-JSON API on 127.0.0.1, so the AWS SDK's {@code SchedulerClient}
 * and the AWS CLI work against it unchanged, plus a firing engine that sends each firing into SQS.
 *
 * <ol>
 *   <li>{@link #start()} binds the port (default 8085, 0 = a free port) and, unless firing is disabled, starts the
 *       engine's thread, which fires schedules at their due time (at most ~1 s late).</li>
 *   <li>Schedules live in memory: they are gone when the process ends, and firings missed while it was down are not
 *       replayed.</li>
 *   <li>{@link #tick()} runs the engine synchronously up to the clock's current instant: with a test clock, a test
 *       sets the time and ticks to run a simulated day in milliseconds.</li>
 *   <li>{@link #close()} stops the server and the engine, bounded to a few seconds.</li>
 * </ol>
 *
 * With firing disabled it is a plain store, e.g. the remote end for a {@link SchedulerBridge}.
 */
public final class LocalScheduler implements AutoCloseable {
    public static final int DEFAULT_PORT = 8085;
    private static final Logger log = LoggerFactory.getLogger(LocalScheduler.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    static {
        // The JDK server writes headers and body as two TCP segments; with Nagle's algorithm and the client's delayed
        // ACK every response then waits ~40 ms. Read once, when the JDK server is first used in this JVM.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final Builder options;
    private final ScheduleStore store;
    private HttpServer server;
    private ExecutorService httpThreads;
    private FiringEngine engine;
    private SqsClient ownedSqs;

    private LocalScheduler(Builder b) {
        this.options = b;
        this.store = new ScheduleStore(b.clock, new ScheduleStore.Arns(b.region, b.accountId), ScheduleRequests::definition);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Binds the API and starts firing. Returns this, for {@code try (var s = LocalScheduler.builder()...start())}. */
    public synchronized LocalScheduler start() {
        if (server != null) throw new IllegalStateException("already started");
        int instance = INSTANCES.incrementAndGet();
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), options.port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the local scheduler to 127.0.0.1:" + options.port
                    + " (in use? pass port(0) for a free port)", e);
        }
        AtomicInteger threads = new AtomicInteger();
        httpThreads = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "jobkit-scheduler-" + instance + "-http-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(httpThreads);
        server.createContext("/", new SchedulerApi(store));
        server.start();
        if (options.firingEnabled) {
            SqsClient sqs = options.sqsClient;
            if (sqs == null) {
                sqs = ownedSqs = sqsClient(options.sqsEndpoint, options.region);
            }
            engine = new FiringEngine(store, new SqsDelivery(sqs), options.clock, "jobkit-scheduler-" + instance + "-firing");
            store.onChange(engine::wake);
            engine.start();
        }
        log.info("local EventBridge Scheduler listening on {} (firing {})", endpoint(),
                options.firingEnabled ? "enabled" : "disabled");
        return this;
    }

    /** The endpoint to give the SDK ({@code endpointOverride}) or the CLI ({@code --endpoint-url}). */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** The bound port; the free port picked when the builder asked for 0. */
    public int port() {
        if (server == null) throw new IllegalStateException("not started");
        return server.getAddress().getPort();
    }

    public String region() {
        return options.region;
    }

    public String accountId() {
        return options.accountId;
    }

    /**
     * Fires, on the calling thread, everything due up to the clock's current instant, in order, and returns when the
     * sends are done. The background thread does the same on its own; the two never run at once.
     */
    public void tick() {
        if (engine == null) {
            throw new IllegalStateException("firing is disabled (or the scheduler is not started); nothing to tick");
        }
        engine.runDue(options.clock.instant());
    }

    /** Stops the API and the engine; returns within a few seconds even if a send hangs. */
    @Override
    public synchronized void close() {
        if (engine != null) {
            engine.close(Duration.ofSeconds(2));
            engine = null;
        }
        if (server != null) {
            server.stop(0);
            httpThreads.shutdownNow();
            try {
                httpThreads.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            server = null;
        }
        if (ownedSqs != null) {
            ownedSqs.close();
            ownedSqs = null;
        }
    }

    static SqsClient sqsClient(URI endpoint, String region) {
        if (endpoint == null) {
            throw new IllegalStateException("firing needs SQS: set sqsClient(...) or sqsEndpoint(...),"
                    + " or firingEnabled(false) for a store that does not fire");
        }
        return SqsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.builder().build())
                .build();
    }

    /** Options; every one has a default. */
    public static final class Builder {
        private int port = DEFAULT_PORT;
        private String region = "us-east-1";
        private String accountId = "000000000000";
        private SqsClient sqsClient;
        private URI sqsEndpoint;
        private Clock clock = Clock.systemUTC();
        private boolean firingEnabled = true;

        private Builder() {
        }

        /** Port on 127.0.0.1; default 8085; 0 picks a free port (read it back with {@link #port()}). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0-65535, got " + port);
            this.port = port;
            return this;
        }

        /** Region in ARNs; default us-east-1. */
        public Builder region(String region) {
            this.region = Objects.requireNonNull(region, "region");
            return this;
        }

        /** Account id in ARNs; default 000000000000. */
        public Builder accountId(String accountId) {
            if (accountId == null || !accountId.matches("\\d{12}")) {
                throw new IllegalArgumentException("account id must be 12 digits, got " + accountId);
            }
            this.accountId = accountId;
            return this;
        }

        /** The SQS client firings are sent with (not closed by the scheduler). */
        public Builder sqsClient(SqsClient sqsClient) {
            this.sqsClient = sqsClient;
            return this;
        }

        /** Or an SQS endpoint (e.g. ElasticMQ's); the scheduler builds and closes its own client. */
        public Builder sqsEndpoint(URI sqsEndpoint) {
            this.sqsEndpoint = sqsEndpoint;
            return this;
        }

        /** Time source for firing and for the API's dates; default the system UTC clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** False: a store only, nothing fires; default true. */
        public Builder firingEnabled(boolean firingEnabled) {
            this.firingEnabled = firingEnabled;
            return this;
        }

        public LocalScheduler build() {
            if (firingEnabled && sqsClient == null && sqsEndpoint == null) {
                throw new IllegalStateException("firing needs SQS: set sqsClient(...) or sqsEndpoint(...),"
                        + " or firingEnabled(false) for a store that does not fire");
            }
            return new LocalScheduler(this);
        }
    }
}
