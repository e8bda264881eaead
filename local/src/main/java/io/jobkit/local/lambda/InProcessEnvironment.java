package io.jobkit.local.lambda;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An execution environment in this JVM: one handler instance and one invocation thread. An invocation that runs past
 * its deadline fails as {@code Sandbox.Timedout} and the environment is discarded (its thread interrupted, its handler
 * closed), as Lambda resets a timed-out environment.
 */
final class InProcessEnvironment implements FunctionEnvironment {
    private final FunctionSettings settings;
    private final String functionArn;
    private final RequestHandler<SQSEvent, SQSBatchResponse> handler;
    private final ExecutorService thread;
    private volatile boolean usable = true;

    InProcessEnvironment(FunctionSettings settings, String functionArn, RequestHandler<SQSEvent, SQSBatchResponse> handler) {
        this.settings = settings;
        this.functionArn = functionArn;
        this.handler = handler;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "lambda-" + settings.name());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public InvocationResult invoke(String requestId, SQSEvent event, Instant deadline) {
        LocalContext context = new LocalContext(requestId, settings, functionArn, deadline, Clock.systemUTC());
        Future<SQSBatchResponse> call = thread.submit(() -> handler.handleRequest(event, context));
        try {
            long millis = Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
            return new InvocationResult.Response(call.get(millis, TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            usable = false;
            call.cancel(true);
            return new InvocationResult.Failure("Sandbox.Timedout", "Task timed out after "
                    + settings.timeout().toMillis() / 1000.0 + " seconds");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return new InvocationResult.Failure(cause.getClass().getName(), String.valueOf(cause.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.cancel(true);
            return new InvocationResult.Failure("Runtime.Interrupted", "the local event source is stopping");
        }
    }

    @Override
    public boolean usable() {
        return usable;
    }

    @Override
    public void close() {
        thread.shutdownNow();
        if (handler instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // the environment is gone either way
            }
        }
    }
}
