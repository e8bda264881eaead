package io.jobkit.local;

import io.jobkit.client.JobValidationException;
import io.jobkit.client.provision.ProvisionedResources;
import io.jobkit.client.provision.Provisioner;
import io.jobkit.client.topology.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import io.jobkit.local.scheduler.LocalScheduler;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * jobkit's AWS services, emulated in this JVM on 127.0.0.1 and provisioned for a {@link Topology}: SQS (ElasticMQ),
 * DynamoDB (DynamoDB Local, in memory), EventBridge Scheduler ({@link LocalScheduler}, firing into that SQS) and the
 * Lambda API's event source mapping calls ({@link io.jobkit.local.lambda.LocalLambdaApi}).
 * Tests start it on free ports; {@code local/run up} on the default ones.
 *
 * <pre>{@code
 * try (LocalCloud cloud = LocalCloud.builder().sqsPort(0).dynamoDbPort(0).schedulerPort(0).start();
 *      SqsClient sqs = cloud.sqsClient()) { ... }
 * }</pre>
 *
 * <ol>
 *   <li>Check every fixed port is free first, so a busy port fails in milliseconds with a message naming it.</li>
 *   <li>Start the emulators (side by side, see {@link EmulatorStarter}), then the scheduler (it fires into the SQS
 *       emulator), and record them in start order; each binds to 127.0.0.1 only.</li>
 *   <li>Provision the topology (queues with their DLQs, the jobs table, the schedule group) through the shared
 *       {@link Provisioner}.</li>
 *   <li>If any step fails, close what started and rethrow. {@link #close()} stops the components in reverse
 *       start order, each with a bounded wait; a second close does nothing.</li>
 * </ol>
 */
public final class LocalCloud implements AutoCloseable {
    /** Credentials the emulators accept (any value works; these are what {@code local/run} prints). */
    public static final String ACCESS_KEY_ID = "local";
    public static final String SECRET_ACCESS_KEY = "local";
    public static final String DEFAULT_REGION = "us-east-1";
    /** The role ARN jobkit puts on local schedules ({@code JOBKIT_SCHEDULER_ROLE_ARN}); locally only its form counts. */
    public static final String SCHEDULER_ROLE_ARN = "arn:aws:iam::000000000000:role/jobkit-scheduler";
    private static final Logger log = LoggerFactory.getLogger(LocalCloud.class);
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z0-9]+)+");

    private final Topology topology;
    private final Duration jobRetention;
    private final Region region;
    private final AwsCredentialsProvider credentials =
            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY));
    private final List<LocalComponent> started = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private ElasticMqServer sqs;
    private DynamoDbLocalServer dynamoDb;
    private SchedulerServer scheduler;
    private LambdaApiServer lambdaApi;
    private ProvisionedResources provisioned;
    private Duration startupTime;

    private LocalCloud(Builder b) {
        this.topology = b.topology;
        this.jobRetention = b.jobRetention;
        this.region = Region.of(b.region);
    }

    public static Builder builder() {
        return new Builder();
    }

    private LocalCloud start(Builder b) {
        long begin = System.nanoTime();
        try {
            Ports.requireFree(LocalService.SQS, b.sqsPort);
            Ports.requireFree(LocalService.DYNAMODB, b.dynamoDbPort);
            Ports.requireFree(LocalService.SCHEDULER, b.schedulerPort);
            EmulatorStarter.Emulators emulators = new EmulatorStarter(region, credentials)
                    .start(b.sqsPort, b.dynamoDbPort);
            sqs = emulators.sqs();
            started.add(sqs);
            dynamoDb = emulators.dynamoDb();
            started.add(dynamoDb);
            scheduler = SchedulerServer.start(b.schedulerPort, region.id(), sqs.endpoint(), b.schedulerClock);
            started.add(scheduler);
            lambdaApi = LambdaApiServer.start(b.lambdaPort);
            started.add(lambdaApi);
            provision();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        startupTime = Duration.ofNanos(System.nanoTime() - begin);
        return this;
    }

    private void provision() {
        long begin = System.nanoTime();
        try (SqsClient sqsClient = sqsClient(); DynamoDbClient dynamoClient = dynamoDbClient();
             SchedulerClient schedulerClient = schedulerClient()) {
            Provisioner provisioner = Provisioner.of(sqsClient, dynamoClient, schedulerClient, topology);
            if (jobRetention != null) provisioner = provisioner.jobRetention(jobRetention);
            provisioned = provisioner.provision();
        }
        log.info("provisioned {} queues with DLQs, table {} and schedule group {} ({} ms)",
                provisioned.queues().size(), provisioned.tableName(), provisioned.scheduleGroup(), millisSince(begin));
    }

    public URI sqsEndpoint() {
        return sqs.endpoint();
    }

    public URI dynamoDbEndpoint() {
        return dynamoDb.endpoint();
    }

    public URI schedulerEndpoint() {
        return scheduler.endpoint();
    }

    /**
     * The local EventBridge Scheduler, e.g. to {@link LocalScheduler#tick() tick} it after moving the clock given to
     * {@link Builder#schedulerClock(Clock)}.
     */
    public LocalScheduler scheduler() {
        return scheduler.scheduler();
    }

    /**
     * The local Lambda API (event source mappings): register a {@link io.jobkit.local.lambda.LocalEventSource} with it
     * and the SDK's {@code LambdaClient} lists, reads, disables and enables its mappings.
     */
    public io.jobkit.local.lambda.LocalLambdaApi lambdaApi() {
        return lambdaApi.api();
    }

    public URI lambdaEndpoint() {
        return lambdaApi.api().endpoint();
    }

    public Region region() {
        return region;
    }

    /** Static credentials ({@value #ACCESS_KEY_ID}/{@value #SECRET_ACCESS_KEY}) for SDK client builders. */
    public AwsCredentialsProvider credentialsProvider() {
        return credentials;
    }

    public Topology topology() {
        return topology;
    }

    /** What was provisioned: each queue's URL and DLQ URL, and the table. */
    public ProvisionedResources provisioned() {
        return provisioned;
    }

    /** Wall time from {@link Builder#start()} until everything was up and provisioned. */
    public Duration startupTime() {
        return startupTime;
    }

    /**
     * The environment a process needs to use this cloud: the {@code AWS_ENDPOINT_URL_*} variable of each service
     * (the AWS SDKs and CLI read them themselves), {@code AWS_REGION} (and {@code AWS_DEFAULT_REGION}), the
     * credentials, and the {@code JOBKIT_*} variables that rebuild the topology. In a stable order, for printing.
     */
    public Map<String, String> clientEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        for (LocalComponent component : started) env.putAll(component.clientEnvironment());
        env.put("AWS_REGION", region.id());
        env.put("AWS_DEFAULT_REGION", region.id());  // the AWS CLI v1 reads only this one
        env.put("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID);
        env.put("AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY);
        env.putAll(TopologyEnvironment.of(topology));
        return Collections.unmodifiableMap(env);
    }

    /** A new SQS client pointed at this cloud; the caller closes it. */
    public SqsClient sqsClient() {
        return AwsClients.sqs(sqsEndpoint(), region, credentials);
    }

    /** A new DynamoDB client pointed at this cloud; the caller closes it. */
    public DynamoDbClient dynamoDbClient() {
        return AwsClients.dynamoDb(dynamoDbEndpoint(), region, credentials);
    }

    /** A new EventBridge Scheduler client pointed at this cloud; the caller closes it. */
    public SchedulerClient schedulerClient() {
        return AwsClients.scheduler(schedulerEndpoint(), region, credentials);
    }

    /** Stops every component, latest first, each within a bounded time. Safe to call more than once. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true) || started.isEmpty()) return;
        long begin = System.nanoTime();
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
        log.info("local cloud stopped ({} ms)", millisSince(begin));
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    /** Options for a local cloud; every option has a default, so {@code builder().start()} works. */
    public static final class Builder {
        private int sqsPort = LocalService.SQS.defaultPort();
        private int dynamoDbPort = LocalService.DYNAMODB.defaultPort();
        private int schedulerPort = LocalService.SCHEDULER.defaultPort();
        private int lambdaPort = 0;
        private Clock schedulerClock = Clock.systemUTC();
        private Topology topology = Topology.defaults();
        private Duration jobRetention;
        private String region = DEFAULT_REGION;

        private Builder() {
        }

        /** SQS port on 127.0.0.1; default 9324; 0 picks a free port. */
        public Builder sqsPort(int port) {
            this.sqsPort = Ports.validate(LocalService.SQS, port);
            return this;
        }

        /** DynamoDB port on 127.0.0.1; default 8000; 0 picks a free port. */
        public Builder dynamoDbPort(int port) {
            this.dynamoDbPort = Ports.validate(LocalService.DYNAMODB, port);
            return this;
        }

        /** EventBridge Scheduler port on 127.0.0.1; default 8085; 0 picks a free port. */
        public Builder schedulerPort(int port) {
            this.schedulerPort = Ports.validate(LocalService.SCHEDULER, port);
            return this;
        }

        /** Lambda API (event source mappings) port on 127.0.0.1; default 0, a free port (its URL is in the exports). */
        public Builder lambdaPort(int port) {
            if (port < 0 || port > 65535) throw new JobValidationException("lambda port " + port + " is out of range; use 0-65535");
            this.lambdaPort = port;
            return this;
        }

        /**
         * The clock the local scheduler fires by; default the system clock. With a test clock, move the time and call
         * {@code scheduler().tick()} to run simulated hours of firings at once (its background thread follows the
         * clock too, within a second).
         */
        public Builder schedulerClock(Clock clock) {
            if (clock == null) throw new JobValidationException("schedulerClock is null; use Clock.systemUTC()");
            this.schedulerClock = clock;
            return this;
        }

        /**
         * The job retention the cloud's clients use ({@code JOBKIT_RETENTION}); provisioning refuses one shorter than
         * the queues' message retention, as {@code jobkit provision} and the CDK app do. Default: not checked.
         */
        public Builder jobRetention(Duration retention) {
            this.jobRetention = retention;
            return this;
        }

        /** What to provision; default {@link Topology#defaults()} (prefix {@code jobkit}, the four priority queues). */
        public Builder topology(Topology topology) {
            if (topology == null) throw new JobValidationException("topology is null; use Topology.defaults()");
            this.topology = topology;
            return this;
        }

        /** Region clients use and queue ARNs carry; default {@value LocalCloud#DEFAULT_REGION}. */
        public Builder region(String region) {
            if (region == null || !REGION.matcher(region).matches()) {
                throw new JobValidationException("region '" + region + "' is invalid; use an AWS region name such as "
                        + DEFAULT_REGION);
            }
            this.region = region;
            return this;
        }

        /** Starts everything and provisions the topology; throws if a port is taken or an emulator fails. */
        public LocalCloud start() {
            return new LocalCloud(this).start(this);
        }
    }
}
