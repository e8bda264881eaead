package io.jobkit.handlers.builtin;

import io.jobkit.handlers.JobHandlerProvider;
import io.jobkit.handlers.JobHandlers;

import java.util.Map;

/**
 * jobkit's built-in handlers ({@code webhook}). Not a ServiceLoader provider: a handler that POSTs wherever a payload
 * says is an outbound-request service, so it runs only where someone asked for it. {@link JobHandlers#discover} adds
 * it when {@code JOBKIT_WEBHOOK_ENABLED=true}; naming this class in {@code JOBKIT_HANDLERS} is the same opt-in.
 */
public final class BuiltinHandlers implements JobHandlerProvider {
    private final Map<String, String> env;

    /** Configured from the process environment ({@code JOBKIT_WEBHOOK_SECRET}, {@code JOBKIT_WEBHOOK_ALLOW}). */
    public BuiltinHandlers() {
        this(System.getenv());
    }

    public BuiltinHandlers(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public void register(JobHandlers.Builder handlers) {
        handlers.handler(WebhookHandler.TYPE, WebhookRequest.class, WebhookHandler.fromEnvironment(env));
    }
}
