package io.jobkit.local.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.jobkit.client.JobkitException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An execution environment in a child JVM: the handler bundle under the AWS Lambda Runtime Interface Client, talking
 * to its own {@link RuntimeApiServer}.
 *
 * <ol>
 *   <li>Lay out a task root with the bundle in {@code lib/} (the RIC's class loader reads the task root and its
 *       {@code lib/*.jar}, as from {@code /var/task}); the runtime's own classpath holds only the RIC.</li>
 *   <li>Start {@code java ... AWSLambda <handler>} in the task root with a clean environment: the function's variables
 *       plus the {@code AWS_LAMBDA_*} ones. Its output goes to this process's log, line by line.</li>
 *   <li>Init is done when the runtime first asks for an invocation; an {@code /init/error}, an exit or the init
 *       timeout fail the start with the runtime's last lines.</li>
 *   <li>Each invocation is served through the Runtime API; one past its deadline, or a runtime that dies, ends the
 *       environment (the process is killed), as Lambda resets it.</li>
 * </ol>
 */
final class IsolatedEnvironment implements FunctionEnvironment {
    private static final Logger LOG = LoggerFactory.getLogger(IsolatedEnvironment.class);
    private static final Logger FUNCTION_LOG = LoggerFactory.getLogger("io.jobkit.local.lambda.function");
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final int KEPT_LINES = 40;

    private final String name;
    private final RuntimeApiServer api;
    private final Process process;
    private final Path taskRoot;
    private final String functionArn;
    private final Deque<String> lastLines = new ArrayDeque<>();
    private final Instant spawnedAt;
    private Instant initDoneAt;
    private volatile boolean usable = true;

    private IsolatedEnvironment(String name, RuntimeApiServer api, Process process, Path taskRoot, String functionArn,
                                Instant spawnedAt) {
        this.name = name;
        this.api = api;
        this.process = process;
        this.taskRoot = taskRoot;
        this.functionArn = functionArn;
        this.spawnedAt = spawnedAt;
        drain();
    }

    static IsolatedEnvironment start(IsolatedRuntime runtime, FunctionSettings function) {
        String name = function.name() + "#" + SEQUENCE.incrementAndGet();
        RuntimeApiServer api = RuntimeApiServer.start();
        Path taskRoot = null;
        try {
            taskRoot = RuntimeLaunch.taskRoot(runtime.bundle());
            ProcessBuilder pb = new ProcessBuilder(RuntimeLaunch.command(runtime, function)).directory(taskRoot.toFile())
                    .redirectErrorStream(true);
            Map<String, String> env = pb.environment();
            env.clear();
            env.putAll(runtime.environment());
            env.putAll(RuntimeLaunch.variables(runtime, function, api.address(), taskRoot));
            String region = runtime.environment().getOrDefault("AWS_REGION", "us-east-1");
            Instant spawnedAt = Instant.now();
            IsolatedEnvironment environment = new IsolatedEnvironment(name, api, pb.start(), taskRoot,
                    function.arn(region), spawnedAt);
            environment.awaitInit(runtime.initTimeout());
            return environment;
        } catch (IOException e) {
            api.close();
            RuntimeLaunch.deleteQuietly(taskRoot);
            throw new UncheckedIOException("could not start the Lambda runtime for " + name, e);
        }
    }

    /** From process start to the runtime's first {@code /next}: the JVM start plus the function's init. */
    Duration initDuration() {
        return Duration.between(spawnedAt, initDoneAt);
    }

    Instant spawnedAt() {
        return spawnedAt;
    }

    @Override
    public InvocationResult invoke(String requestId, SQSEvent event, Instant deadline) {
        CompletableFuture<RuntimeApiServer.Answer> answer = api.submit(requestId, SqsEventJson.write(event), deadline, functionArn);
        try {
            long millis = Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
            CompletableFuture.anyOf(answer, process.onExit()).get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            usable = false;
            return new InvocationResult.Failure("Sandbox.Timedout", "Task timed out (environment " + name + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new InvocationResult.Failure("Runtime.Interrupted", "the local event source is stopping");
        } catch (ExecutionException e) {
            // cannot happen: neither future completes exceptionally
        }
        RuntimeApiServer.Answer a = answer.getNow(null);
        if (a == null) {
            usable = false;
            return new InvocationResult.Failure("Runtime.ExitError", "the runtime of " + name + " exited with code "
                    + process.exitValue() + " during the invocation; last output:\n" + lastLines());
        }
        if (a instanceof RuntimeApiServer.Answer.Error err) {
            return new InvocationResult.Failure(err.errorType(), SqsEventJson.errorMessage(err.body()));
        }
        try {
            return new InvocationResult.Response(SqsEventJson.readResponse(((RuntimeApiServer.Answer.Response) a).body()));
        } catch (IllegalArgumentException e) {
            return new InvocationResult.Failure("Runtime.InvalidResponse", e.getMessage());
        }
    }

    @Override
    public boolean usable() {
        return usable && process.isAlive();
    }

    @Override
    public void close() {
        usable = false;
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        api.close();
        RuntimeLaunch.deleteQuietly(taskRoot);
    }

    private void awaitInit(Duration timeout) {
        try {
            CompletableFuture.anyOf(api.initDone(), api.initError(), process.onExit())
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            close();
            throw new JobkitException("the Lambda runtime of " + name + " did not finish its init within " + timeout
                    + "; last output:\n" + lastLines());
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new JobkitException("interrupted while " + name + " was starting");
        } catch (ExecutionException e) {
            // cannot happen: none of the futures completes exceptionally
        }
        String initError = api.initError().getNow(null);
        if (initError != null || !api.initDone().isDone()) {
            close();
            throw new JobkitException("the Lambda runtime of " + name + " failed its init: "
                    + (initError != null ? initError : "it exited with code " + process.exitValue())
                    + "; last output:\n" + lastLines());
        }
        initDoneAt = api.initDone().getNow(null);
        LOG.info("Lambda environment {} ready: init {} ms (JVM start + handler init)", name, initDuration().toMillis());
    }

    private void drain() {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    FUNCTION_LOG.info("[{}] {}", name, line);
                    synchronized (lastLines) {
                        lastLines.add(line);
                        if (lastLines.size() > KEPT_LINES) lastLines.removeFirst();
                    }
                }
            } catch (IOException e) {
                // the process is gone
            }
        }, "lambda-output-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    private String lastLines() {
        synchronized (lastLines) {
            return String.join("\n", lastLines);
        }
    }
}
