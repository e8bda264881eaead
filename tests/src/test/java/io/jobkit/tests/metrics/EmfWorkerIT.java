package io.jobkit.tests.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobkit.client.EnqueueRequest;
import io.jobkit.client.JobClient;
import io.jobkit.client.JobFilter;
import io.jobkit.client.JobStatus;
import io.jobkit.client.metrics.JobMetrics;
import io.jobkit.handlers.FailJobException;
import io.jobkit.handlers.JobHandlers;
import io.jobkit.handlers.metrics.MetricsSettings;
import io.jobkit.handlers.processor.ProcessorOptions;
import io.jobkit.handlers.worker.Worker;
import io.jobkit.handlers.worker.WorkerOptions;
import io.jobkit.tests.support.LocalCloudExtension;
import io.jobkit.tests.support.TestCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A container worker prints its flushed metrics as EMF documents whose figures equal the STATS items and what ran. */
@ExtendWith(LocalCloudExtension.class)
class EmfWorkerIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aWorkerRun_printsEmfDocumentsPerQueueAndType_matchingWhatRan(TestCloud cloud) throws Exception {
        JobClient client = cloud.client();
        JobHandlers handlers = JobHandlers.builder()
                .handler("emf.ok", Map.class, (p, ctx) -> null)
                .handler("emf.bad", Map.class, (p, ctx) -> {
                    throw new FailJobException("always fails");
                })
                .build();
        List<EnqueueRequest> requests = new ArrayList<>();
        for (int i = 0; i < 12; i++) requests.add(EnqueueRequest.of("emf.ok", Map.of("i", i)));
        for (int i = 0; i < 3; i++) requests.add(EnqueueRequest.of("emf.bad", Map.of("i", i)));
        client.enqueueAll(requests);

        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Worker worker = Worker.create(client, handlers, WorkerOptions.builder().concurrency(4)
                        .pollWait(Duration.ofSeconds(1)).shutdownTimeout(Duration.ofSeconds(5))
                        .processor(ProcessorOptions.builder().leaseDuration(Duration.ofSeconds(6))
                                .heartbeatInterval(Duration.ofSeconds(2)).cancelGrace(Duration.ofSeconds(2)).build())
                        .build(),
                MetricsSettings.defaults().withEmfOut(lines::add)).start();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() ->
                count(client, "emf.ok", JobStatus.SUCCEEDED) == 12 && count(client, "emf.bad", JobStatus.FAILED) == 3);
        worker.shutdown(); // the shutdown flush writes the running minute too

        Map<String, double[]> byType = new HashMap<>(); // type → succeeded, failed, deadLettered, durations
        for (String line : List.copyOf(lines)) {
            JsonNode doc = JSON.readTree(line);
            JsonNode directive = doc.get("_aws").get("CloudWatchMetrics").get(0);
            assertThat(directive.get("Namespace").asText()).isEqualTo("jobkit");
            assertThat(directive.get("Dimensions").get(0).toString()).isEqualTo("[\"queue\",\"type\"]");
            assertThat(doc.get("queue").asText()).isEqualTo("normal");
            double[] t = byType.computeIfAbsent(doc.get("type").asText(), k -> new double[4]);
            t[0] += doc.path("Succeeded").asDouble();
            t[1] += doc.path("Failed").asDouble();
            t[2] += doc.path("DeadLettered").asDouble();
            JsonNode d = doc.get("Duration");
            t[3] += d == null ? 0 : d.isArray() ? d.size() : 1;
        }
        assertThat(byType).containsOnlyKeys("emf.ok", "emf.bad");
        assertThat(byType.get("emf.ok")).containsExactly(12, 0, 0, 12);
        assertThat(byType.get("emf.bad")).containsExactly(0, 3, 3, 3);

        // the same flush wrote the STATS items: both views agree
        JobMetrics m = client.metrics(Duration.ofMinutes(5));
        JobMetrics.TypeMetrics ok = m.types().stream().filter(t -> t.type().equals("emf.ok")).findFirst().orElseThrow();
        assertThat(ok.succeeded()).isEqualTo((long) byType.get("emf.ok")[0]);
    }

    private static long count(JobClient client, String type, JobStatus status) {
        return client.list(JobFilter.status(status).withType(type).withLimit(100)).jobs().size();
    }
}
