package io.jobkit.local.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A function's execution environments, as Lambda manages them.
 *
 * <ol>
 *   <li>An invocation takes the most recently used idle environment (the warmest), else creates one while fewer
 *       than {@code maxEnvironments} exist, else waits for one to come free.</li>
 *   <li>Creating an environment runs its init; an init that fails fails this invocation ({@code Runtime.InitError})
 *       and the next invocation tries a new environment.</li>
 *   <li>The deadline is set when the invocation starts (init time is not counted, as on AWS).</li>
 *   <li>An environment that timed out or died is thrown away; the others go back to the idle stack.</li>
 * </ol>
 */
final class EnvironmentPool implements LocalFunction {
    private static final Logger LOG = LoggerFactory.getLogger(EnvironmentPool.class);

    private final FunctionSettings settings;
    private final Supplier<FunctionEnvironment> factory;
    private final Deque<FunctionEnvironment> idle = new ArrayDeque<>();
    private final List<FunctionEnvironment> all = new ArrayList<>();
    private int existing;
    private boolean closed;

    EnvironmentPool(FunctionSettings settings, Supplier<FunctionEnvironment> factory) {
        this.settings = settings;
        this.factory = factory;
    }

    @Override
    public FunctionSettings settings() {
        return settings;
    }

    @Override
    public InvocationResult invoke(SQSEvent event) {
        FunctionEnvironment env;
        try {
            env = acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new InvocationResult.Failure("Runtime.Interrupted", "the local event source is stopping");
        } catch (RuntimeException e) {
            LOG.warn("function {}: init failed: {}", settings.name(), e.getMessage());
            return new InvocationResult.Failure("Runtime.InitError", e.getMessage());
        }
        InvocationResult result;
        try {
            result = env.invoke(UUID.randomUUID().toString(), event, Instant.now().plus(settings.timeout()));
        } finally {
            release(env);
        }
        return result;
    }

    private FunctionEnvironment acquire() throws InterruptedException {
        synchronized (this) {
            while (!closed && idle.isEmpty() && existing >= settings.maxEnvironments()) wait();
            if (closed) throw new IllegalStateException("function " + settings.name() + " is closed");
            if (!idle.isEmpty()) return idle.pop();
            existing++;
        }
        try {
            FunctionEnvironment env = factory.get();
            synchronized (this) {
                all.add(env);
            }
            return env;
        } catch (RuntimeException e) {
            synchronized (this) {
                existing--;
                notifyAll();
            }
            throw e;
        }
    }

    private void release(FunctionEnvironment env) {
        boolean keep;
        synchronized (this) {
            keep = env.usable() && !closed;
            if (keep) {
                idle.push(env);
            } else {
                existing--;
                all.remove(env);
            }
            notifyAll();
        }
        if (!keep) env.close();
    }

    @Override
    public void close() {
        List<FunctionEnvironment> toClose;
        synchronized (this) {
            closed = true;
            toClose = new ArrayList<>(all);
            all.clear();
            idle.clear();
            notifyAll();
        }
        toClose.forEach(FunctionEnvironment::close);
    }
}
