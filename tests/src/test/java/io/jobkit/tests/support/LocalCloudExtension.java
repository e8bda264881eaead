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
 * Starts one local cloud per test JVM (on free ports) and hands each test method a {@link TestCloud} with its own
 * provisioned topology. The cloud stops when the JVM's tests are done.
 */
public final class LocalCloudExtension implements ParameterResolver {

    private static final class Shared implements ExtensionContext.Store.CloseableResource {
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
        Shared shared = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Shared.class, k -> new Shared(), Shared.class);
        return new TestCloud(shared.cloud.clientEnvironment(), shared.sqs, shared.dynamo, shared.scheduler,
                (Topology.Builder b) -> { });
    }
}
