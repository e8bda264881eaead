package io.jobkit.local;

import io.jobkit.client.JobClient;
import io.jobkit.handlers.JobHandlers;
import io.jobkit.handlers.builtin.DemoHandlers;
import io.jobkit.handlers.worker.Worker;
import io.jobkit.handlers.worker.WorkerOptions;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * The worker {@code local/run up} starts next to the cloud: the demo handlers, whatever {@code JOBKIT_HANDLERS}
 * names, and the built-in {@code webhook} when {@code JOBKIT_WEBHOOK_ENABLED=true}, serving every queue.
 */
final class LocalWorker implements LocalRuntime {
    private final JobClient client;
    private final Worker worker;
    private final int concurrency;
    private final JobHandlers handlers;

    LocalWorker(LocalCloud cloud, int concurrency) {
        this.client = JobClient.fromEnvironment(cloud.clientEnvironment());
        this.concurrency = concurrency;
        this.handlers = handlers();
        this.worker = Worker.create(client, handlers, WorkerOptions.builder().concurrency(concurrency).build()).start();
    }

    /**
     * The demo set, {@code JOBKIT_HANDLERS} and ServiceLoader providers, and the {@code webhook} built-in when
     * {@code JOBKIT_WEBHOOK_ENABLED=true} (the demo does not need it).
     */
    static JobHandlers handlers() {
        return handlers(System.getenv());
    }

    static JobHandlers handlers(Map<String, String> environment) {
        Map<String, String> env = new HashMap<>(environment);
        String named = env.getOrDefault(JobHandlers.PROVIDER_ENV, "");
        // naming the demo set keeps discovery's one path (and its duplicate check) for every provider
        if (!named.contains(DemoHandlers.class.getName())) {
            env.put(JobHandlers.PROVIDER_ENV, named.isBlank() ? DemoHandlers.class.getName() : named + "," + DemoHandlers.class.getName());
        }
        return JobHandlers.discover(env);
    }

    @Override
    public JobClient client() {
        return client;
    }

    @Override
    public String describe() {
        return "worker " + worker.id() + " serves every queue with concurrency " + concurrency
                + " (handlers: " + String.join(", ", new TreeSet<>(handlers.types())) + ")";
    }

    @Override
    public void close() {
        worker.shutdown();
        client.close();
    }
}
