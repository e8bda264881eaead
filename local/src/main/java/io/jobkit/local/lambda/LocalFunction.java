package io.jobkit.local.lambda;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;

import java.util.function.Supplier;

/**
 * A Lambda function the local event source invokes, with its execution environments: created on demand up to
 * {@link FunctionSettings#maxEnvironments()}, each running one invocation at a time and kept warm for the next.
 */
public interface LocalFunction extends AutoCloseable {

    FunctionSettings settings();

    /** Invokes the function with one SQS event and waits for it (at most the function's timeout, plus init). */
    InvocationResult invoke(SQSEvent event);

    /** Stops every environment. */
    @Override
    void close();

    /**
     * Environments in this JVM: each gets its own handler from {@code handlers} (as each Lambda environment runs
     * its own instance) and a {@code Context} whose remaining time counts down. Fast; what tests use.
     */
    static LocalFunction inProcess(FunctionSettings settings, String region,
                                   Supplier<? extends RequestHandler<SQSEvent, SQSBatchResponse>> handlers) {
        return new EnvironmentPool(settings, () -> new InProcessEnvironment(settings, settings.arn(region), handlers.get()));
    }

    /**
     * Environments in child JVMs running the handler bundle under the AWS Lambda Runtime Interface Client, against a
     * local Runtime API: the production code path, and the way to measure a cold start.
     */
    static LocalFunction isolated(FunctionSettings settings, IsolatedRuntime runtime) {
        return new EnvironmentPool(settings, () -> runtime.start(settings));
    }
}
