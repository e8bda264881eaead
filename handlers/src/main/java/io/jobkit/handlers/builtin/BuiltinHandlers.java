package io.jobkit.handlers.builtin;

import io.jobkit.handlers.JobHandlerProvider;
import io.jobkit.handlers.JobHandlers;

/** Registers jobkit's built-in handlers ({@code webhook}) in every runtime that discovers handlers. */
public final class BuiltinHandlers implements JobHandlerProvider {

    @Override
    public void register(JobHandlers.Builder handlers) {
        handlers.handler(WebhookHandler.TYPE, WebhookRequest.class, WebhookHandler.fromEnvironment(System.getenv()));
    }
}
