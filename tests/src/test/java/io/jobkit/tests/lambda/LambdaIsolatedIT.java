package io.jobkit.tests.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.jobkit.client.Backoff;
import io.jobkit.client.Job;
import io.jobkit.client.JobClient;
import io.jobkit.client.JobStatus;
import io.jobkit.client.WorkerInfo;
import io.jobkit.handlers.builtin.DemoHandlers;
import io.jobkit.local.lambda.EventSourceOptions;
import io.jobkit.local.lambda.FunctionSettings;
import io.jobkit.local.lambda.InvocationResult;
import io.jobkit.local.lambda.IsolatedRuntime;
import io.jobkit.local.lambda.LocalEventSource;
import io.jobkit.local.lambda.LocalFunction;
import io.jobkit.tests.support.LocalCloudExtension;
import io.jobkit.tests.support.TestCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The production code path: the shaded bundle in a child JVM under the AWS Lambda Runtime Interface Client, against
 * the local Runtime API, fed by the local SQS event source. Configuration reaches it only through the environment.
 */
@ExtendWith(LocalCloudExtension.class)
class LambdaIsolatedIT {
    private static final Path BUNDLE = Path.of(System.getProperty("jobkit.lambda.bundle",
            "../handlers/target/jobkit-handlers-lambda.jar"));

    private static Map<String, String> functionEnvironment(TestCloud cloud, String handlers) {
        Map<String, String> env = new HashMap<>(cloud.environment());
        env.put("JOBKIT_HANDLERS", handlers);
        return env;
    }

    @Test
    void jobsRunEndToEnd_throughTheRuntimeInterfaceClient(TestCloud cloud) {
        JobClient client = cloud.client();
        String ok = client.enqueue("demo.noop", Map.of());
        String rejected = client.enqueue("demo.reject", Map.of("reason", "customer 42 has no e-mail address"));
        String flaky = client.enqueue("demo.flaky", Map.of("failRate", 1.0, "millis", 10),
                o -> o.maxAttempts(2).backoff(Backoff.fixed(Duration.ofSeconds(1))));
        LocalFunction function = LocalFunction.isolated(FunctionSettings.of(1),
                IsolatedRuntime.of(BUNDLE, functionEnvironment(cloud, DemoHandlers.class.getName())));

        try (LocalEventSource source = LocalEventSource.start(client, function,
                EventSourceOptions.builder().pollWait(Duration.ofSeconds(1)).build())) {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() ->
                    status(client, ok) == JobStatus.SUCCEEDED && status(client, rejected) == JobStatus.FAILED
                            && status(client, flaky) == JobStatus.FAILED);
            assertThat(client.get(rejected).orElseThrow().lastError().message()).isEqualTo("customer 42 has no e-mail address");
            Job exhausted = client.get(flaky).orElseThrow();
            assertThat(exhausted.attempt()).isEqualTo(2);
            assertThat(exhausted.lastError().message()).startsWith("attempts exhausted (2 of 2)");
            assertThat(client.workers()).extracting(WorkerInfo::runtime).contains("lambda");
            assertThat(source.stats().functionErrors()).isZero();
            assertThat(source.stats().itemFailures()).as("the flaky job's first attempt came back as a batch item failure")
                    .isGreaterThanOrEqualTo(1);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> cloud.depth(cloud.dlqUrl("normal")) == 2);
        assertThat(cloud.depth(cloud.queueUrl("normal"))).isZero();
    }

    /**
     * The two paths a handler takes through the enqueue client's other SDK calls: a follow-up enqueue from inside the
     * handler (SQS send and DynamoDB write from the bundle) and a retry beyond SQS's 12-hour limit (a one-time
     * EventBridge schedule created through the bundle's Scheduler client). A class the bundle leaves out on either path
     * fails this test.
     */
    @Test
    void aFollowUpEnqueue_andALongRetryViaTheScheduler_runInTheBundle(TestCloud cloud) {
        JobClient client = cloud.client();
        String chain = client.enqueue("demo.chain", Map.of("next", "demo.noop"));
        String later = client.enqueue("demo.later", Map.of("retryAfterSeconds", Duration.ofHours(13).toSeconds()));
        LocalFunction function = LocalFunction.isolated(FunctionSettings.of(1),
                IsolatedRuntime.of(BUNDLE, functionEnvironment(cloud, DemoHandlers.class.getName())));

        try (LocalEventSource source = LocalEventSource.start(client, function,
                EventSourceOptions.builder().pollWait(Duration.ofSeconds(1)).build())) {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() ->
                    status(client, chain) == JobStatus.SUCCEEDED && status(client, later) == JobStatus.RETRYING);
            String next = client.get(chain).orElseThrow().result().path("next").asText();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> status(client, next) == JobStatus.SUCCEEDED);
            assertThat(client.get(next).orElseThrow().type()).isEqualTo("demo.noop");
            Job waiting = client.get(later).orElseThrow();
            assertThat(waiting.nextAttemptAt()).isAfter(java.time.Instant.now().plus(Duration.ofHours(12)));
            assertThat(cloud.scheduler().listSchedules(r -> r.groupName(cloud.topology().scheduleGroup())).schedules())
                    .as("the long retry's one-time schedule").hasSize(1);
            assertThat(source.stats().functionErrors()).isZero();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> cloud.depth(cloud.queueUrl("normal")) == 0);
    }

    @Test
    void aHandlerProviderThatIsNotInTheBundle_failsTheInit_namingTheClass(TestCloud cloud) {
        try (LocalFunction function = LocalFunction.isolated(FunctionSettings.of(1),
                IsolatedRuntime.of(BUNDLE, functionEnvironment(cloud, "com.example.MissingHandlers")))) {
            SQSEvent empty = new SQSEvent();
            empty.setRecords(List.of());
            InvocationResult result = function.invoke(empty);
            assertThat(result).isInstanceOf(InvocationResult.Failure.class);
            InvocationResult.Failure failure = (InvocationResult.Failure) result;
            assertThat(failure.errorType()).isEqualTo("Runtime.InitError");
            assertThat(failure.message()).contains("com.example.MissingHandlers");
        }
    }

    private static JobStatus status(JobClient client, String id) {
        return client.get(id).map(Job::status).orElse(null);
    }
}
