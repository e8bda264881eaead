package io.jobkit.local;

import io.jobkit.client.JobClient;
import io.jobkit.handlers.JobHandlers;
import io.jobkit.handlers.builtin.DemoHandlers;
import io.jobkit.handlers.worker.Worker;
import io.jobkit.handlers.worker.WorkerOptions;

/**
 * The worker {@code local/run up} starts next to the cloud: the built-in handlers ({@code webhook}), the demo
 * handlers, and whatever {@code JOBKIT_HANDLERS} names, serving every queue of the topology.
 */
final class LocalWorker implements LocalRuntime {
    private final JobClient client;
    private final Worker worker;
    private final int concurrency;

    LocalWorker(LocalCloud cloud, int concurrency) {
        this.client = JobClient.fromEnvironment(cloud.clientEnvironment());
        this.concurrency = concurrency;
        // discovery finds the built-ins (ServiceLoader) and JOBKIT_HANDLERS; the demo set joins unless named there
        this.worker = Worker.create(client, handlers(), WorkerOptions.builder().concurrency(concurrency).build()).start();
    }

    /** The built-ins (ServiceLoader) and {@code JOBKIT_HANDLERS}; the demo set joins unless named there already. */
    static JobHandlers handlers() {
        JobHandlers discovered = JobHandlers.discover(System.getenv());
        JobHandlers.Builder handlers = JobHandlers.builder().include(discovered);
        if (!discovered.types().contains("demo.noop")) new DemoHandlers().register(handlers);
        return handlers.build();
    }

    @Override
    public JobClient client() {
        return client;
    }

    @Override
    public String describe() {
        return "worker " + worker.id() + " serves every queue with concurrency " + concurrency
                + " (built-in and demo handlers)";
    }

    @Override
    public void close() {
        worker.shutdown();
        client.close();
    }
}
