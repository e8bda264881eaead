package io.jobkit.cli.admin;

import io.jobkit.admin.AdminServer;
import io.jobkit.cli.CliCommand;
import io.jobkit.client.JobClient;
import io.jobkit.client.JobValidationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.CountDownLatch;

/**
 * {@code jobkit dashboard}: the admin API (and, once built, the dashboard pages) in the foreground until Ctrl-C,
 * against whatever AWS account or local cloud the environment points at.
 */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
        description = {"Serve the admin API and console until Ctrl-C.",
                "Credentials: JOBKIT_ADMIN_TOKENS (entries from `jobkit admin token`). With none, the server binds",
                "loopback only and every caller is admin; another --bind is refused."},
        footer = {"", "Examples:", "  jobkit dashboard", "  JOBKIT_ADMIN_TOKENS=ops=operator:<hex> jobkit dashboard --bind 0.0.0.0 --port 9000"})
public final class DashboardCommand extends CliCommand {
    @Option(names = "--port", paramLabel = "N", defaultValue = "8090", description = "Port (default ${DEFAULT-VALUE}; 0 = any free port).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "127.0.0.1", description = "Address to listen on (default ${DEFAULT-VALUE}).")
    String bind;

    @Override
    public Integer call() throws InterruptedException {
        JobClient client = cli().client();
        AdminServer server;
        try {
            server = AdminServer.builder().jobClient(client).dynamoDbClient(client.runtime().dynamoDb())
                    .environment(cli().environment()).bind(bind).port(port).start();
        } catch (IllegalArgumentException e) {
            throw new JobValidationException(e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "jobkit-dashboard-shutdown"));
        output().line("dashboard " + server.url());
        output().note(server.loopbackOpen() ? "no credentials configured: loopback only, every caller is admin; Ctrl-C to stop"
                : "bearer tokens required; Ctrl-C to stop");
        stopped.await();
        return 0;
    }
}
