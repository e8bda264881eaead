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
final class LocalWorker implements AutoCloseable {
    private final JobClient client;
    private final Worker worker;

    LocalWorker(LocalCloud cloud, int concurrency) {
        this.client = JobClient.fromEnvironment(cloud.clientEnvironment());
        // discovery finds the built-ins (ServiceLoader) and JOBKIT_HANDLERS; the demo set joins unless named there
        JobHandlers discovered = JobHandlers.discover(System.getenv());
        JobHandlers.Builder handlers = JobHandlers.builder().include(discovered);
        if (!discovered.types().contains("demo.noop")) new DemoHandlers().register(handlers);
        this.worker = Worker.create(client, handlers.build(), WorkerOptions.builder().concurrency(concurrency).build()).start();
    }

    JobClient client() {
        return client;
    }

    String id() {
        return worker.id();
    }

    @Override
    public void close() {
        worker.shutdown();
        client.close();
    }
}
