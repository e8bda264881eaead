package io.jobkit.local;

import io.jobkit.admin.AdminServer;
import io.jobkit.client.JobClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.PrintStream;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * The admin API and console of {@code local/run up}, in the cloud's JVM: the JDK's HTTP server beside DynamoDB
 * Local's Jetty. It reads {@code JOBKIT_ADMIN_*} from the process environment, so tokens work locally as on AWS;
 * with none it is loopback only and every caller is admin.
 */
final class LocalConsole implements AutoCloseable {
    private final JobClient client;
    private final DynamoDbClient dynamo;
    private final AdminServer server;

    private LocalConsole(JobClient client, DynamoDbClient dynamo, AdminServer server) {
        this.client = client;
        this.dynamo = dynamo;
        this.server = server;
    }

    /**
     * Starts it, or says why not on {@code err} and returns null: a busy port or bad credentials must not take the
     * cloud down with them.
     */
    static LocalConsole start(LocalCloud cloud, int port, Map<String, String> processEnv, PrintStream err) {
        Map<String, String> env = new HashMap<>(processEnv);
        env.putAll(cloud.clientEnvironment());
        JobClient client = JobClient.fromEnvironment(env);
        DynamoDbClient dynamo = cloud.dynamoDbClient();
        try {
            AdminServer server = AdminServer.builder().jobClient(client).dynamoDbClient(dynamo).environment(env)
                    .port(port).start();
            return new LocalConsole(client, dynamo, server);
        } catch (RuntimeException e) {
            client.close();
            dynamo.close();
            err.println("local/run: the dashboard did not start (" + e.getMessage() + "); use --dashboard-port N");
            return null;
        }
    }

    URI url() {
        return server.url();
    }

    @Override
    public void close() {
        server.close();
        client.close();
        dynamo.close();
    }
}
