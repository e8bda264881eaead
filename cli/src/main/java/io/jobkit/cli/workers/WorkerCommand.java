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
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
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
                "  jobkit worker --queue-concurrency low=2 --type-concurrency report.build=1 --shutdown-timeout 2m"})
public final class WorkerCommand extends CliCommand {
    @Option(names = "--queues", paramLabel = "Q[,Q...]", split = ",",
            description = "Queues to serve, most urgent first (strict priority follows this order); default: all.")
    List<String> queues = List.of();

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "8", description = "Jobs at once (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--handlers", paramLabel = "CLASS", description = "JobHandlerProvider class(es), comma-separated.")
    String handlers;

    @Option(names = "--enable-webhook", description = "Register the built-in webhook handler (public addresses only;"
            + " JOBKIT_WEBHOOK_ALLOW lists exceptions).")
    boolean enableWebhook;

    @Option(names = "--queue-concurrency", paramLabel = "QUEUE=N", description = "At most N jobs of QUEUE at once (repeatable).")
    Map<String, Integer> queueConcurrency = new LinkedHashMap<>();

    @Option(names = "--type-concurrency", paramLabel = "TYPE=N", description = "At most N jobs of TYPE at once (repeatable).")
    Map<String, Integer> typeConcurrency = new LinkedHashMap<>();

    @Option(names = "--shutdown-timeout", paramLabel = "D", defaultValue = "30s",
            description = "How long running jobs may finish after SIGTERM before they are released (default ${DEFAULT-VALUE}).")
    Duration shutdownTimeout;

    @Option(names = "--reconcile-interval", paramLabel = "D", defaultValue = "5m",
            description = "Run the reconciler (as jobkit reconcile does) about this often; 0s = never (default ${DEFAULT-VALUE})."
                    + " Only one worker of a fleet runs it at a time.")
    Duration reconcileInterval;

    @Option(names = "--health-port", paramLabel = "N",
            description = "Serve GET /healthz (alive) and /readyz (polling, not draining, AWS reachable) on this port.")
    Integer healthPort;

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
        WorkerOptions.Builder options = WorkerOptions.builder().queues(queues.stream().map(String::trim).toList())
                .concurrency(concurrency).shutdownTimeout(shutdownTimeout)
                .reconcileInterval(reconcileInterval);
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
        worker.start();
        io.jobkit.handlers.health.HealthServer health = healthPort == null ? null
                : io.jobkit.handlers.health.HealthServer.start(healthHost, healthPort, worker::health);
        boolean jsonLogs = io.jobkit.cli.logging.LogFormat.fromEnvironment(env) == io.jobkit.cli.logging.LogFormat.JSON;
        if (health != null) announce(jsonLogs, "jobkit worker " + worker.id() + ": health checks on http://" + healthHost
                + ":" + health.port() + "/readyz and /healthz");
        announce(jsonLogs, "jobkit worker " + worker.id() + ": serving " + (built.queues().isEmpty()
                ? "all queues" : String.join(",", built.queues())) + " with concurrency " + concurrency
                + " (handlers: " + String.join(", ", new java.util.TreeSet<>(discovered.types())) + "); Ctrl-C to stop");
        stopped.await();
        if (health != null) health.close();
        return 0;
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
