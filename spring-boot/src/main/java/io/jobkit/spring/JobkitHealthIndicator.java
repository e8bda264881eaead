package io.jobkit.spring;

import io.jobkit.client.JobClient;
import io.jobkit.client.queues.QueueStats;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code jobkit} in {@code /actuator/health}: DOWN when the worker should run and does not, or when a queue or DLQ
 * is over its threshold ({@code jobkit.health.max-queue-depth}, {@code max-dlq-depth}); details name the worker and
 * each queue's depths. An unreachable SQS makes it DOWN with the error (AbstractHealthIndicator's handling).
 */
final class JobkitHealthIndicator extends AbstractHealthIndicator {
    private final JobClient client;
    private final JobkitWorker worker;
    private final JobkitProperties properties;

    JobkitHealthIndicator(JobClient client, JobkitWorker worker, JobkitProperties properties) {
        super("jobkit health check failed");
        this.client = client;
        this.worker = worker;
        this.properties = properties;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        boolean up = true;
        if (worker != null && properties.getWorker().isEnabled()) {
            boolean running = worker.isRunning();
            builder.withDetail("worker", running ? Map.of("id", worker.worker().id(), "running", true) : Map.of("running", false));
            up = running;
        }
        List<QueueStats> stats = client.queueStats();
        Map<String, Object> queues = new LinkedHashMap<>();
        long maxDepth = properties.getHealth().getMaxQueueDepth();
        long maxDlq = properties.getHealth().getMaxDlqDepth();
        for (QueueStats q : stats) {
            boolean over = (maxDepth >= 0 && q.visible() > maxDepth) || (maxDlq >= 0 && q.dlqDepth() > maxDlq);
            queues.put(q.queue(), Map.of("visible", q.visible(), "inFlight", q.inFlight(), "delayed", q.delayed(),
                    "dlq", q.dlqDepth(), "overThreshold", over));
            if (over) up = false;
        }
        builder.withDetail("queues", queues);
        if (up) builder.up(); else builder.down();
    }
}
