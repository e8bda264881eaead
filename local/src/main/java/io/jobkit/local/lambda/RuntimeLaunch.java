package io.jobkit.local.lambda;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * What an isolated environment's process is made of: its command line (the RIC's main class on the RIC's class path,
 * the heap sized from the function's memory), the {@code AWS_LAMBDA_*} variables Lambda sets, and a task root with the
 * bundle in {@code lib/}.
 */
final class RuntimeLaunch {
    private static final Logger LOG = LoggerFactory.getLogger(RuntimeLaunch.class);
    private static final String MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

    private RuntimeLaunch() {
    }

    /** {@code java <options> -Xmx<85 % of memory> -cp <RIC> AWSLambda <handler>}. */
    static List<String> command(IsolatedRuntime runtime, FunctionSettings function) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(runtime.jvmOptions());
        if (runtime.jvmOptions().stream().noneMatch(o -> o.startsWith("-Xmx") || o.startsWith("-XX:MaxHeapSize"))) {
            command.add("-Xmx" + function.memoryMiB() * 85 / 100 + "m");  // the rest is metaspace, threads, native
        }
        command.add("-cp");
        command.add(RicClasspath.get());
        command.add(MAIN);
        command.add(runtime.handler());
        return command;
    }

    /** The variables Lambda's runtime sets for every function. */
    static Map<String, String> variables(IsolatedRuntime runtime, FunctionSettings function, String api, Path taskRoot) {
        return Map.ofEntries(
                Map.entry("AWS_LAMBDA_RUNTIME_API", api),
                Map.entry("_HANDLER", runtime.handler()),
                Map.entry("LAMBDA_TASK_ROOT", taskRoot.toString()),
                Map.entry("AWS_EXECUTION_ENV", "AWS_Lambda_java17"),
                Map.entry("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand"),
                Map.entry("AWS_LAMBDA_FUNCTION_NAME", function.name()),
                Map.entry("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST"),
                Map.entry("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memoryMiB())),
                Map.entry("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + function.name()),
                Map.entry("AWS_LAMBDA_LOG_STREAM_NAME", LocalDate.now().toString().replace('-', '/') + "/[$LATEST]"
                        + UUID.randomUUID().toString().replace("-", "")),
                Map.entry("TZ", ":UTC"));
    }

    /** A fresh task root, the bundle linked (or copied) into its {@code lib/}, as the RIC's class loader expects. */
    static Path taskRoot(Path bundle) throws IOException {
        Path root = Files.createTempDirectory("jobkit-lambda-task");
        Path lib = Files.createDirectory(root.resolve("lib"));
        Path target = lib.resolve(bundle.getFileName());
        try {
            Files.createSymbolicLink(target, bundle.toAbsolutePath());
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(bundle, target);
        }
        return root;
    }

    static void deleteQuietly(Path root) {
        if (root == null) return;
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debug("could not delete {}: {}", root, e.toString());
        }
    }
}
