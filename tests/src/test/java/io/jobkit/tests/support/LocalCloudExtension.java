package io.jobkit.tests.support;

import io.jobkit.client.topology.Topology;
import io.jobkit.local.LocalCloud;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Hands each test method a {@link TestCloud} with its own provisioned topology, on one backend per test JVM: the
 * embedded local cloud (free ports), or LocalStack for classes annotated {@link OnLocalStack}. A backend stops when
 * the JVM's tests are done. The same test bodies run on either: one suite, two backends.
 */
public final class LocalCloudExtension implements ParameterResolver {

    private static final class Embedded implements ExtensionContext.Store.CloseableResource {
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

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestCloud.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ExtensionContext.Store store = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL);
        if (context.getRequiredTestClass().isAnnotationPresent(OnLocalStack.class)) {
            LocalStackBackend localStack = store.getOrComputeIfAbsent(LocalStackBackend.class, k -> new LocalStackBackend(),
                    LocalStackBackend.class);
            return new TestCloud(localStack.environment(), localStack.sqs, localStack.dynamo, localStack.scheduler,
                    (Topology.Builder b) -> { });
        }
        Embedded embedded = store.getOrComputeIfAbsent(Embedded.class, k -> new Embedded(), Embedded.class);
        return new TestCloud(embedded.cloud.clientEnvironment(), embedded.sqs, embedded.dynamo, embedded.scheduler,
                (Topology.Builder b) -> { });
    }
}
