package io.jobkit.cli.workers;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.jobkit.cli.CliCommand;
import io.jobkit.client.JobClient;
import io.jobkit.client.JobValidationException;
import io.jobkit.handlers.JobHandlers;
import io.jobkit.handlers.builtin.WebhookHandler;
import io.jobkit.handlers.worker.Worker;
import io.jobkit.handlers.worker.WorkerOptions;
import io.jobkit.handlers.worker.WorkerSettings;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code jobkit worker}: the long-polling container worker, in the foreground until SIGTERM/SIGINT.
 *
 * <ol>
 *   <li>Find handlers: {@code --handlers} (else {@code JOBKIT_HANDLERS}) plus every ServiceLoader provider; the
 *       built-in {@code webhook} only with {@code --enable-webhook} or {@code JOBKIT_WEBHOOK_ENABLED=true}.</li>
 *   <li>Start the worker; logs go to stderr at INFO.</li>
 *   <li>On SIGTERM/SIGINT the JVM's shutdown hook runs the worker's graceful shutdown (stop receiving, let running
 *       jobs finish within {@code --shutdown-timeout}, release the rest); the command returns once it is done.</li>
 * </ol>
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Run a container worker in the foreground until SIGTERM or Ctrl-C, then shut down gracefully.",
                "Handlers: the JobHandlerProvider named by --handlers (else JOBKIT_HANDLERS) plus those listed in",
                "META-INF/services/io.jobkit.handlers.JobHandlerProvider on the classpath; the built-in webhook",
                "only with --enable-webhook (or JOBKIT_WEBHOOK_ENABLED=true)."},
        footer = {"", "Examples:", "  jobkit worker --queues critical,high,normal,low --concurrency 16",
                "  java -cp jobkit-cli.jar:my-handlers.jar io.jobkit.cli.JobkitCli worker --handlers com.acme.Handlers",
                "  jobkit worker --queue-concurrency low=2 --type-concurrency report.build=1 --shutdown-timeout 2m",
                "  JOBKIT_WORKER_TYPES=email.send,sms.send jobkit worker --worker-id notify-1 --poll-wait 5s",
                "", "Settings: flags, then JOBKIT_WORKER_* variables, then --config FILE, then defaults; the effective",
                "settings and where each came from are printed at start."})
public final class WorkerCommand extends CliCommand {
    @Option(names = "--queues", paramLabel = "Q[,Q...]",
            description = "Queues to serve, most urgent first (strict priority follows this order); default: all."
                    + " Env JOBKIT_WORKER_QUEUES.")
    String queues;

    @Option(names = "--concurrency", paramLabel = "N", description = "Jobs at once (default 8). Env JOBKIT_WORKER_CONCURRENCY.")
    String concurrency;

    @Option(names = "--types", paramLabel = "T[,T...]", description = "Run only these job types; messages of other types"
            + " go back for another worker (never dead-lettered). Default: every type with a handler. Env JOBKIT_WORKER_TYPES.")
    String types;

    @Option(names = "--worker-id", paramLabel = "ID", description = "This worker's id in leases, heartbeats and logs"
            + " (default: worker-<random>). Env JOBKIT_WORKER_ID.")
    String workerId;

    @Option(names = "--poll-wait", paramLabel = "D", description = "SQS long-polling wait, 0s to 20s (default 20s)."
            + " Env JOBKIT_WORKER_POLL_WAIT.")
    String pollWait;

    @Option(names = "--config", paramLabel = "FILE", description = "A properties file with the same keys (queues,"
            + " concurrency, types, id, poll-wait, shutdown-timeout, health-port, reconcile-interval). Env JOBKIT_WORKER_CONFIG.")
    String config;

    @Option(names = "--handlers", paramLabel = "CLASS", description = "JobHandlerProvider class(es), comma-separated.")
    String handlers;

    @Option(names = "--enable-webhook", description = "Register the built-in webhook handler (public addresses only;"
            + " JOBKIT_WEBHOOK_ALLOW lists exceptions).")
    boolean enableWebhook;

    @Option(names = "--queue-concurrency", paramLabel = "QUEUE=N", description = "At most N jobs of QUEUE at once (repeatable).")
    Map<String, Integer> queueConcurrency = new LinkedHashMap<>();

    @Option(names = "--type-concurrency", paramLabel = "TYPE=N", description = "At most N jobs of TYPE at once (repeatable).")
    Map<String, Integer> typeConcurrency = new LinkedHashMap<>();

    @Option(names = "--shutdown-timeout", paramLabel = "D",
            description = "How long running jobs may finish after SIGTERM before they are released (default 30s)."
                    + " Env JOBKIT_WORKER_SHUTDOWN_TIMEOUT.")
    String shutdownTimeout;

