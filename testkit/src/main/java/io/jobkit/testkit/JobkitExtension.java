package io.jobkit.testkit;

import io.jobkit.client.JobClient;
import io.jobkit.client.JobEnqueuer;
import io.jobkit.client.topology.Topology;
import io.jobkit.local.LocalCloud;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Integration tests against the real protocol: one {@link LocalCloud} per test JVM on free ports (started by the
 * first class that needs it, stopped when the JVM's tests end), and for each test class its own prefix —
 * its own queues, DLQs, table and schedule group — so classes never see each other's jobs.
 *
 * <pre>{@code
 * @ExtendWith(JobkitExtension.class)
 * class SignupIT {
 *     @Test
 *     void signup_enqueuesWelcomeEmail(LocalJobkit jobkit, JobClient jobs) { ... }
 * }
 * }</pre>
 *
 * Test methods, constructors and lifecycle methods may declare {@link LocalJobkit}, {@link JobClient} or
 * {@link JobEnqueuer} parameters. For a custom topology register it as a static field:
 * {@code @RegisterExtension static JobkitExtension jobkit = JobkitExtension.withTopology(b -> b.route("report.*", "reports"))}.
 */
public final class JobkitExtension implements BeforeAllCallback, ParameterResolver {
    private static final AtomicInteger CLASSES = new AtomicInteger();
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(JobkitExtension.class);

    private final Consumer<Topology.Builder> customize;

    public JobkitExtension() {
        this(b -> { });
    }

    private JobkitExtension(Consumer<Topology.Builder> customize) {
        this.customize = customize;
    }

    /** An extension whose classes get a topology shaped by {@code customize} (the prefix is always set for you). */
    public static JobkitExtension withTopology(Consumer<Topology.Builder> customize) {
        return new JobkitExtension(Objects.requireNonNull(customize, "customize"));
    }

    private final java.util.Map<Class<?>, LocalJobkit> byClass = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public void beforeAll(ExtensionContext context) {
        byClass.put(context.getRequiredTestClass(), jobkit(context));
    }

    /**
     * The jobkit of {@code testClass}, for code that runs outside parameter injection but after {@code beforeAll}
     * — a Spring {@code @DynamicPropertySource} supplier, say. Needs the extension registered as a static field.
     */
    public LocalJobkit jobkit(Class<?> testClass) {
        LocalJobkit jobkit = byClass.get(testClass);
        if (jobkit == null) {
            throw new IllegalStateException("no jobkit for " + testClass.getName() + " yet; register the extension with"
                    + " @RegisterExtension on a static field, and read it after the class has started");
        }
        return jobkit;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == LocalJobkit.class || type == JobClient.class || type == JobEnqueuer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        LocalJobkit jobkit = jobkit(context);
        return parameter.getParameter().getType() == LocalJobkit.class ? jobkit : jobkit.client();
    }

    /** The class's jobkit, created once per test class in that class's store (closed when the class ends). */
    private LocalJobkit jobkit(ExtensionContext context) {
        ExtensionContext classContext = classContext(context);
        SharedCloud shared = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(SharedCloud.class, k -> new SharedCloud(), SharedCloud.class);
        return classContext.getStore(NAMESPACE).getOrComputeIfAbsent(PerClass.class, k -> {
            Topology.Builder b = Topology.builder();
            customize.accept(b);
            // set last so a customizer cannot make two classes share queues
            b.prefix("tk" + CLASSES.incrementAndGet() + "-" + Integer.toString(Math.floorMod(
                    classContext.getRequiredTestClass().getName().hashCode(), 46656), 36));
            return new PerClass(new LocalJobkit(shared.cloud, shared.sqs, shared.dynamo, shared.scheduler, b.build()));
        }, PerClass.class).jobkit;
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) c = c.getParent().get();
        return c;
    }

    /** The JVM's one local cloud and its SDK clients; closed by JUnit when the root context ends. */
    private static final class SharedCloud implements ExtensionContext.Store.CloseableResource {
        final LocalCloud cloud = LocalCloud.builder().sqsPort(0).dynamoDbPort(0).schedulerPort(0).start();
        final SqsClient sqs = cloud.sqsClient();
        final DynamoDbClient dynamo = cloud.dynamoDbClient();
        final SchedulerClient scheduler = cloud.schedulerClient();

        @Override
        public void close() {
            sqs.close();
            dynamo.close();
            scheduler.close();
            cloud.close();
        }
    }

    private record PerClass(LocalJobkit jobkit) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            jobkit.close();
        }
    }
}
