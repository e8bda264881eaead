package io.jobkit.examples.demo;

import io.jobkit.client.JobClient;
import io.jobkit.client.JobStatus;
import io.jobkit.testkit.JobkitExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The whole demo against the local cloud: REST enqueues, the handler bean runs, health is UP, meters exist. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"jobkit.worker.poll-wait=1s", "jobkit.worker.shutdown-timeout=5s"})
class DemoApplicationIT {

    @RegisterExtension
    static final JobkitExtension JOBKIT = new JobkitExtension();

    @DynamicPropertySource
    static void jobkit(DynamicPropertyRegistry registry) {
        JOBKIT.jobkit(DemoApplicationIT.class).springProperties().forEach((k, v) -> registry.add(k, () -> v));
    }

    @Autowired
    TestRestTemplate http;

    @Autowired
    JobClient client;

    @Test
    @SuppressWarnings("unchecked")
    void postReport_runsTheHandlerBean_healthIsUp_andMetersArePresent() {
        ResponseEntity<Map> accepted = http.postForEntity("/reports/2026-11", null, Map.class);
        ResponseEntity<Map> again = http.postForEntity("/reports/2026-11", null, Map.class);

        assertThat(accepted.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(accepted.getBody()).containsEntry("jobId", "report-2026-11");
        assertThat(again.getBody()).as("same month, same job").isEqualTo(accepted.getBody());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> client.get("report-2026-11").orElseThrow().status() == JobStatus.SUCCEEDED);

        Map<String, Object> health = http.getForObject("/actuator/health", Map.class);
        assertThat(health).containsEntry("status", "UP");
        assertThat((Map<String, Object>) health.get("components")).containsKey("jobkit");

        Map<String, Object> jobs = http.getForObject("/actuator/metrics/jobkit.jobs?tag=type:report.monthly&tag=outcome:succeeded", Map.class);
        assertThat(jobs).isNotNull();
        assertThat(jobs.get("measurements").toString()).contains("value=1.0");
        assertThat(http.getForEntity("/actuator/metrics/jobkit.queue.depth", Map.class).getStatusCode()).isEqualTo(HttpStatus.OK);
    }
}
