package io.jobkit.cdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The files next to the code that deployments depend on: the worker Dockerfile and cdk.json. */
class RepositoryFilesTest {

    @Test
    void dockerfile_runsTheCliWorkerAsANonRootUserWithoutRunSteps() throws IOException {
        String dockerfile = Files.readString(Path.of("docker/Dockerfile"));
        assertThat(dockerfile).contains("FROM eclipse-temurin:17-jre", "ARG JAR=" + WorkerImage.DEFAULT_CLI_JAR,
                "USER 10001:10001", "ENTRYPOINT [\"java\", \"-jar\", \"/opt/jobkit/jobkit-cli.jar\"]",
                "CMD [\"worker\", \"--queues\", \"critical,high,normal,low\"]");
        // No RUN: the image builds for either architecture without emulation.
        assertThat(dockerfile.lines().map(String::strip)).noneMatch(l -> l.startsWith("RUN "));
        assertThat(Files.readString(Path.of("docker/Dockerfile.dockerignore")))
                .contains("!" + WorkerImage.DEFAULT_CLI_JAR, "!" + WorkerImage.DOCKERFILE);
    }

    @Test
    void cdkJson_runsTheAppMainClass() throws IOException {
        JsonNode cdk = new ObjectMapper().readTree(Path.of("cdk.json").toFile());
        assertThat(cdk.get("app").asText()).contains(JobKitApp.class.getName(), "classpath.txt");
        assertThat(cdk.get("context").has("lambdaBundle")).isFalse(); // the default path applies
    }
}
