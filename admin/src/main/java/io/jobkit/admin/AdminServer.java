package io.jobkit.admin;

import com.sun.net.httpserver.HttpServer;
import io.jobkit.client.JobClient;
import io.jobkit.client.audit.AuditLog;
import io.jobkit.client.control.QueueControls;
import io.jobkit.client.store.WorkerRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The operator console's server: the admin JSON API under {@code /api/admin/}, {@code /healthz}, and the pages at
 * {@code /}. Routes are a thin layer over {@link JobClient}; queue pause lives in the jobs table's control items,
 * the audit log in its {@code AUDIT#<day>} items.
 *
 * <ol>
 *   <li>{@link Builder#start()} reads the credentials ({@code JOBKIT_ADMIN_TOKENS}, {@code JOBKIT_ADMIN_OIDC_*}) and
 *       the browser-session settings ({@code JOBKIT_ADMIN_SESSION_KEY}, {@code JOBKIT_ADMIN_SESSION_TTL}); with no
 *       credentials it binds loopback only and treats every caller as admin, and refuses any other bind address.</li>
 *   <li>It binds the JDK's HTTP server (no Jetty: the local cloud's JVM already holds DynamoDB Local's) and serves
 *       every request through one dispatcher over the route table.</li>
 *   <li>{@link #close()} stops accepting, waits up to a second for calls in flight, and stops the threads.</li>
 * </ol>
 */
public final class AdminServer implements AutoCloseable {
    /** The default port, shared with the dashboard. */
    public static final int DEFAULT_PORT = 8090;
    /**
     * {@code true}: queue pause and resume also disable and enable the queue's Lambda event source mappings (the CDK
     * app sets it on the admin function; the local cloud's exports set it too).
     */
    public static final String PAUSE_LAMBDA_VARIABLE = EventSources.VARIABLE;
    static final String OIDC_ISSUER = "JOBKIT_ADMIN_OIDC_ISSUER";
    static final String OIDC_CLIENT_ID = "JOBKIT_ADMIN_OIDC_CLIENT_ID";
    static final String OIDC_ROLES_CLAIM = "JOBKIT_ADMIN_OIDC_ROLES_CLAIM";
    /** Optional: the app client's secret, for an issuer that does not accept PKCE alone (a Cognito client with a secret). */
    static final String OIDC_CLIENT_SECRET = "JOBKIT_ADMIN_OIDC_CLIENT_SECRET";
    /** The key browser-session cookies are signed with; random per process when unset, so a restart signs everyone out. */
    static final String SESSION_KEY = "JOBKIT_ADMIN_SESSION_KEY";
    /** How long a browser session lasts: ISO-8601 or 8h/30m; default 8 h. */
    static final String SESSION_TTL = "JOBKIT_ADMIN_SESSION_TTL";
    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);

    private final HttpServer http;
    private final ExecutorService threads;
    private final List<Route> routes;
    private final boolean open;
    private final LambdaClient ownedLambda;

    private AdminServer(HttpServer http, ExecutorService threads, List<Route> routes, boolean open, LambdaClient ownedLambda) {
        this.ownedLambda = ownedLambda;
        this.http = http;
        this.threads = threads;
        this.routes = routes;
        this.open = open;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The port it listens on (the real one when 0 was asked for). */
    public int port() {
        return http.getAddress().getPort();
    }

    /** The address of the console, e.g. {@code http://127.0.0.1:8090/}. */
    public URI url() {
        InetSocketAddress a = http.getAddress();
        String host = a.getAddress().getHostAddress();
        if (host.contains(":")) host = "[" + host + "]";
        return URI.create("http://" + host + ":" + a.getPort() + "/");
    }

    /** True when no credentials are configured: loopback only, every caller is admin. */
    public boolean loopbackOpen() {
        return open;
    }

    /** The OpenAPI document of the routes this server serves. */
    public String openApiJson() {
        return OpenApi.document(routes).toPrettyString();
    }

    @Override
    public void close() {
        http.stop(1);
        threads.shutdownNow();
        if (ownedLambda != null) ownedLambda.close();
    }

    /** Builds and starts an {@link AdminServer}; {@code jobClient} and {@code dynamoDbClient} are required. */
    public static final class Builder {
        private JobClient client;
        private DynamoDbClient dynamo;
        private String bind = "127.0.0.1";
        private int port = DEFAULT_PORT;
        private Map<String, String> environment = System.getenv();
        private Clock clock = Clock.systemUTC();
        private LambdaClient lambda;

        private Builder() {
        }

        /**
         * The client queue pause and resume disable and enable the queue's Lambda event source mappings with. Without
         * one, a client is built from the environment when {@code JOBKIT_ADMIN_PAUSE_LAMBDA=true}; otherwise pause
         * writes only the control item that container workers read.
         */
        public Builder lambdaClient(LambdaClient lambda) {
            this.lambda = Objects.requireNonNull(lambda, "lambda");
            return this;
        }

        public Builder jobClient(JobClient client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /** The client for the jobs table's control and audit items (the same table the job client uses). */
        public Builder dynamoDbClient(DynamoDbClient dynamo) {
            this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
            return this;
        }

        /** The address to listen on. Default {@code 127.0.0.1}; another needs credentials configured. */
        public Builder bind(String bind) {
            this.bind = Objects.requireNonNull(bind, "bind");
            return this;
        }

        /** Default {@link #DEFAULT_PORT}; 0 picks a free port. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) throw new IllegalArgumentException("port " + port + " is out of range; use 0-65535");
            this.port = port;
            return this;
        }

        /** Where {@code JOBKIT_ADMIN_*} are read. Default the process environment. */
        public Builder environment(Map<String, String> environment) {
            this.environment = Map.copyOf(environment);
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Starts the server.
         *
         * @throws IllegalArgumentException the credentials are malformed, or a non-loopback bind has none
         * @throws UncheckedIOException     the port cannot be bound
         */
        public AdminServer start() {
            InetAddress address = resolve(bind);
            Assembled a = assemble(address.isLoopbackAddress(), "bind " + bind);
            HttpServer http;
            try {
                http = HttpServer.create(new InetSocketAddress(address, port), 64);
            } catch (IOException e) {
                if (a.ownedLambda() != null) a.ownedLambda().close();
                throw new UncheckedIOException("cannot listen on " + bind + ":" + port + " (" + e.getMessage()
                        + "); pick another port with --port", e);
            }
            AtomicInteger n = new AtomicInteger();
            ExecutorService threads = Executors.newFixedThreadPool(8, r -> {
                Thread t = new Thread(r, "jobkit-admin-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            http.createContext("/", a.dispatcher());
            http.setExecutor(threads);
            http.start();
            AdminServer server = new AdminServer(http, threads, a.routes(), a.open(), a.ownedLambda());
            LOG.info("admin API on {} ({})", server.url(), a.open() ? "loopback only, no credentials" : "bearer tokens");
            return server;
        }

        /** What a started server, or the Lambda entry point, serves with. */
        record Assembled(Dispatcher dispatcher, List<Route> routes, boolean open, LambdaClient ownedLambda) {
        }

        /**
         * Reads the credentials and builds the route table and its dispatcher, without binding anything.
         *
         * @param privateOnly whether only this machine can reach the server (loopback); without credentials nothing
         *                    else may serve
         * @param where       for the refusal, e.g. {@code bind 0.0.0.0}
         */
        Assembled assemble(boolean privateOnly, String where) {
            if (client == null || dynamo == null) {
                throw new IllegalStateException("AdminServer needs jobClient(...) and dynamoDbClient(...)");
            }
            Map<String, String> environment = SessionKeySecret.resolve(this.environment);
            AdminTokens tokens = AdminTokens.parse(environment.get(AdminTokens.VARIABLE));
            OidcVerifier oidc = oidc(environment);
            if (tokens.isEmpty() && oidc == null && !privateOnly) {
                throw new IllegalArgumentException("refusing to serve the admin API (" + where + ") without credentials:"
                        + " set JOBKIT_ADMIN_TOKENS (make entries with `jobkit admin token --role R`) or"
                        + " JOBKIT_ADMIN_OIDC_ISSUER with JOBKIT_ADMIN_OIDC_CLIENT_ID, or bind 127.0.0.1");
            }
            String table = client.topology().tableName();
            // sign-outs and spent OIDC states live in the jobs table, so they hold on every process of a scaled-out console
            SessionItems sessionItems = new SessionItems(dynamo, table, clock);
            Sessions sessions = Sessions.fromConfig(environment.get(SESSION_KEY), environment.get(SESSION_TTL), clock, sessionItems);
            Authenticator authenticator = new Authenticator(tokens, oidc, sessions);
            String secret = environment.get(OIDC_CLIENT_SECRET);
            AuditLog audit = new AuditLog(dynamo, table, clock);
            QueueControls controls = new QueueControls(dynamo, table, clock);
            List<Route> routes = new ArrayList<>();
            routes.add(new Route("GET", "/healthz", null, false, "Liveness of the server",
                    c -> Route.Response.ok(Map.of("status", "ok"))));
            routes.addAll(new SessionRoutes(authenticator, oidc != null).routes());
            routes.addAll(new OidcLogin(oidc, sessions, sessionItems, clock, secret == null || secret.isBlank() ? null : secret.trim()).routes());
            routes.addAll(new JobRoutes(client).routes());
            routes.addAll(new WorkflowRoutes(client).routes());
            LambdaClient ownedLambda = lambda == null && EventSources.enabledIn(environment)
                    ? EventSources.lambdaClient(environment) : null;
            QueuePause pause = QueuePause.create(client, controls, lambda != null ? lambda : ownedLambda, null);
            routes.addAll(new QueueRoutes(client, controls, clock, pause).routes());
            routes.addAll(new ScheduleRoutes(client, clock).routes());
            routes.addAll(new OpsRoutes(client, new WorkerRegistry(dynamo, table, clock), audit, clock).routes());
            List<Route> all = new ArrayList<>(routes);
            all.add(new Route("GET", "/api/admin/openapi.json", Role.VIEWER, false, "This document",
                    c -> Route.Response.ok(OpenApi.document(List.copyOf(all)))));
            boolean open = tokens.isEmpty() && oidc == null;
            String note = open
                    ? "No credentials are configured: the server listens on loopback only and every caller is admin."
                    : "Calls need a bearer token (" + tokens.size() + " configured in JOBKIT_ADMIN_TOKENS"
                    + (oidc == null ? "" : ", or an OIDC token from " + environment.get(OIDC_ISSUER)) + ").";
            Dispatcher dispatcher = new Dispatcher(List.copyOf(all), authenticator, audit, new StaticPages(note));
            return new Assembled(dispatcher, List.copyOf(all), open, ownedLambda);
        }

        /** The OIDC verifier when {@code JOBKIT_ADMIN_OIDC_ISSUER} is set, else null. */
        private static OidcVerifier oidc(Map<String, String> env) {
            String issuer = env.get(OIDC_ISSUER);
            if (issuer == null || issuer.isBlank()) return null;
            String clientId = env.get(OIDC_CLIENT_ID);
            if (clientId == null || clientId.isBlank()) {
                throw new IllegalArgumentException(OIDC_ISSUER + " is set without " + OIDC_CLIENT_ID
                        + "; set the client id tokens are issued for (their aud, or Cognito's client_id)");
            }
            String claim = env.getOrDefault(OIDC_ROLES_CLAIM, OidcVerifier.DEFAULT_ROLES_CLAIM);
            return OidcVerifier.discover(issuer.trim(), clientId.trim(), claim.isBlank() ? OidcVerifier.DEFAULT_ROLES_CLAIM : claim.trim());
        }

        private static InetAddress resolve(String bind) {
            try {
                return InetAddress.getByName(bind);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("bind address '" + bind + "' is not an address of this machine", e);
            }
        }
    }
}
