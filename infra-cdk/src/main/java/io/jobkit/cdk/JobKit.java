package io.jobkit.cdk;

import io.jobkit.client.JobValidationException;
import io.jobkit.client.topology.Topology;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * jobkit on AWS: the queues and DLQs of a {@link Topology}, the jobs table, the EventBridge Scheduler group and
 * role, the workers (Lambda per queue, optional Fargate service), alarms and a dashboard.
 *
 * <pre>{@code
 * JobKit jobs = new JobKit(this, "Jobs", JobKitProps.builder()
 *         .lambdaBundle(Path.of("../handlers/target/jobkit-handlers-lambda.jar"))
 *         .handlersProvider("com.acme.jobs.Handlers")
 *         .queue("low", w -> w.maxConcurrency(2))
 *         .alarmEmail("oncall@acme.example")
 *         .build());
 * jobs.grantEnqueue(ordersFunction);                                // what JobClient needs to enqueue
 * jobs.clientEnvironment().forEach(ordersFunction::addEnvironment);  // JOBKIT_* for the producer
 * }</pre>
 *
 * <ol>
 *   <li>Optional customer-managed key, then queues (their visibility follows the consumer), table, scheduler.</li>
 *   <li>Workers, each with only the permissions a worker uses.</li>
 *   <li>Alarms and dashboard over all of it.</li>
 * </ol>
 */
public class JobKit extends Construct {
    private final JobKitProps props;
    private final IKey key;
    private final List<JobQueues.JobQueue> queues;
    private final software.amazon.awscdk.services.dynamodb.Table table;
    private final SchedulerAccess scheduler;
    private final JobKitPermissions permissions;
    private final List<LambdaWorkers.Worker> lambdaWorkers;
    private final FargateWorkers fargateWorkers;
    private final Alarms alarms;
    private final Dashboard dashboard;
    private final AdminConsole console;

    public JobKit(Construct scope, String id, JobKitProps props) {
        super(scope, id);
        this.props = props;
        this.key = props.customerManagedKey()
                ? Key.Builder.create(this, "Key")
                        .description("jobkit " + props.topology().prefix() + ": queues, jobs table, alarm topic")
                        .enableKeyRotation(true)
                        .removalPolicy(RemovalPolicy.RETAIN) // data encrypted with it may outlive the stack
                        .pendingWindow(Duration.days(30))
                        .build()
                : null;
        this.queues = JobQueues.create(this, props, key);
        this.table = JobsTable.create(this, props, key);
        this.scheduler = new SchedulerAccess(this, props, queues, key);
        this.permissions = new JobKitPermissions(queues, table, scheduler, key);

        Map<String, String> env = new java.util.LinkedHashMap<>(props.environment());
        env.putAll(clientEnvironment());
        this.lambdaWorkers = props.queuesServedBy(WorkerRuntime.LAMBDA).isEmpty()
                ? List.of() : LambdaWorkers.create(this, props, queues, env, permissions);
        List<JobQueues.JobQueue> fargateQueues = queues.stream()
                .filter(q -> props.worker(q.def().name()).runtime() == WorkerRuntime.FARGATE).toList();
        this.fargateWorkers = fargateQueues.isEmpty() ? null
                : new FargateWorkers(this, props, fargateQueues, env, permissions);

        this.console = props.dashboard()
                ? new AdminConsole(this, props, env, permissions, lambdaWorkers) : null;

        this.alarms = new Alarms(this, props, key);
        for (JobQueues.JobQueue q : queues) {
            alarms.dlqNotEmpty(q);
            alarms.oldestMessage(q, props.worker(q.def().name()).oldestMessageAlarm());
            alarms.failureRate(q);
        }
        for (LambdaWorkers.Worker w : lambdaWorkers) {
            alarms.lambdaErrors(w);
            alarms.lambdaThrottles(w);
        }
        alarms.schedulerErrors(scheduler);
        this.dashboard = JobDashboard.create(this, props, queues, lambdaWorkers, fargateWorkers, scheduler, alarms.all);
        NagRules.builtIns(props, lambdaWorkers, fargateWorkers);
    }

