package io.jobkit.tests.runtime;

import io.jobkit.client.JobClient;
import io.jobkit.handlers.JobHandlers;
import io.jobkit.handlers.lambda.JobLambdaHandler;
import io.jobkit.handlers.lambda.LambdaOptions;
import io.jobkit.handlers.processor.ProcessorOptions;
import io.jobkit.local.lambda.EventSourceOptions;
import io.jobkit.local.lambda.FunctionSettings;
import io.jobkit.local.lambda.LocalEventSource;
import io.jobkit.local.lambda.LocalFunction;
import io.jobkit.tests.support.TestCloud;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The runtime scenarios through the Lambda entrypoint, invoked by the in-process local event source exactly as the
 * SQS event source mapping would: batches of up to 10, partial batch failures, successes deleted by the source.
 */
class LambdaContractIT extends JobRuntimeContract {

    @Override
    protected RunningRuntime start(TestCloud cloud, JobClient client, JobHandlers handlers, ProcessorOptions options) {
        AtomicInteger environments = new AtomicInteger();
        LocalFunction function = LocalFunction.inProcess(FunctionSettings.of(8), cloud.environment().get("AWS_REGION"),
                () -> new JobLambdaHandler(client, handlers, LambdaOptions.builder()
                        .processor(options.toBuilder().workerId("lambda-test-" + environments.incrementAndGet()).build())
                        .build()));
        LocalEventSource source = LocalEventSource.start(client, function, EventSourceOptions.builder()
                .maximumConcurrency(4).pollWait(Duration.ofSeconds(1)).build());
        return source::close;
    }
}
