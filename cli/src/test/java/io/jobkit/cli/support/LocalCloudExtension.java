package io.jobkit.cli.support;

import io.jobkit.local.LocalCloud;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One local cloud per test JVM (free ports), and for each test method a {@link CliCloud} with its own freshly
 * provisioned topology prefix, so tests never see each other's queues or jobs.
 */
public final class LocalCloudExtension implements ParameterResolver {

    private static final class Shared implements ExtensionContext.Store.CloseableResource {
        final LocalCloud cloud = LocalCloud.builder().sqsPort(0).dynamoDbPort(0).schedulerPort(0).start();

        @Override
        public void close() {
            cloud.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == CliCloud.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Shared shared = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Shared.class, k -> new Shared(), Shared.class);
        CliCloud cloud = new CliCloud(shared.cloud);
        context.getStore(ExtensionContext.Namespace.create(LocalCloudExtension.class, context.getUniqueId()))
                .put(CliCloud.class, (ExtensionContext.Store.CloseableResource) cloud::close);
        return cloud;
    }
}
