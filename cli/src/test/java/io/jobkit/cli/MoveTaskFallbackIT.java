package io.jobkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobkit.cli.support.CliCloud;
import io.jobkit.cli.support.CliRun;
import io.jobkit.cli.support.LocalCloudExtension;
import io.jobkit.cli.support.NoMoveTaskEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Where the endpoint does not implement StartMessageMoveTask, the redrive falls back to the move loop by itself. */
@ExtendWith(LocalCloudExtension.class)
class MoveTaskFallbackIT {

    @Test
    void redrive_onAnEndpointWithoutMoveTasks_usesTheMoveLoop(CliCloud cloud) throws Exception {
        for (int i = 0; i < 25; i++) {
            int n = i;
            cloud.sqs().sendMessage(r -> r.queueUrl(cloud.dlqUrl("high")).messageBody("{\"v\":1,\"id\":\"j" + n + "\",\"type\":\"x\",\"payload\":{}}"));
        }
        Map<String, String> env = cloud.environment();
        try (NoMoveTaskEndpoint endpoint = new NoMoveTaskEndpoint(URI.create(env.get("AWS_ENDPOINT_URL_SQS")))) {
            env.put("AWS_ENDPOINT_URL_SQS", endpoint.url());

            CliRun forcedTask = cloud.run(env, "dlq", "redrive", "high", "--method", "task");
            assertThat(forcedTask.exit()).as(forcedTask.toString()).isEqualTo(1);
            assertThat(forcedTask.err().strip()).contains("InvalidAction").doesNotContain("\n");

            CliRun auto = cloud.run(env, "dlq", "redrive", "high", "--max-per-second", "100", "--json");
            assertThat(auto.exit()).as(auto.toString()).isZero();
            JsonNode result = auto.json();
            assertThat(result.get("method").asText()).isEqualTo("loop");
            assertThat(result.get("moved").asInt()).isEqualTo(25);
            assertThat(result.get("elapsedSeconds").asDouble()).as("paced at 100/s").isGreaterThanOrEqualTo(0.2);
            assertThat(auto.err()).contains("25/25 100%", "loop COMPLETED");
        }
        assertThat(cloud.drain(cloud.queueUrl("high"))).hasSize(25);
        assertThat(cloud.client().queueStats("high", false).dlqDepth()).isZero();
    }
}
