package io.jobkit.tests.runtime;

import io.jobkit.client.JobClient;
import io.jobkit.handlers.JobHandlers;
import io.jobkit.handlers.processor.ProcessorOptions;
import io.jobkit.handlers.worker.Worker;
import io.jobkit.handlers.worker.WorkerOptions;
import io.jobkit.tests.support.TestCloud;

import java.time.Duration;

/** The runtime scenarios through the long-polling container worker. */
class ContainerWorkerContractIT extends JobRuntimeContract {

    @Override
    protected RunningRuntime start(TestCloud cloud, JobClient client, JobHandlers handlers, ProcessorOptions options) {
        Worker worker = Worker.create(client, handlers, WorkerOptions.builder().concurrency(8)
                .pollWait(Duration.ofSeconds(1)).shutdownTimeout(Duration.ofSeconds(5)).processor(options).build()).start();
        return worker::close;
    }
}
