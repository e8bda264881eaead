package io.jobkit.cdk;

import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.RecursiveLoop;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSourceProps;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Lambda function per Lambda-served queue, so each queue has its own concurrency cap, memory and timeout.
 *
 * <ol>
 *   <li>A role with no managed policy: log writes to the function's own log group, the worker permissions.</li>
 *   <li>The function (the handlers bundle as a file asset, no bundling) with SnapStart on published versions.</li>
 *   <li>An alias {@code live} on the current version; the SQS event source invokes the alias, so every message
 *       runs on a SnapStart snapshot and a deploy switches versions atomically.</li>
 * </ol>
 */
final class LambdaWorkers {
    static final String ALIAS = "live";

    /**
     * A queue's worker: the function (for metrics), the alias the event source invokes, and the event source
     * mapping's ARN (queue pause disables it).
     */
    record Worker(JobQueues.JobQueue queue, Function function, Alias alias, String eventSourceMappingArn) {
    }

    private LambdaWorkers() {
    }

    static List<Worker> create(Construct scope, JobKitProps props, List<JobQueues.JobQueue> queues,
                               Map<String, String> environment, JobKitPermissions permissions) {
        Construct parent = new Construct(scope, "LambdaWorkers");
        Map<String, Worker> out = new LinkedHashMap<>();
        for (JobQueues.JobQueue q : queues) {
            QueueWorkerOptions w = props.worker(q.def().name());
            if (w.runtime() != WorkerRuntime.LAMBDA) continue;
            Construct node = new Construct(parent, q.def().name());
            LogGroup logs = LogGroup.Builder.create(node, "Logs")
                    .retention(props.logRetention())
                    .removalPolicy(props.deletionProtection() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
                    .build();
            Role role = Role.Builder.create(node, "Role")
                    .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                    .description("jobkit Lambda worker for queue " + q.def().name())
                    .build();
            // Instead of AWSLambdaBasicExecutionRole: write to this log group only, never create log groups.
            logs.grantWrite(role);
            Function.Builder fn = Function.Builder.create(node, "Function")
                    .description("jobkit worker for queue " + q.def().name())
                    .runtime(props.lambdaRuntime())
                    .architecture(props.lambdaArchitecture())
                    .handler(props.lambdaHandler())
                    .code(props.lambdaCode().orElseThrow())
                    .memorySize(w.memoryMiB())
                    .timeout(JobQueues.cdk(w.timeout()))
                    .role(role)
                    .logGroup(logs)
                    .environment(environment)
                    .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                    .recursiveLoop(props.allowRecursiveLoops() ? RecursiveLoop.ALLOW : RecursiveLoop.TERMINATE);
            w.reservedConcurrency().ifPresent(fn::reservedConcurrentExecutions);
            Function function = fn.build();
            // CDK warns that SnapStart needs published versions; the alias below publishes one on every change.
            Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                    "versions are published through currentVersion and the 'live' alias");
            Alias alias = Alias.Builder.create(node, "Alias")
                    .aliasName(ALIAS)
                    .version(function.getCurrentVersion())
                    .build();
            SqsEventSourceProps.Builder source = SqsEventSourceProps.builder()
                    .batchSize(w.batchSize())
                    .reportBatchItemFailures(true)
                    .maxConcurrency(w.maxConcurrency());
            if (!w.maxBatchingWindow().isZero()) source.maxBatchingWindow(JobQueues.cdk(w.maxBatchingWindow()));
            // The event source grants the role receive/delete/change-visibility/get-attributes on this queue.
            SqsEventSource eventSource = new SqsEventSource(q.queue(), source.build());
            alias.addEventSource(eventSource);
            permissions.worker(role, List.of(q), false);
            out.put(q.def().name(), new Worker(q, function, alias, eventSource.getEventSourceMappingArn()));
        }
        return List.copyOf(out.values());
    }
}
