package io.jobkit.handlers.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.jobkit.client.JobClient;
import io.jobkit.handlers.JobHandlers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * The Lambda entrypoint: an SQS event source handler that runs every record through the same {@code JobProcessor}
 * as the container worker and reports partial batch failures. Configure the function with handler
 * {@code io.jobkit.handlers.lambda.JobLambdaHandler::handleRequest} and {@code ReportBatchItemFailures} on the event
 * source mapping.
 *
 * <ol>
 *   <li>Init (the public no-argument constructor Lambda calls): find the handlers ({@code JOBKIT_HANDLERS} names a
 *       {@link io.jobkit.handlers.JobHandlerProvider}, plus ServiceLoader) and read {@link LambdaOptions} from the
 *       environment. No network, no SDK client, no worker id yet; a configuration error fails the init with a message
 *       that names the variable.</li>
 *   <li>Under a Lambda runtime without SnapStart, the init also starts building the SDK clients (URL-connection HTTP
 *       client), the processor and a fresh worker id on a background thread, and primes them (the batch path's
 *       classes, one GetItem of a key that never exists): that runs while the runtime client fetches the first event,
 *       on the second core, so the first invocation finds them ready. {@code JOBKIT_LAMBDA_EAGER_INIT=false} turns it
 *       off. With SnapStart, and outside a Lambda runtime, the first invocation builds them — after a SnapStart
 *       restore, so nothing random or connected is shared between restored environments.</li>
 *   <li>Every invocation: {@code LambdaRuntime} handles the batch and returns the records that must come back.</li>
 *   <li>SnapStart: before the snapshot, load the classes a batch needs without touching the network, and drop a
 *       runtime if one was built (see {@code SnapStartHooks}).</li>
 * </ol>
 */
public final class JobLambdaHandler implements RequestHandler<SQSEvent, SQSBatchResponse>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobLambdaHandler.class);

    private final Supplier<LambdaRuntime> factory;
    /** {@code false} builds the SDK clients on the first invocation instead of during the init. */
    public static final String EAGER_INIT_ENV = "JOBKIT_LAMBDA_EAGER_INIT";

    private final JobHandlers handlers;
    private final CompletableFuture<LambdaRuntime> early; // built during the init, or null
    private final Object lock = new Object();
    private volatile LambdaRuntime runtime;
    @SuppressWarnings({"unused", "FieldCanBeLocal"}) // the CRaC context holds resources weakly: keep the hooks alive
    private final SnapStartHooks snapStart;

    /** For Lambda: everything from the function's environment (see the class comment). */
    public JobLambdaHandler() {
        this(System.getenv());
    }

    JobLambdaHandler(Map<String, String> env) {
        this.handlers = JobHandlers.discover(env);
        LambdaOptions options = LambdaOptions.fromEnvironment(env);
        this.factory = () -> new LambdaRuntime(JobClient.fromEnvironment(env), true, handlers,
                options.toBuilder().processor(p -> p.workerId(freshWorkerId(env))).build(), host(env));
        this.snapStart = SnapStartHooks.register(this);
        this.early = eagerInit(env) ? buildInTheBackground() : null;
        LOG.info("jobkit Lambda handler ready: job types {}, parallelism {}, safety margin {}", handlers.types(),
                options.parallelism(), options.safetyMargin());
    }

    /**
     * For embedding (the local event source, tests, a custom entrypoint): runs {@code handlers} with {@code client}'s
     * SDK clients and topology. The client stays the caller's to close.
     */
    public JobLambdaHandler(JobClient client, JobHandlers handlers, LambdaOptions options) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(options, "options");
        this.handlers = Objects.requireNonNull(handlers, "handlers");
        this.factory = () -> new LambdaRuntime(client, false, handlers, options, host(System.getenv()));
        this.snapStart = null;
        this.early = null;
    }

    /**
     * Whether the init builds the runtime: only under a Lambda runtime (the Runtime API is set), not for a SnapStart
     * snapshot (nothing connected or random may be captured), and unless turned off.
     */
    static boolean eagerInit(Map<String, String> env) {
        if (env.get("AWS_LAMBDA_RUNTIME_API") == null) return false;
        if ("snap-start".equals(env.get("AWS_LAMBDA_INITIALIZATION_TYPE"))) return false;
        return !"false".equalsIgnoreCase(env.getOrDefault(EAGER_INIT_ENV, "true").trim());
    }

    private CompletableFuture<LambdaRuntime> buildInTheBackground() {
        CompletableFuture<LambdaRuntime> built = new CompletableFuture<>();
        // two threads, as the init has the CPU to itself: the batch path's classes (Jackson, the envelope codec) load
        // while the SDK clients are built and make their first requests
        Thread classes = new Thread(() -> {
            try {
                Priming.run(handlers);
            } catch (RuntimeException e) {
                LOG.info("jobkit Lambda: priming the batch path failed ({}); the first invocation loads it", e.toString());
            }
        }, "jobkit-lambda-prime");
        classes.setDaemon(true);
        classes.start();
        Thread clients = new Thread(() -> {
            try {
                LambdaRuntime r = factory.get();
                r.prime();
                classes.join();
                built.complete(r);
            } catch (Throwable e) {
                built.completeExceptionally(e);
            }
        }, "jobkit-lambda-init");
        clients.setDaemon(true);
        clients.start();
        return built;
    }

    /** The runtime the init built; null when it failed (the first invocation then builds it and reports the error). */
    private LambdaRuntime awaitEarly() {
        try {
            return early.join();
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            LOG.warn("jobkit Lambda runtime could not be built during the init ({}); building it for this invocation",
                    e.getCause() == null ? e.toString() : e.getCause().toString());
            return null;
        }
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return runtime().handle(event, context);
    }

    /** Stops the record threads and the processor; closes the SDK clients only if this handler built them. */
    @Override
    public void close() {
        synchronized (lock) {
            if (runtime == null && early != null && !early.isDone()) early.cancel(false);
            if (runtime == null && early != null && early.isDone() && !early.isCompletedExceptionally()) runtime = early.join();
            if (runtime != null) runtime.close();
            runtime = null;
        }
    }

    JobHandlers handlers() {
        return handlers;
    }

    /** Called before a SnapStart snapshot: a runtime built during init must not be captured. */
    void dropRuntime() {
        close();
    }

    private LambdaRuntime runtime() {
        LambdaRuntime r = runtime;
        if (r != null) return r;
        synchronized (lock) {
            if (runtime == null) {
                if (early != null) runtime = awaitEarly();
                if (runtime == null) runtime = factory.get();
                LOG.info("jobkit Lambda runtime built: worker {}", runtime.workerId());
            }
            return runtime;
        }
    }

    private static String freshWorkerId(Map<String, String> env) {
        String function = env.getOrDefault("AWS_LAMBDA_FUNCTION_NAME", "lambda");
        return "lambda-" + function + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String host(Map<String, String> env) {
        String function = env.get("AWS_LAMBDA_FUNCTION_NAME");
        if (function != null) return function + ":" + env.getOrDefault("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
