package io.jobkit.tests.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code local/docker-compose.yml} is valid YAML and wires what the README promises: a pinned LocalStack with SQS,
 * DynamoDB and Scheduler that demands an auth token, and an init step that provisions the topology with jobkit's own
 * code ({@code jobkit provision} from the CLI jar), not a second copy of the names. ({@code docker compose config}
 * needs an engine, which our machines lack.)
 */
class ComposeFileTest {
    private static final Path COMPOSE = Path.of("../local/docker-compose.yml");

    private static JsonNode compose() throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(Files.readString(COMPOSE));
    }

    @Test
    void localStack_isPinned_runsTheThreeServices_andRequiresAnAuthToken() throws IOException {
        JsonNode localstack = compose().at("/services/localstack");
        assertThat(localstack.get("image").asText()).startsWith("localstack/localstack:").doesNotEndWith(":latest");
        assertThat(localstack.at("/environment/SERVICES").asText().split(","))
                .containsExactlyInAnyOrder("sqs", "dynamodb", "scheduler");
        assertThat(localstack.at("/environment/LOCALSTACK_AUTH_TOKEN").asText())
                .startsWith("${LOCALSTACK_AUTH_TOKEN:?");
        assertThat(localstack.get("ports").get(0).asText()).isEqualTo("127.0.0.1:4566:4566");
        assertThat(localstack.at("/healthcheck/test").toString()).contains("_localstack/health");
    }

    @Test
    void initStep_provisionsTheTopologyWithTheCliJar_afterLocalStackIsHealthy() throws IOException {
        JsonNode init = compose().at("/services/jobkit-init");
        assertThat(init.at("/depends_on/localstack/condition").asText()).isEqualTo("service_healthy");
        assertThat(init.get("command")).extracting(JsonNode::asText)
                .containsExactly("java", "-jar", "/opt/jobkit/jobkit-cli.jar", "provision");
        String volume = init.get("volumes").get(0).asText();
        assertThat(volume).startsWith("../cli/target/jobkit-cli.jar:");
        assertThat(Path.of("../local").resolve(volume.substring(0, volume.indexOf(':'))).normalize())
                .as("the jar the init step mounts is the one `mvn package` builds").isEqualTo(Path.of("../cli/target/jobkit-cli.jar").normalize());
        assertThat(init.at("/environment/AWS_ENDPOINT_URL").asText()).isEqualTo("http://localstack:4566");
        assertThat(init.at("/environment/JOBKIT_PREFIX").asText()).isEqualTo("${JOBKIT_PREFIX:-jobkit}");
        assertThat(init.at("/environment/JOBKIT_QUEUES").isMissingNode()).isFalse();
        assertThat(init.at("/environment/JOBKIT_ROUTES").isMissingNode()).isFalse();
    }
}
