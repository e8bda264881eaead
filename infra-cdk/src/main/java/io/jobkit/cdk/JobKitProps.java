package io.jobkit.cdk;

import io.jobkit.client.JobValidationException;
import io.jobkit.client.topology.QueueDef;
import io.jobkit.client.topology.Topology;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sns.ITopic;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Everything {@link JobKit} deploys, immutable. Build with {@link #builder()}; every field has a default except the
 * Lambda code (needed when a queue is served by Lambda) and the Fargate image (needed when one is served by Fargate).
 */
public final class JobKitProps {
    /** The Lambda entry point in the handlers bundle. */
    public static final String LAMBDA_HANDLER = "io.jobkit.handlers.lambda.JobLambdaHandler::handleRequest";
    /** Where {@code mvn -pl handlers -am package} leaves the Lambda bundle, relative to the repository root. */
    public static final String DEFAULT_LAMBDA_BUNDLE = "handlers/target/jobkit-handlers-lambda.jar";
    /** Where {@code mvn -pl admin -am package} leaves the admin console's Lambda bundle. */
    public static final String DEFAULT_ADMIN_BUNDLE = "admin/target/jobkit-admin-lambda.jar";

    private final Builder source;
    private final Map<String, QueueWorkerOptions> workers;

    private JobKitProps(Builder b) {
        this.source = b.copy();
        Map<String, QueueWorkerOptions> resolved = new LinkedHashMap<>();
        for (QueueDef q : b.topology.queues()) {
            QueueWorkerOptions.Builder w = QueueWorkerOptions.defaultsFor(q).toBuilder();
            b.allQueues.forEach(c -> c.accept(w));
            b.perQueue.getOrDefault(q.name(), List.of()).forEach(c -> c.accept(w));
            resolved.put(q.name(), PropsChecks.fifo(q, w.build()));
        }
        for (String name : b.perQueue.keySet()) {
            b.topology.queue(name); // unknown names fail with the list of known queues
        }
        this.workers = Collections.unmodifiableMap(resolved);
        PropsChecks.check(this);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return source.copy();
    }

    public Topology topology() { return source.topology; }

    /** Worker options per queue name, in topology order. */
    public Map<String, QueueWorkerOptions> workers() { return workers; }

    public QueueWorkerOptions worker(String queue) {
        source.topology.queue(queue);
        return workers.get(queue);
    }

    /** Names of the queues served by {@code runtime}, in topology order. */
    public List<String> queuesServedBy(WorkerRuntime runtime) {
        List<String> out = new ArrayList<>();
        workers.forEach((name, w) -> { if (w.runtime() == runtime) out.add(name); });
        return out;
    }

    public Optional<Code> lambdaCode() { return Optional.ofNullable(source.lambdaCode); }
    public String lambdaHandler() { return source.lambdaHandler; }
    public Runtime lambdaRuntime() { return source.lambdaRuntime; }
    public Architecture lambdaArchitecture() { return source.lambdaArchitecture; }
    public Optional<String> handlersProvider() { return Optional.ofNullable(source.handlersProvider); }
    public Map<String, String> environment() { return Collections.unmodifiableMap(source.environment); }
    public boolean allowRecursiveLoops() { return source.allowRecursiveLoops; }
    public Optional<FargateWorkerOptions> fargate() { return Optional.ofNullable(source.fargate); }
    public Duration queueRetention() { return source.queueRetention; }
    public Duration dlqRetention() { return source.dlqRetention; }
    public RetentionDays logRetention() { return source.logRetention; }
    public boolean deletionProtection() { return source.deletionProtection; }
    public boolean legacyStatusIndex() { return source.legacyStatusIndex; }
    public boolean customerManagedKey() { return source.customerManagedKey; }
    public Optional<String> alarmEmail() { return Optional.ofNullable(source.alarmEmail); }
    public Optional<ITopic> alarmTopic() { return Optional.ofNullable(source.alarmTopic); }
    public boolean dashboard() { return source.dashboard; }
    public Optional<Code> adminCode() { return Optional.ofNullable(source.adminCode); }
    /** The console's Cognito hosted-domain prefix; empty means {@code <prefix>-admin-<account id>}. */
    public Optional<String> adminDomainPrefix() { return Optional.ofNullable(source.adminDomainPrefix); }

    /** Mutable builder. Defaults are documented on each setter. */
    public static final class Builder {
        private Topology topology = Topology.defaults();
        private final List<Consumer<QueueWorkerOptions.Builder>> allQueues = new ArrayList<>();
        private final Map<String, List<Consumer<QueueWorkerOptions.Builder>>> perQueue = new LinkedHashMap<>();
        private Code lambdaCode;
        private String lambdaHandler = LAMBDA_HANDLER;
        private Runtime lambdaRuntime = Runtime.JAVA_21;
        private Architecture lambdaArchitecture = Architecture.ARM_64;
        private String handlersProvider;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private boolean allowRecursiveLoops = true;
        private FargateWorkerOptions fargate;
        private Duration queueRetention = Duration.ofDays(4);
        private Duration dlqRetention = Duration.ofDays(14);
        private RetentionDays logRetention = RetentionDays.ONE_MONTH;
        private boolean deletionProtection = true;
        private boolean legacyStatusIndex;
        private boolean customerManagedKey;
        private String alarmEmail;
        private ITopic alarmTopic;
        private boolean dashboard;
        private Code adminCode;
        private String adminDomainPrefix;

        private Builder() {
        }

        private Builder copy() {
            Builder c = new Builder();
            c.topology = topology;
            c.allQueues.addAll(allQueues);
            perQueue.forEach((k, v) -> c.perQueue.put(k, new ArrayList<>(v)));
            c.lambdaCode = lambdaCode;
            c.lambdaHandler = lambdaHandler;
            c.lambdaRuntime = lambdaRuntime;
            c.lambdaArchitecture = lambdaArchitecture;
            c.handlersProvider = handlersProvider;
            c.environment.putAll(environment);
            c.allowRecursiveLoops = allowRecursiveLoops;
            c.fargate = fargate;
            c.queueRetention = queueRetention;
            c.dlqRetention = dlqRetention;
            c.logRetention = logRetention;
            c.deletionProtection = deletionProtection;
            c.legacyStatusIndex = legacyStatusIndex;
            c.customerManagedKey = customerManagedKey;
            c.alarmEmail = alarmEmail;
            c.alarmTopic = alarmTopic;
            c.dashboard = dashboard;
            c.adminCode = adminCode;
            c.adminDomainPrefix = adminDomainPrefix;
            return c;
        }

        /** Queue, table and group names and the routes (default {@link Topology#defaults()}). */
        public Builder topology(Topology value) { topology = value; return this; }

        /** Adjusts the worker options of every queue; applied before {@link #queue}. */
        public Builder allQueues(Consumer<QueueWorkerOptions.Builder> change) { allQueues.add(change); return this; }

        /** Adjusts the worker options of queue {@code name} (which must be in the topology). */
        public Builder queue(String name, Consumer<QueueWorkerOptions.Builder> change) {
            perQueue.computeIfAbsent(name, k -> new ArrayList<>()).add(change);
            return this;
        }

        /** The Lambda code; usually {@link #lambdaBundle(Path)}. */
        public Builder lambdaCode(Code value) { lambdaCode = value; return this; }

        /** The shaded handlers jar as the Lambda code asset (uploaded as is: no Docker, no bundling). */
        public Builder lambdaBundle(Path jar) {
            if (!Files.isRegularFile(jar)) {
                throw new JobValidationException("Lambda bundle " + jar.toAbsolutePath().normalize() + " not found;"
                        + " build it first with `mvn -B -pl handlers -am package -DskipTests` from the repository"
                        + " root, or point lambdaBundle at your own bundle (CDK CLI: -c lambdaBundle=<path>)");
            }
            lambdaCode = Code.fromAsset(jar.toAbsolutePath().normalize().toString());
            return this;
        }

        /** The handler string (default {@link #LAMBDA_HANDLER}). */
        public Builder lambdaHandler(String value) { lambdaHandler = value; return this; }

        /** Lambda runtime (default Java 21: the newest LTS runtime jobkit is built and tested for). */
        public Builder lambdaRuntime(Runtime value) { lambdaRuntime = value; return this; }

        /** Lambda architecture (default ARM_64: Graviton costs ~20% less per GB-second). */
        public Builder lambdaArchitecture(Architecture value) { lambdaArchitecture = value; return this; }

        /** Fully qualified class of the application's handler provider, passed as {@code JOBKIT_HANDLERS}. */
        public Builder handlersProvider(String className) { handlersProvider = className; return this; }

        /** Extra environment variables for every worker (Lambda and Fargate), e.g. the application's own config. */
        public Builder environment(Map<String, String> values) { environment.putAll(values); return this; }

        /**
         * Whether Lambda may run SQS→Lambda→SQS loops (default true). Job chains and follow-up jobs form such loops
         * on purpose; Lambda's recursion guard would drop the 17th link of a chain. Retries are bounded by each
         * job's maxAttempts and the DLQ, not by this guard.
         */
        public Builder allowRecursiveLoops(boolean value) { allowRecursiveLoops = value; return this; }

        /** The container worker service for FARGATE queues. */
        public Builder fargate(FargateWorkerOptions value) { fargate = value; return this; }

        public Builder fargate(Consumer<FargateWorkerOptions.Builder> change) {
            FargateWorkerOptions.Builder f = fargate != null ? fargate.toBuilder() : FargateWorkerOptions.builder();
            change.accept(f);
            fargate = f.build();
            return this;
        }

        /** How long a queued job may wait before SQS drops it (default 4 days, max 14). */
        public Builder queueRetention(Duration value) { queueRetention = value; return this; }

        /** How long a dead job stays in its DLQ for inspection and redrive (default 14 days, the SQS maximum). */
        public Builder dlqRetention(Duration value) { dlqRetention = value; return this; }

        /** Retention of the workers' log groups (default one month). */
        public Builder logRetention(RetentionDays value) { logRetention = value; return this; }

        /**
         * Table deletion protection (default true). When true the table is also retained if the stack is deleted;
         * when false, {@code cdk destroy} deletes it (for development stacks).
         */
        public Builder deletionProtection(boolean value) { deletionProtection = value; return this; }

        /**
         * Keep the table's old status index ({@code by-status}) next to {@code by-status-v2} (default false). Only for
         * the first of the two deploys that upgrade a table created before tracking levels: CloudFormation creates or
         * deletes one GSI per update, so deploy once with this on (adds v2, keeps the old one while DynamoDB backfills
         * v2), then once with it off (removes the old one).
         */
        public Builder legacyStatusIndex(boolean value) { legacyStatusIndex = value; return this; }

        /**
         * Encrypt queues, table and alarm topic with one customer-managed KMS key (rotated yearly) instead of the
         * free SQS-managed and AWS-managed keys (default false). Costs $1/month plus requests; grants then include
         * the key.
         */
        public Builder customerManagedKey(boolean value) { customerManagedKey = value; return this; }

        /** An e-mail address subscribed to the alarm topic (the recipient must confirm the subscription). */
        public Builder alarmEmail(String value) { alarmEmail = value; return this; }

        /** An existing topic for alarm notifications instead of the one jobkit creates. */
        public Builder alarmTopic(ITopic value) { alarmTopic = value; return this; }

        /**
         * Deploy the operator console (default false): the admin API as a Lambda function behind an API Gateway
         * HTTP API with a Cognito user pool for sign-in. Needs {@link #adminBundle(Path)} or {@link #adminCode(Code)}.
         */
        public Builder dashboard(boolean value) { dashboard = value; return this; }

        /** The admin console's Lambda code; usually {@link #adminBundle(Path)}. */
        public Builder adminCode(Code value) { adminCode = value; return this; }

        /**
         * The Cognito domain prefix of the console's sign-in pages, {@code https://<prefix>.auth.<region>.amazoncognito.com}
         * (CDK CLI: {@code -c adminDomainPrefix=...}). Default {@code <prefix>-admin-<account id>}, unique per account;
         * a prefix is global within a region, so pick one of your own when that is taken. 1-63 lowercase letters,
         * digits and hyphens, not at either end, and not containing aws, amazon or cognito (Cognito's rules).
         */
        public Builder adminDomainPrefix(String value) {
            adminDomainPrefix = checkDomainPrefix(value);
            return this;
        }

        static String checkDomainPrefix(String value) {
            String v = value == null ? "" : value.trim();
            if (!v.matches("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")) {
                throw new JobValidationException("adminDomainPrefix '" + value + "' is not a Cognito domain prefix: use 1-63"
                        + " lowercase letters, digits and hyphens, starting and ending with a letter or digit");
            }
            for (String reserved : List.of("aws", "amazon", "cognito")) {
                if (v.contains(reserved)) {
                    throw new JobValidationException("adminDomainPrefix '" + value + "' contains '" + reserved
                            + "', which Cognito reserves; pick another prefix");
                }
            }
            return v;
        }

        /** The shaded admin jar ({@value #DEFAULT_ADMIN_BUNDLE}) as the console function's code asset. */
        public Builder adminBundle(Path jar) {
            if (!Files.isRegularFile(jar)) {
                throw new JobValidationException("admin bundle " + jar.toAbsolutePath().normalize() + " not found;"
                        + " build it first with `mvn -B -pl admin -am package -DskipTests` from the repository root,"
                        + " or point adminBundle at it (CDK CLI: -c adminBundle=<path>)");
            }
            adminCode = Code.fromAsset(jar.toAbsolutePath().normalize().toString());
            return this;
        }

        public JobKitProps build() {
            return new JobKitProps(this);
        }
    }
}
