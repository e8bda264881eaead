package io.jobkit.local.lambda;

import io.jobkit.client.JobValidationException;

import java.time.Duration;
import java.util.Objects;

/**
 * A local Lambda function's configuration, as on AWS.
 *
 * @param name            {@code Context.getFunctionName()}, {@code AWS_LAMBDA_FUNCTION_NAME}
 * @param timeout         the function timeout: each invocation's {@code Context} counts down from it, and an
 *                        invocation still running after it fails as {@code Sandbox.Timedout}
 * @param memoryMiB       {@code Context.getMemoryLimitInMB()}; the isolated mode also sizes the child JVM's heap by it
 * @param maxEnvironments execution environments at most (the function's concurrency); an invocation waits for a free one
 */
public record FunctionSettings(String name, Duration timeout, int memoryMiB, int maxEnvironments) {

    public FunctionSettings {
        Objects.requireNonNull(name, "name");
        if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(Duration.ofMinutes(15)) > 0) {
            throw new JobValidationException("function timeout " + timeout + " is out of range; Lambda allows 1 s to 15 min");
        }
        if (memoryMiB < 128 || memoryMiB > 10_240) {
            throw new JobValidationException("function memory " + memoryMiB + " MiB is out of range; use 128 to 10240");
        }
        if (maxEnvironments < 1) throw new JobValidationException("maxEnvironments must be at least 1");
    }

    /** {@code jobkit-worker}, 60 s, 1024 MiB, at most {@code maxEnvironments} environments. */
    public static FunctionSettings of(int maxEnvironments) {
        return new FunctionSettings("jobkit-worker", Duration.ofSeconds(60), 1024, maxEnvironments);
    }

    public FunctionSettings withTimeout(Duration timeout) {
        return new FunctionSettings(name, timeout, memoryMiB, maxEnvironments);
    }

    /** The ARN a context reports, in the local cloud's region and its dummy account. */
    String arn(String region) {
        return "arn:aws:lambda:" + region + ":000000000000:function:" + name;
    }
}
