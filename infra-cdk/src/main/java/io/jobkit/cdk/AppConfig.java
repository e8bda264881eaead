package io.jobkit.cdk;

import io.jobkit.client.JobValidationException;
import io.jobkit.client.topology.Topology;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ec2.VpcLookupOptions;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sns.Topic;
import software.constructs.Construct;
import software.constructs.Node;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The app's configuration from CDK context (documented in infra-cdk/README.md). Topology keys go through
 * {@link Topology#fromEnvironment(Map)}, so the app accepts exactly the syntax the runtime reads from
 * {@code JOBKIT_QUEUES}/{@code JOBKIT_ROUTES}. Per-queue keys take a {@code .<queue>} suffix:
 * {@code maxConcurrency=10} sets every queue, {@code maxConcurrency.low=2} one queue.
 */
final class AppConfig {
    static final List<String> PER_QUEUE_KEYS = List.of("lambdaMemory", "lambdaTimeout", "batchSize",
            "batchingWindow", "maxConcurrency", "reservedConcurrency", "oldestMessageAlarm");

    private final ContextReader ctx;
    private final Path workingDirectory;
    final Topology topology;

    AppConfig(Node node, Path workingDirectory) {
        this.ctx = new ContextReader(node);
        this.workingDirectory = workingDirectory;
        Map<String, String> env = new HashMap<>();
        ctx.string("prefix").ifPresent(v -> env.put(WorkerEnvironment.PREFIX, v));
        ctx.string("tableName").ifPresent(v -> env.put(WorkerEnvironment.TABLE, v));
        ctx.string("scheduleGroup").ifPresent(v -> env.put(WorkerEnvironment.SCHEDULE_GROUP, v));
        ctx.string("queues").ifPresent(v -> env.put(WorkerEnvironment.QUEUES, v));
        ctx.string("routes").ifPresent(v -> env.put(WorkerEnvironment.ROUTES, v));
        ctx.string("tracking").ifPresent(v -> env.put(WorkerEnvironment.TRACKING, v));
        // whole numbers checked here, so a typo names the context key; the range is the topology's to check
        ctx.integer("statusShards").ifPresent(v -> env.put(WorkerEnvironment.STATUS_SHARDS, Integer.toString(v)));
        ctx.integer("statusListingShards")
                .ifPresent(v -> env.put(WorkerEnvironment.STATUS_LISTING_SHARDS, Integer.toString(v)));
        this.topology = Topology.fromEnvironment(env);
        for (String key : ctx.keys()) {
            int dot = key.lastIndexOf('.');
            if (dot > 0 && PER_QUEUE_KEYS.contains(key.substring(0, dot))) topology.queue(key.substring(dot + 1));
        }
    }

    /** {@code JobKit} for the default prefix, {@code JobKit-<prefix>} otherwise, so deployments can coexist. */
    String stackName() {
        return ctx.string("stackName").orElse(Topology.DEFAULT_PREFIX.equals(topology.prefix())
                ? "JobKit" : "JobKit-" + topology.prefix());
    }

    boolean nag() {
        return ctx.bool("nag").orElse(true);
    }

    Optional<String> vpcId() {
        return ctx.string("vpcId");
    }

    Path repositoryRoot() {
        return workingDirectory.resolve(ctx.string("repositoryRoot").orElse("..")).toAbsolutePath().normalize();
    }

    /** The props; {@code scope} is the stack, for the lookups (alarm topic, VPC) that need one. */
    JobKitProps props(Construct scope) {
        JobKitProps.Builder b = JobKitProps.builder().topology(topology);
        List<String> fargate = ctx.list("fargateQueues");
        List<String> external = ctx.list("externalQueues");
        for (String q : fargate) b.queue(checked(q, "fargateQueues"), w -> w.runtime(WorkerRuntime.FARGATE));
        for (String q : external) b.queue(checked(q, "externalQueues"), w -> w.runtime(WorkerRuntime.EXTERNAL));
        b.allQueues(w -> perQueue(w, ""));
        for (var q : topology.queues()) b.queue(q.name(), w -> perQueue(w, "." + q.name()));

        boolean anyLambda = topology.queues().stream()
                .anyMatch(q -> !fargate.contains(q.name()) && !external.contains(q.name()));
        if (anyLambda) {
            b.lambdaBundle(ctx.string("lambdaBundle").map(workingDirectory::resolve)
                    .orElse(repositoryRoot().resolve(JobKitProps.DEFAULT_LAMBDA_BUNDLE)));
        }
        ctx.string("handlers").ifPresent(b::handlersProvider);
        ctx.string("lambdaRuntime").ifPresent(v -> b.lambdaRuntime(runtime(v)));
        ctx.string("lambdaArchitecture").ifPresent(v -> b.lambdaArchitecture(architecture(v, "lambdaArchitecture")));
        ctx.bool("allowRecursiveLoops").ifPresent(b::allowRecursiveLoops);
        ctx.days("queueRetentionDays").ifPresent(b::queueRetention);
        ctx.days("dlqRetentionDays").ifPresent(b::dlqRetention);
        ctx.integer("logRetentionDays").ifPresent(d -> b.logRetention(logRetention(d)));
        ctx.bool("deletionProtection").ifPresent(b::deletionProtection);
        ctx.bool("legacyStatusIndex").ifPresent(b::legacyStatusIndex);
        ctx.bool("customerManagedKey").ifPresent(b::customerManagedKey);
        ctx.string("alarmEmail").ifPresent(b::alarmEmail);
        ctx.string("alarmTopicArn").ifPresent(arn -> b.alarmTopic(Topic.fromTopicArn(scope, "AlarmTopic", arn)));
        if (ctx.bool("dashboard").orElse(false)) {
            b.dashboard(true).adminBundle(ctx.string("adminBundle").map(workingDirectory::resolve)
                    .orElse(repositoryRoot().resolve(JobKitProps.DEFAULT_ADMIN_BUNDLE)));
            ctx.string("adminDomainPrefix").ifPresent(b::adminDomainPrefix);
        }

        if (!fargate.isEmpty()) {
            FargateWorkerOptions.Builder f = FargateWorkerOptions.builder();
            ctx.integer("fargateCpu").ifPresent(f::cpu);
            ctx.integer("fargateMemory").ifPresent(f::memoryMiB);
            ctx.integer("fargateMinTasks").ifPresent(f::minTasks);
            ctx.integer("fargateMaxTasks").ifPresent(f::maxTasks);
            ctx.integer("fargateBacklogPerTask").ifPresent(f::targetBacklogPerTask);
            Architecture arch = ctx.string("fargateArchitecture").map(v -> architecture(v, "fargateArchitecture"))
                    .orElse(Architecture.ARM_64);
            f.architecture(arch);
            f.image(WorkerImage.fromRepository(repositoryRoot(),
                    ctx.string("cliJar").orElse(WorkerImage.DEFAULT_CLI_JAR), arch));
            vpcId().ifPresent(id -> f.vpc(lookupVpc(scope, id)));
            b.fargate(f.build());
        }
        return b.build();
    }

    private void perQueue(QueueWorkerOptions.Builder w, String suffix) {
        ctx.integer("lambdaMemory" + suffix).ifPresent(w::memoryMiB);
        ctx.seconds("lambdaTimeout" + suffix).ifPresent(w::timeout);
        ctx.integer("batchSize" + suffix).ifPresent(w::batchSize);
        ctx.seconds("batchingWindow" + suffix).ifPresent(w::maxBatchingWindow);
        ctx.integer("maxConcurrency" + suffix).ifPresent(w::maxConcurrency);
        ctx.integer("reservedConcurrency" + suffix).ifPresent(w::reservedConcurrency);
        ctx.seconds("oldestMessageAlarm" + suffix).ifPresent(w::oldestMessageAlarm);
    }

    private String checked(String queue, String key) {
        if (topology.findQueue(queue).isEmpty()) {
            throw new JobValidationException("context '" + key + "' names unknown queue '" + queue + "'; known queues: "
                    + topology.queues().stream().map(q -> q.name()).toList());
        }
        return queue;
    }

    private static IVpc lookupVpc(Construct scope, String vpcId) {
        // Needs an environment-specific stack (account/region); JobKitApp sets one when vpcId is given.
        return Vpc.fromLookup(scope, "Vpc", VpcLookupOptions.builder().vpcId(vpcId).build());
    }

    static Runtime runtime(String value) {
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "java17" -> Runtime.JAVA_17;
            case "java21" -> Runtime.JAVA_21;
            case "java25" -> Runtime.JAVA_25;
            default -> throw new JobValidationException("context 'lambdaRuntime' must be java17, java21 or java25,"
                    + " was '" + value + "'");
        };
    }

    static Architecture architecture(String value, String key) {
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "arm64", "arm_64" -> Architecture.ARM_64;
            case "x86_64", "amd64" -> Architecture.X86_64;
            default -> throw new JobValidationException("context '" + key + "' must be arm64 or x86_64, was '"
                    + value + "'");
        };
    }

    static RetentionDays logRetention(int days) {
        return switch (days) {
            case 1 -> RetentionDays.ONE_DAY;
            case 3 -> RetentionDays.THREE_DAYS;
            case 5 -> RetentionDays.FIVE_DAYS;
            case 7 -> RetentionDays.ONE_WEEK;
            case 14 -> RetentionDays.TWO_WEEKS;
            case 30 -> RetentionDays.ONE_MONTH;
            case 60 -> RetentionDays.TWO_MONTHS;
            case 90 -> RetentionDays.THREE_MONTHS;
            case 180 -> RetentionDays.SIX_MONTHS;
            case 365 -> RetentionDays.ONE_YEAR;
            case 0 -> RetentionDays.INFINITE;
            default -> throw new JobValidationException("context 'logRetentionDays' must be one of 1, 3, 5, 7, 14, 30,"
                    + " 60, 90, 180, 365 or 0 (never expire), was " + days);
        };
    }

    /**
     * Context keys that look like this app's (no ':' or '@', which CDK's own keys carry) but that it does not read:
     * almost always a typo, reported as a synth warning rather than silently ignored.
     */
    List<String> unknownKeys() {
        return ctx.keys().stream()
                .filter(k -> !k.contains(":") && !k.startsWith("@"))
                .filter(k -> !KEYS.contains(k))
                .filter(k -> k.lastIndexOf('.') <= 0 || !PER_QUEUE_KEYS.contains(k.substring(0, k.lastIndexOf('.'))))
                .filter(k -> !PER_QUEUE_KEYS.contains(k))
                .sorted().toList();
    }

    /** Context keys this app reads besides the per-queue ones. */
    static final Set<String> KEYS = Set.of("prefix", "tableName", "scheduleGroup", "queues", "routes",
            "fargateQueues", "externalQueues", "lambdaBundle", "handlers", "lambdaRuntime", "lambdaArchitecture",
            "allowRecursiveLoops", "queueRetentionDays", "dlqRetentionDays", "logRetentionDays", "deletionProtection",
            "customerManagedKey", "alarmEmail", "alarmTopicArn", "fargateCpu", "fargateMemory", "fargateMinTasks",
            "fargateMaxTasks", "fargateBacklogPerTask", "fargateArchitecture", "cliJar", "vpcId", "repositoryRoot",
            "stackName", "nag", "dashboard", "adminBundle", "adminDomainPrefix", "legacyStatusIndex", "tracking",
            "statusShards", "statusListingShards");
}