    @Option(names = "--reconcile-interval", paramLabel = "D",
            description = "Run the reconciler (as jobkit reconcile does) about this often; 0s = never (default 5m)."
                    + " Only one worker of a fleet runs it at a time. Env JOBKIT_WORKER_RECONCILE_INTERVAL.")
    String reconcileInterval;

    @Option(names = "--health-port", paramLabel = "N",
            description = "Serve GET /healthz (alive) and /readyz (polling, not draining, AWS reachable) on this port."
                    + " Env JOBKIT_WORKER_HEALTH_PORT.")
    String healthPort;

    @Option(names = "--health-host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Address the health endpoints bind (default ${DEFAULT-VALUE}; 0.0.0.0 for a load balancer).")
    String healthHost;

    @Override
    public Integer call() throws InterruptedException {
        Logger jobkit = (Logger) LoggerFactory.getLogger("io.jobkit");
        if (jobkit.getLevel() == null || jobkit.getLevel().isGreaterOrEqual(Level.WARN)) {
            jobkit.setLevel(cli().verbose() ? Level.DEBUG : Level.INFO);
        }
        Map<String, String> env = cli().environment();
        if (handlers != null) env.put(JobHandlers.PROVIDER_ENV, handlers);
        if (enableWebhook) env.put(WebhookHandler.ENABLED_ENV, "true");
        WorkerSettings settings = WorkerSettings.resolve(flags(), env, WorkerSettings.loadFile(config, env));
        WorkerOptions.Builder options = settings.applyTo(WorkerOptions.builder());
        queueConcurrency.forEach(options::queueConcurrency);
        typeConcurrency.forEach(options::typeConcurrency);
        WorkerOptions built = options.build();
        JobClient client = cli().client();
        // queue names first: a typo must be reported as such, not as "no handlers" (the webhook is no longer implicit)
        for (String q : built.queues()) client.topology().queue(q);
        for (String q : built.queueConcurrency().keySet()) client.topology().queue(q);
        if (!built.queues().isEmpty()) {
            for (String q : built.queueConcurrency().keySet()) {
                if (!built.queues().contains(q)) {
                    throw new JobValidationException("--queue-concurrency names queue '" + q + "', which this worker does"
                            + " not serve; it serves " + String.join(",", built.queues()));
                }
            }
        }
        JobHandlers discovered = JobHandlers.discover(env);
        Worker worker = Worker.create(client, discovered, built);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            worker.shutdown();
            stopped.countDown();
        }, "jobkit-shutdown"));
        announce(io.jobkit.cli.logging.LogFormat.fromEnvironment(env) == io.jobkit.cli.logging.LogFormat.JSON, settings.describe());
        worker.start();
        io.jobkit.handlers.health.HealthServer health = settings.healthPort() < 0 ? null
                : io.jobkit.handlers.health.HealthServer.start(healthHost, settings.healthPort(), worker::health);
        boolean jsonLogs = io.jobkit.cli.logging.LogFormat.fromEnvironment(env) == io.jobkit.cli.logging.LogFormat.JSON;
        if (health != null) announce(jsonLogs, "jobkit worker " + worker.id() + ": health checks on http://" + healthHost
                + ":" + health.port() + "/readyz and /healthz");
        announce(jsonLogs, "jobkit worker " + worker.id() + ": serving " + (built.queues().isEmpty()
                ? "all queues" : String.join(",", built.queues())) + " with concurrency " + built.concurrency()
                + " (job types: " + String.join(", ", worker.servedTypes()) + "); Ctrl-C to stop");
        stopped.await();
        if (health != null) health.close();
        return 0;
    }

    /** The WorkerSettings flags given on this command line (absent ones fall through to env, file, defaults). */
    private Map<String, String> flags() {
        Map<String, String> f = new LinkedHashMap<>();
        put(f, "queues", queues);
        put(f, "concurrency", concurrency);
        put(f, "types", types);
        put(f, "id", workerId);
        put(f, "poll-wait", pollWait);
        put(f, "shutdown-timeout", shutdownTimeout);
        put(f, "health-port", healthPort);
        put(f, "reconcile-interval", reconcileInterval);
        return f;
    }

    private static void put(Map<String, String> flags, String key, String value) {
        if (value != null) flags.put(key, value);
    }

    /** A startup line for people; with JSON logs it is a log event too, so every stderr line stays one JSON object. */
    private void announce(boolean jsonLogs, String line) {
        if (jsonLogs) {
            org.slf4j.LoggerFactory.getLogger("io.jobkit.cli.worker").info(line);
        } else {
            cli().err().println(line);
            cli().err().flush();
        }
    }
}
