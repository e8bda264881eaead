package io.jobkit.local.dashboard;

import io.jobkit.admin.AdminServer;
import io.jobkit.client.JobClient;
import io.jobkit.handlers.JobHandlers;
import io.jobkit.handlers.worker.Worker;
import io.jobkit.handlers.worker.WorkerOptions;
import io.jobkit.local.LocalCloud;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * What every dashboard IT stands on: a private local cloud on free ports, a job client and a DynamoDB client for it,
 * the console on a free port, optionally a worker on the high, normal and low queues, and a Chromium on the console.
 * Closing it closes whatever was started, last first. Skips the test class when no Chromium is installed.
 */
final class ConsoleUnderTest implements AutoCloseable {
    final LocalCloud cloud;
    final JobClient client;
    final DynamoDbClient dynamo;
    private final List<AutoCloseable> started = new ArrayList<>();

    private ConsoleUnderTest() {
        cloud = LocalCloud.builder().sqsPort(0).dynamoDbPort(0).schedulerPort(0).start();
        started.add(cloud);
        dynamo = cloud.dynamoDbClient();
        started.add(dynamo);
        client = JobClient.fromEnvironment(cloud.clientEnvironment());
        started.add(client);
    }

    static ConsoleUnderTest start() {
        Browser.assumeInstalled();
        return new ConsoleUnderTest();
    }

    /** The console over this cloud; {@code configure} adds its environment, clock and the like. */
    AdminServer serve(UnaryOperator<AdminServer.Builder> configure) {
        AdminServer server = configure.apply(AdminServer.builder().jobClient(client).dynamoDbClient(dynamo).port(0)).start();
        started.add(server);
        return server;
    }

    /** A worker on the high, normal and low queues that polls briefly and stops quickly. */
    Worker work(JobHandlers handlers) {
        Worker worker = Worker.create(client, handlers, WorkerOptions.builder().queues(List.of("high", "normal", "low"))
                .pollWait(Duration.ofSeconds(1)).shutdownTimeout(Duration.ofSeconds(3)).build()).start();
        started.add(worker);
        return worker;
    }

    Browser open(AdminServer server) {
        Browser browser = Browser.open(server.url());
        started.add(browser);
        return browser;
    }

    @Override
    public void close() throws Exception {
        Exception first = null;
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                if (first == null) first = e;
                else first.addSuppressed(e);
            }
        }
        if (first != null) throw first;
    }
}
