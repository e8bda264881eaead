package io.jobkit.cdk;

import io.jobkit.client.JobValidationException;
import software.amazon.awscdk.services.ecr.assets.Platform;
import software.amazon.awscdk.services.ecs.AssetImageProps;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.lambda.Architecture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The container worker image built from this repository: {@code infra-cdk/docker/Dockerfile} around the CLI's
 * shaded jar. CDK stages a Docker asset at synth time without Docker; Docker is needed only by {@code cdk deploy}.
 */
public final class WorkerImage {
    /** The Dockerfile, relative to the repository root. */
    public static final String DOCKERFILE = "infra-cdk/docker/Dockerfile";
    /** Where {@code mvn -pl cli -am package} leaves the CLI's shaded jar, relative to the repository root. */
    public static final String DEFAULT_CLI_JAR = "cli/target/jobkit-cli.jar";

    private WorkerImage() {
    }

    /** The image for {@code architecture}, from the repository at {@code repositoryRoot} and the default jar path. */
    public static ContainerImage fromRepository(Path repositoryRoot, Architecture architecture) {
        return fromRepository(repositoryRoot, DEFAULT_CLI_JAR, architecture);
    }

    /**
     * The image for {@code architecture}, with the CLI jar at {@code cliJar} (relative to {@code repositoryRoot}).
     * The build context is the repository root, but only the Dockerfile and the jar are staged into the asset, so
     * the asset hash changes exactly when one of them does.
     */
    public static ContainerImage fromRepository(Path repositoryRoot, String cliJar, Architecture architecture) {
        Path root = repositoryRoot.toAbsolutePath().normalize();
        if (!Files.isRegularFile(root.resolve(DOCKERFILE))) {
            throw new JobValidationException("no " + DOCKERFILE + " under " + root + "; point the repository root at"
                    + " the jobkit checkout");
        }
        Path jar = root.resolve(cliJar).normalize();
        if (!jar.startsWith(root) || !Files.isRegularFile(jar)) {
            throw new JobValidationException("container worker jar " + jar + " not found (it must lie inside " + root
                    + "); build it first with `mvn -B -pl cli -am package -DskipTests` from the repository root");
        }
        String relativeJar = root.relativize(jar).toString().replace('\\', '/');
        return ContainerImage.fromAsset(root.toString(), AssetImageProps.builder()
                .file(DOCKERFILE)
                .buildArgs(Map.of("JAR", relativeJar))
                // Glob excludes: drop everything, then re-include the two inputs (and their parent directories).
                .exclude(List.of("**", "!" + DOCKERFILE, "!" + relativeJar))
                .platform(Platform.custom(architecture.getDockerPlatform()))
                .build());
    }
}
