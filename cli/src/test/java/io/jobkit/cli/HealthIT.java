package io.jobkit.cli;

import io.jobkit.cli.support.CliCloud;
import io.jobkit.cli.support.CliRun;
import io.jobkit.cli.support.LocalCloudExtension;
import io.jobkit.cli.support.TestHandlers;
import io.jobkit.handlers.health.HealthServer;
import io.jobkit.handlers.worker.Worker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Health transitions: the worker's /readyz, and {@code jobkit health} as a backlog loses and regains its worker. */
@ExtendWith(LocalCloudExtension.class)
class HealthIT {
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void readyz_isOkWhileTheWorkerPolls_andFailsOnceItStops(CliCloud cloud) throws Exception {
        Worker worker = cloud.startWorker(new TestHandlers().handlers());
        try (HealthServer health = HealthServer.start("127.0.0.1", 0, worker::health)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> get(health.port(), "/readyz").statusCode() == 200);
            assertThat(get(health.port(), "/readyz").body()).contains("\"ready\":true", "\"reasons\":[]");
            assertThat(get(health.port(), "/healthz").statusCode()).isEqualTo(200);

            worker.shutdown();
            HttpResponse<String> stopped = get(health.port(), "/readyz");
            assertThat(stopped.statusCode()).isEqualTo(503);
            assertThat(stopped.body()).contains("\"ready\":false", "draining");
            assertThat(get(health.port(), "/healthz").statusCode()).as("still alive while draining").isEqualTo(200);
        }
    }

    @Test
    void health_exits1WithTheReasonForABacklogWithNoWorker_and0OnceAWorkerIsBack(CliCloud cloud) {
        for (int i = 0; i < 3; i++) cloud.run("enqueue", "test.ok");
        CliRun sick = cloud.run("health", "--dlq-window", "0s");
        assertThat(sick.exit()).as(sick.toString()).isEqualTo(1);
        assertThat(sick.out()).contains("NO_CONSUMER", "queue normal has 3 waiting message(s) and no live worker");

        CliRun json = cloud.run("health", "--dlq-window", "0s", "--json");
        assertThat(json.exit()).isEqualTo(1);
        assertThat(json.json().get("healthy").asBoolean()).isFalse();
        assertThat(json.json().get("problems").get(0).get("check").asText()).isEqualTo("NO_CONSUMER");

        cloud.startWorker(new TestHandlers().handlers());
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> cloud.run("health", "--dlq-window", "0s").exit() == 0);
        assertThat(cloud.run("health", "--dlq-window", "0s").out()).contains("healthy");
    }

    @Test
    void health_reportsADeadLetter_asOverTheDlqThreshold(CliCloud cloud) {
        TestHandlers handlers = new TestHandlers();
        Worker worker = cloud.startWorker(handlers.handlers());
        String id = cloud.run("enqueue", "test.fragile").line();
        cloud.run("await", id);
        worker.shutdown(); // flushes its metrics, so the DLQ also counts as growing
        await().atMost(Duration.ofSeconds(10)).until(() -> cloud.client().queueStats("normal", false).dlqDepth() == 1);
        CliRun run = cloud.run("health");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("DLQ_DEPTH", "the DLQ of normal holds 1 messages", "DLQ_GROWING");
        assertThat(cloud.run("health", "--max-dlq", "5", "--dlq-window", "0s").exit()).isZero();
    }
}
