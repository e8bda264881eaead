package io.jobkit.local;

import io.jobkit.client.Durations;
import io.jobkit.client.JobValidationException;
import io.jobkit.client.spi.AwsClients;
import io.jobkit.local.scheduler.SchedulerBridge;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code local/run bridge --scheduler-endpoint URL}: runs jobkit's firing engine against another EventBridge
 * Scheduler endpoint — LocalStack's, which stores schedules but never fires them. It reads the schedules through the
 * Scheduler API and sends due firings to their SQS targets, so run-at jobs and recurring schedules work there too.
 *
 * <ol>
 *   <li>Endpoints: {@code --scheduler-endpoint} (required), {@code --sqs-endpoint} (default
 *       {@code AWS_ENDPOINT_URL_SQS}, else the scheduler endpoint — LocalStack serves both on one port).</li>
 *   <li>Credentials and region from the usual AWS chains; LocalStack accepts any.</li>
 *   <li>Runs until Ctrl-C / SIGTERM; firings missed while it was down are not replayed.</li>
 * </ol>
 */
final class BridgeCommand implements LocalCloudMain.Command {
    static final String USAGE = String.join("\n",
            "usage: local/run bridge --scheduler-endpoint URL [--sqs-endpoint URL] [--region R] [--group G]... [--refresh D]",
            "",
            "Fires the schedules stored at another EventBridge Scheduler endpoint (e.g. LocalStack, which stores but",
            "never fires them) into their SQS targets.",
            "",
            "  --scheduler-endpoint URL  the Scheduler API to read, e.g. http://localhost:4566",
            "  --sqs-endpoint URL        where targets are sent (default $AWS_ENDPOINT_URL_SQS, else the scheduler endpoint)",
            "  --region R                region (default $AWS_REGION, else us-east-1)",
            "  --group G                 schedule group to fire; repeatable (default: every group)",
            "  --refresh D               how often schedules are re-read, e.g. 10s (default 10s)");

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws UsageException, InterruptedException {
        if (args.contains("--help") || args.contains("-h")) {
            out.println(USAGE);
            return LocalCloudMain.EXIT_OK;
        }
        Running bridge = open(args, System.getenv());
        Runtime.getRuntime().addShutdownHook(new Thread(bridge::close, "jobkit-bridge-shutdown"));
        out.printf("# bridge: firing schedules from %s (groups: %s) into SQS at %s, re-reading every %s%n",
                bridge.schedulerEndpoint(), bridge.groups().isEmpty() ? "all" : String.join(", ", bridge.groups()),
                bridge.sqsEndpoint(), Durations.format(bridge.refresh()));
        out.println("# Ctrl-C stops it.");
        out.flush();
        new CountDownLatch(1).await();
        return LocalCloudMain.EXIT_OK;
    }

    /** A started bridge with the clients it owns. */
    record Running(SchedulerBridge bridge, SchedulerClient scheduler, SqsClient sqs, String schedulerEndpoint,
                   String sqsEndpoint, List<String> groups, Duration refresh) implements AutoCloseable {
        @Override
        public void close() {
            bridge.close();
            scheduler.close();
            sqs.close();
        }
    }

    /** Parses the flags against {@code environment} (credentials, default endpoints) and starts the bridge. */
    static Running open(List<String> args, Map<String, String> environment) throws UsageException {
        Map<String, String> env = new HashMap<>(environment);
        String schedulerEndpoint = null;
        String sqsEndpoint = null;
        List<String> groups = new ArrayList<>();
        Duration refresh = Duration.ofSeconds(10);
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            if (i + 1 >= args.size()) throw new UsageException("option " + flag + " needs a value");
            String value = args.get(++i);
            switch (flag) {
                case "--scheduler-endpoint" -> schedulerEndpoint = value;
                case "--sqs-endpoint" -> sqsEndpoint = value;
                case "--region" -> env.put("AWS_REGION", value);
                case "--group" -> groups.add(value);
                case "--refresh" -> refresh = duration(value);
                default -> throw new UsageException("unknown option '" + flag + "'; known options: --scheduler-endpoint,"
                        + " --sqs-endpoint, --region, --group, --refresh");
            }
        }
        if (schedulerEndpoint == null) throw new UsageException("--scheduler-endpoint is required, e.g. http://localhost:4566");
        env.put("AWS_ENDPOINT_URL_SCHEDULER", schedulerEndpoint);
        if (sqsEndpoint != null) env.put("AWS_ENDPOINT_URL_SQS", sqsEndpoint);
        env.putIfAbsent("AWS_ENDPOINT_URL_SQS", schedulerEndpoint);
        env.putIfAbsent("AWS_REGION", LocalCloud.DEFAULT_REGION);
        SchedulerClient scheduler;
        SqsClient sqs;
        try {
            AwsClients aws = new AwsClients(env);
            scheduler = aws.scheduler();
            sqs = aws.sqs();
        } catch (JobValidationException e) {
            throw new UsageException(e.getMessage());
        }
        SchedulerBridge bridge = SchedulerBridge.builder().schedulerClient(scheduler).sqsClient(sqs)
                .region(env.get("AWS_REGION")).groups(groups.toArray(String[]::new)).refreshInterval(refresh).build().start();
        return new Running(bridge, scheduler, sqs, schedulerEndpoint, env.get("AWS_ENDPOINT_URL_SQS"), List.copyOf(groups), refresh);
    }

    private static Duration duration(String value) throws UsageException {
        try {
            return Durations.parse(value);
        } catch (JobValidationException e) {
            throw new UsageException("--refresh: " + e.getMessage());
        }
    }
}
