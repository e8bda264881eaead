package io.jobkit.local.lambda;

import io.jobkit.client.JobValidationException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How isolated environments start: the handler bundle, run by {@code java} under the AWS Lambda Runtime Interface
 * Client ({@code com.amazonaws.services.lambda.runtime.api.client.AWSLambda}), with the function's environment.
 *
 * @param bundle      the deployment package, e.g. {@code handlers/target/jobkit-handlers-lambda.jar}
 * @param handler     the handler string, as configured on the function
 * @param environment the function's environment variables (endpoints, credentials, region, {@code JOBKIT_*});
 *                    the {@code AWS_LAMBDA_*} runtime variables are added
 * @param jvmOptions  options of the child JVM; the heap is sized from the function's memory unless given
 * @param initTimeout how long the runtime may take from process start to its first {@code /next}
 */
public record IsolatedRuntime(Path bundle, String handler, Map<String, String> environment, List<String> jvmOptions,
                              Duration initTimeout) {
    public static final String HANDLER = "io.jobkit.handlers.lambda.JobLambdaHandler::handleRequest";
    /** C1 only and the serial collector: what a small Lambda environment runs with by default for a fast start. */
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC");

    public IsolatedRuntime {
        Objects.requireNonNull(bundle, "bundle");
        environment = Map.copyOf(environment);
        jvmOptions = List.copyOf(jvmOptions);
        if (!Files.isRegularFile(bundle)) {
            throw new JobValidationException("Lambda bundle " + bundle.toAbsolutePath() + " not found; build it with"
                    + " 'mvn -B -pl handlers -am package -DskipTests'");
        }
    }

    /** The jobkit entrypoint in {@code bundle}, default JVM options, a 30 s init timeout (Lambda's is 10 s). */
    public static IsolatedRuntime of(Path bundle, Map<String, String> environment) {
        return new IsolatedRuntime(bundle, HANDLER, environment, DEFAULT_JVM_OPTIONS, Duration.ofSeconds(30));
    }

    public IsolatedRuntime withJvmOptions(List<String> options) {
        return new IsolatedRuntime(bundle, handler, environment, options, initTimeout);
    }

    /** The same runtime with {@code extra} added to the function's environment. */
    public IsolatedRuntime withEnvironment(Map<String, String> extra) {
        Map<String, String> merged = new java.util.HashMap<>(environment);
        merged.putAll(extra);
        return new IsolatedRuntime(bundle, handler, merged, jvmOptions, initTimeout);
    }

    /** Starts one environment and waits for its init (see {@link IsolatedEnvironment}). */
    IsolatedEnvironment start(FunctionSettings function) {
        return IsolatedEnvironment.start(this, function);
    }
}
