package io.jobkit.local;

import io.jobkit.client.Backoff;
import io.jobkit.client.EnqueueRequest;
import io.jobkit.client.EnqueueResult;
import io.jobkit.client.JobClient;
import io.jobkit.client.JobOptions;
import io.jobkit.client.Priority;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code local/run demo}: {@code up}, then a realistic mix of jobs — every priority, reports with progress, flaky
 * jobs that retry, slow ones, a delayed one, one that fails permanently and one that exhausts its attempts (both
 * end in a DLQ) — and a live count per status until the mix settles. The cloud keeps running afterwards so the
 * jobs can be inspected with {@code ./jobkit}.
 */
final class DemoCommand extends UpCommand {

    @Override
    void afterStart(LocalCloud cloud, LocalRuntime worker, PrintStream out) throws InterruptedException {
        if (worker == null) {
            out.println("# demo: --no-worker given, so the mix is enqueued but nothing will run it");
        }
        JobClient client = worker != null ? worker.client() : JobClient.fromEnvironment(cloud.clientEnvironment());
        List<EnqueueResult> results = client.enqueueAll(mix());
        long failed = results.stream().filter(r -> !r.succeeded()).count();
        out.printf("# demo: enqueued %d jobs%s; watching them (Ctrl-C stops everything)%n",
                results.size() - failed, failed > 0 ? " (" + failed + " refused)" : "");
        new LiveStatus(client, out).followUntilSettled(Duration.ofMinutes(5));
        out.println("# demo: settled. Inspect with ./jobkit list, ./jobkit status <id>, ./jobkit dlq list;"
                + " the cloud keeps running until Ctrl-C.");
        out.flush();
    }

    static List<EnqueueRequest> mix() {
        List<EnqueueRequest> jobs = new ArrayList<>();
        Priority[] priorities = Priority.values();
        for (int i = 0; i < 24; i++) {
            Priority p = priorities[i % priorities.length];
            jobs.add(EnqueueRequest.of("demo.noop", Map.of("n", i), JobOptions.of(b -> b.priority(p).tag("demo", "noop"))));
        }
        for (int i = 0; i < 6; i++) {
            Priority p = i % 2 == 0 ? Priority.HIGH : Priority.NORMAL;
            jobs.add(EnqueueRequest.of("demo.report", Map.of("pages", 10, "pageMillis", 300),
                    JobOptions.of(b -> b.priority(p).tag("demo", "report"))));
        }
        for (int i = 0; i < 8; i++) {
            jobs.add(EnqueueRequest.of("demo.flaky", Map.of("failRate", 0.5, "millis", 200), JobOptions.of(b -> b
                    .maxAttempts(5).backoff(Backoff.fixed(Duration.ofSeconds(2))).tag("demo", "flaky"))));
        }
        for (int i = 0; i < 4; i++) {
            jobs.add(EnqueueRequest.of("demo.sleep", Map.of("millis", 3000),
                    JobOptions.of(b -> b.priority(Priority.LOW).tag("demo", "sleep"))));
        }
        jobs.add(EnqueueRequest.of("demo.noop", Map.of("delayed", true),
                JobOptions.of(b -> b.delay(Duration.ofSeconds(10)).tag("demo", "delayed"))));
        jobs.add(EnqueueRequest.of("demo.reject", Map.of("reason", "customer 42 has no e-mail address"),
                JobOptions.of(b -> b.tag("demo", "permanent-failure"))));
        jobs.add(EnqueueRequest.of("demo.flaky", Map.of("failRate", 1.0, "millis", 100), JobOptions.of(b -> b
                .priority(Priority.CRITICAL).maxAttempts(3).backoff(Backoff.fixed(Duration.ofSeconds(1)))
                .tag("demo", "exhausted"))));
        return jobs;
    }
}
