package io.jobkit.local;

import io.jobkit.client.JobClient;
import io.jobkit.handlers.JobHandlers;
import io.jobkit.handlers.builtin.DemoHandlers;
import io.jobkit.handlers.lambda.JobLambdaHandler;
import io.jobkit.handlers.lambda.LambdaOptions;
import io.jobkit.local.lambda.EventSourceOptions;
import io.jobkit.local.lambda.FunctionSettings;
import io.jobkit.local.lambda.IsolatedRuntime;
import io.jobkit.local.lambda.LocalEventSource;
import io.jobkit.local.lambda.LocalFunction;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Lambda path {@code local/run up --runtime lambda|lambda-isolated} starts next to the cloud: a local SQS event
 * source mapping every queue to the jobkit Lambda entrypoint, with the built-in and demo handlers.
 *
 * <ul>
 *   <li>{@code lambda}: environments in this JVM, each with its own {@link JobLambdaHandler}.</li>
 *   <li>{@code lambda-isolated}: the bundle in child JVMs under the Runtime Interface Client, configured only through
 *       the function environment ({@code JOBKIT_HANDLERS} names the demo handlers, plus any the caller named).</li>
 * </ul>
 */
final class LocalLambda implements LocalRuntime {
    private static final String FUNCTION = "jobkit-worker";

    private final JobClient client;
    private final LocalEventSource source;
    private final String description;

    LocalLambda(LocalCloud cloud, int environments, boolean isolated, Path bundle) {
        this.client = JobClient.fromEnvironment(cloud.clientEnvironment());
        FunctionSettings settings = new FunctionSettings(FUNCTION, Duration.ofSeconds(60), 1024, environments);
        LocalFunction function;
        if (isolated) {
            function = LocalFunction.isolated(settings, IsolatedRuntime.of(bundle, functionEnvironment(cloud)));
        } else {
            JobHandlers handlers = LocalWorker.handlers();
            AtomicInteger n = new AtomicInteger();
            function = LocalFunction.inProcess(settings, cloud.region().id(), () -> new JobLambdaHandler(client, handlers,
                    LambdaOptions.builder().processor(p -> p.workerId("lambda-local-" + n.incrementAndGet())).build()));
        }
        this.source = LocalEventSource.start(client, function, EventSourceOptions.builder().build());
        cloud.lambdaApi().register(source);
        this.description = "Lambda function " + FUNCTION + " (" + (isolated ? "isolated: " + bundle + " under the"
                + " Runtime Interface Client" : "in-process") + ", up to " + environments + " environments) serves every"
                + " queue through a local SQS event source (batch 10)";
    }

    private static Map<String, String> functionEnvironment(LocalCloud cloud) {
        Map<String, String> env = new HashMap<>(cloud.clientEnvironment());
        String named = System.getenv(JobHandlers.PROVIDER_ENV);
        String demo = DemoHandlers.class.getName();
        env.put(JobHandlers.PROVIDER_ENV, named == null || named.isBlank() ? demo
                : named.contains(demo) ? named : named + "," + demo);
        // the webhook opt-in and its settings reach the isolated function as they reach the in-process one
        System.getenv().forEach((k, v) -> {
            if (k.startsWith("JOBKIT_WEBHOOK_")) env.put(k, v);
        });
        return env;
    }

    @Override
    public JobClient client() {
        return client;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        source.close();
        client.close();
    }
}
