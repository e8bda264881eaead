package io.jobkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobkit.cli.support.CliCloud;
import io.jobkit.cli.support.CliRun;
import io.jobkit.cli.support.LocalCloudExtension;
import io.jobkit.cli.support.TestHandlers;
import io.jobkit.client.Job;
import io.jobkit.client.JobClient;
import io.jobkit.client.JobStatus;
import io.jobkit.handlers.worker.Worker;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The DLQ story an operator lives through: a job dies, they look at why, fix it, redrive, it succeeds. */
@ExtendWith(LocalCloudExtension.class)
class DlqCommandsIT {
    private final TestHandlers handlers = new TestHandlers();

    @ParameterizedTest(name = "method {0}")
    @ValueSource(strings = {"auto", "loop"})
    void aJobInTheDlq_isPeekedWithoutConsuming_redriven_andSucceedsInANewAttemptCycle(String method, CliCloud cloud) {
        JobClient client = cloud.client();
        Worker worker = cloud.startWorker(handlers.handlers());
        String id = cloud.run("enqueue", "test.fragile", "--payload", "{\"order\":7}").line();
        await().atMost(Duration.ofSeconds(20)).until(() -> client.get(id).map(Job::status).orElse(null) == JobStatus.FAILED);
        await().atMost(Duration.ofSeconds(10)).until(() -> client.queueStats("normal", false).dlqDepth() == 1);
        worker.shutdown();  // so the peek below races with nothing

        JsonNode peek = cloud.run("dlq", "peek", "normal", "--json").json();
        JsonNode letter = peek.get("messages").get(0);
        assertThat(letter.get("jobId").asText()).isEqualTo(id);
        assertThat(letter.get("type").asText()).isEqualTo("test.fragile");
        assertThat(letter.get("reason").asText()).contains("downstream rejected the request");
        assertThat(letter.get("source").asText()).isEqualTo("normal");
        assertThat(letter.get("cycle").asInt()).isEqualTo(1);
        assertThat(letter.get("deadLetteredAt").asText()).isNotEmpty();
        CliRun text = cloud.run("dlq", "peek", "normal");
        assertThat(text.out()).contains(id, "downstream rejected the request", "normal, attempt cycle 1");
        assertThat(client.queueStats("normal", false).dlqDepth()).as("peeking leaves the message in the DLQ").isEqualTo(1);
        assertThat(cloud.run("dlq", "list", "--json").json().get("deadLetterQueues").get(2).get("depth").asInt()).isEqualTo(1);

        handlers.fix();
        cloud.startWorker(handlers.handlers());
        CliRun redrive = cloud.run("dlq", "redrive", "normal", "--method", method, "--json");
        assertThat(redrive.exit()).as(redrive.toString()).isZero();
        JsonNode result = redrive.json();
        assertThat(result.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(result.get("method").asText()).isEqualTo(method.equals("auto") ? "task" : "loop");
        assertThat(result.get("moved").asInt()).isEqualTo(1);
        assertThat(result.get("to").asText()).isEqualTo(cloud.topology().prefix() + "-normal");
        assertThat(redrive.err()).contains("1/1 100%");

        // `jobkit await` would return at once: the job is still FAILED until a worker receives the redriven copy
        await().atMost(Duration.ofSeconds(20)).until(() -> client.get(id).map(Job::status).orElse(null) == JobStatus.SUCCEEDED);
        JsonNode job = cloud.run("status", id, "--json").json();
        assertThat(job.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(job.get("cycle").asInt()).as("the redrive started attempt cycle 2").isEqualTo(2);
        assertThat(job.get("attempt").asInt()).isEqualTo(1);
        assertThat(client.queueStats("normal", false).dlqDepth()).isZero();
    }

    @Test
    void queues_showsDepthsOfEveryQueueAndItsDlq(CliCloud cloud) {
        cloud.run("enqueue", "a.job");
        cloud.run("enqueue", "a.job", "--delay", "10m");
        cloud.run("enqueue", "a.job", "--priority", "critical");
        cloud.sqs().sendMessage(r -> r.queueUrl(cloud.dlqUrl("low")).messageBody("{\"v\":1,\"type\":\"x\",\"payload\":{}}"));

        JsonNode queues = cloud.run("queues", "--json").json().get("queues");
        assertThat(queues).extracting(q -> q.get("queue").asText()).containsExactly("critical", "high", "normal", "low");
        JsonNode normal = queues.get(2);
        assertThat(normal.get("visible").asInt()).isEqualTo(1);
        assertThat(normal.get("delayed").asInt()).isEqualTo(1);
        assertThat(normal.get("inFlight").asInt()).isZero();
        assertThat(normal.get("oldestAgeSeconds").isNull()).as("not sampled by default").isTrue();
        assertThat(queues.get(0).get("visible").asInt()).isEqualTo(1);
        assertThat(queues.get(3).get("dlqDepth").asInt()).isEqualTo(1);
        assertThat(queues.get(3).get("dlqOldestAgeSeconds").asLong()).isGreaterThanOrEqualTo(0);

        JsonNode sampled = cloud.run("queues", "--sample-age", "--json").json().get("queues");
        assertThat(sampled.get(2).get("oldestAgeSeconds").isNumber()).isTrue();

        CliRun table = cloud.run("queues");
        assertThat(table.out()).startsWith("QUEUE").contains("critical", "low");
    }

    @Test
    void purge_needsYes_thenEmptiesTheDlq(CliCloud cloud) {
        for (int i = 0; i < 3; i++) {
            cloud.sqs().sendMessage(r -> r.queueUrl(cloud.dlqUrl("normal")).messageBody("{\"v\":1,\"type\":\"x\",\"payload\":{}}"));
        }
        CliRun refused = cloud.run("dlq", "purge", "normal");
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("add --yes to confirm");
        assertThat(cloud.client().queueStats("normal", false).dlqDepth()).isEqualTo(3);

        CliRun purged = cloud.run("dlq", "purge", "normal", "--yes", "--json");
        assertThat(purged.exit()).as(purged.toString()).isZero();
        assertThat(purged.json().get("purged").asInt()).isEqualTo(3);
        await().atMost(Duration.ofSeconds(5)).until(() -> cloud.client().queueStats("normal", false).dlqDepth() == 0);
    }
}
