package io.jobkit.tests.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17 point 4: the client's {@code internal} package is the client's own implementation. jobkit's runtimes build on
 * the documented SPI, {@code io.jobkit.client.spi}; no source file outside {@code enqueue-client} names the internal
 * package, in main or test code.
 */
class InternalPackageBoundaryTest {
    /** Spelled in two parts so that this file does not name the package itself. */
    private static final String INTERNAL = "io.jobkit.client." + "internal";

    @Test
    void noModuleButTheClientNamesItsInternalPackage() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<String> offenders;
        try (Stream<Path> files = Files.walk(root)) {
            offenders = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !p.startsWith(root.resolve("enqueue-client")))
                    .filter(p -> !p.toString().contains("/target/"))
                    .filter(p -> {
                        try {
                            return Files.readString(p).contains(INTERNAL);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .map(p -> root.relativize(p).toString()).sorted().toList();
        }
        assertThat(root.resolve("enqueue-client/src/main/java/io/jobkit/client/spi")).isDirectory();
        assertThat(offenders).as("files outside enqueue-client naming " + INTERNAL).isEmpty();
    }
}
