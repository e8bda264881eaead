package io.jobkit.tests.observability;

import io.jobkit.client.Job;
import io.jobkit.client.JobClient;
import io.jobkit.client.JobStatus;
import io.jobkit.handlers.JobHandlers;
import io.jobkit.handlers.metrics.MetricsSettings;
import io.jobkit.handlers.processor.ProcessorOptions;
import io.jobkit.handlers.worker.Worker;
import io.jobkit.handlers.worker.WorkerOptions;

import java.time.Duration;

import static org.awaitility.Awaitility.await;

/** A short-lived worker for the observability ITs, and a wait for a job's end. */
final class TraceSupport {
    private TraceSupport() {
    }

    static Worker worker(JobClient client, JobHandlers handlers) {
        return Worker.create(client, handlers, WorkerOptions.builder().concurrency(2).pollWait(Duration.ofSeconds(1))
                .shutdownTimeout(Duration.ofSeconds(5))
                .processor(ProcessorOptions.builder().leaseDuration(Duration.ofSeconds(6))
                        .heartbeatInterval(Duration.ofSeconds(2)).cancelGrace(Duration.ofSeconds(2)).build())
                .build(), MetricsSettings.off()).start();
    }

    static Job awaitTerminal(JobClient client, String id) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> client.get(id).map(j -> j.status().isTerminal()).orElse(false));
        return client.get(id).orElseThrow();
    }

    static boolean succeeded(Job j) {
        return j.status() == JobStatus.SUCCEEDED;
    }
}
