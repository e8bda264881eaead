package io.jobkit.cli.support;

import io.jobkit.handlers.FailJobException;
import io.jobkit.handlers.JobHandlers;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Handlers for CLI tests. {@code test.ok} succeeds and logs a line; {@code test.fragile} fails permanently (straight
 * to the DLQ) until {@link #fix()} is called — the "deploy a fix, then redrive" story.
 */
public final class TestHandlers {
    private final AtomicBoolean fixed = new AtomicBoolean();

    public void fix() {
        fixed.set(true);
    }

    public JobHandlers handlers() {
        return JobHandlers.builder()
                .handler("test.ok", Map.class, (p, ctx) -> {
                    ctx.log("hello from {}", ctx.jobId());
                    return Map.of("ok", true, "echo", p);
                })
                .handler("test.fragile", Map.class, (p, ctx) -> {
                    if (!fixed.get()) throw new FailJobException("downstream rejected the request");
                    return Map.of("attempt", ctx.attempt());
                })
                .handler("test.retried", Map.class, (p, ctx) -> {
                    if (ctx.attempt() == 1) throw new IllegalStateException("first attempt fails on purpose");
                    return Map.of("attempt", ctx.attempt());
                })
                .build();
    }
}