    /** Lets {@code grantee} do what {@code JobClient} does to enqueue: send, schedule, write job records. */
    public Grant grantEnqueue(IGrantable grantee) {
        return permissions.enqueue(grantee);
    }

    /** Lets {@code grantee} read job status, list jobs and schedules, and see queue and DLQ depths. */
    public Grant grantRead(IGrantable grantee) {
        return permissions.read(grantee);
    }

    /** Enqueue + read + schedule management + DLQ inspection, purge and redrive (for operators and the CLI). */
    public Grant grantAdmin(IGrantable grantee) {
        return permissions.admin(grantee);
    }

    /**
     * The {@code JOBKIT_*} variables a producer or worker needs to find this deployment (prefix, table, schedule
     * group, scheduler role ARN, named queues, routes, handler provider); the values may be CDK tokens.
     */
    public Map<String, String> clientEnvironment() {
        return WorkerEnvironment.of(props.topology(), scheduler.role.getRoleArn(), props.handlersProvider());
    }

    public Topology topology() {
        return props.topology();
    }

    public IQueue queue(String name) {
        return find(name).queue();
    }

    public IQueue deadLetterQueue(String name) {
        return find(name).dlq();
    }

    public ITable table() {
        return table;
    }

    public String scheduleGroupName() {
        return props.topology().scheduleGroup();
    }

    /** The role EventBridge Scheduler assumes to send scheduled jobs ({@code JOBKIT_SCHEDULER_ROLE_ARN}). */
    public IRole schedulerRole() {
        return scheduler.role;
    }

    /** The alias {@code live} that the queue's event source invokes, if the queue is served by Lambda. */
    public Optional<IFunction> lambdaWorker(String queue) {
        find(queue);
        return lambdaWorkers.stream().filter(w -> w.queue().def().name().equals(queue))
                .map(w -> (IFunction) w.alias()).findFirst();
    }

    public Optional<FargateService> fargateService() {
        return Optional.ofNullable(fargateWorkers).map(f -> f.service);
    }

    public Optional<IKey> key() {
        return Optional.ofNullable(key);
    }

    public ITopic alarmTopic() {
        return alarms.topic;
    }

    public List<Alarm> alarms() {
        return List.copyOf(alarms.all);
    }

    public Dashboard dashboard() {
        return dashboard;
    }

    /** The operator console's URL, when deployed ({@link JobKitProps.Builder#dashboard(boolean)}). */
    public Optional<String> consoleUrl() {
        return Optional.ofNullable(console).map(AdminConsole::url);
    }

    /** The Cognito user pool people sign in to the console with, when deployed. */
    public Optional<software.amazon.awscdk.services.cognito.IUserPool> consoleUserPool() {
        return Optional.ofNullable(console).map(c -> c.userPool);
    }

    /** The console's app client id (the tokens' audience), when deployed. */
    public Optional<String> consoleClientId() {
        return Optional.ofNullable(console).map(c -> c.client.getUserPoolClientId());
    }

    /** The console's Cognito hosted sign-in address, {@code https://<prefix>.auth.<region>.amazoncognito.com}, when deployed. */
    public Optional<String> consoleSignInDomain() {
        return Optional.ofNullable(console).map(AdminConsole::signInDomain);
    }

    /** The generated secret holding the console's session key, when deployed. */
    public Optional<software.amazon.awscdk.services.secretsmanager.ISecret> consoleSessionKey() {
        return Optional.ofNullable(console).map(c -> c.sessionKey);
    }

    /** The console function's role, when deployed. */
    public Optional<IRole> consoleRole() {
        return Optional.ofNullable(console).map(c -> c.role);
    }

    private JobQueues.JobQueue find(String name) {
        props.topology().queue(name); // unknown names fail with the list of known queues
        return queues.stream().filter(q -> q.def().name().equals(name)).findFirst()
                .orElseThrow(() -> new JobValidationException("queue '" + name + "' is not deployed"));
    }
}
