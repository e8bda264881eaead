package io.jobkit.local;

import io.jobkit.client.JobValidationException;
import io.jobkit.client.topology.Topology;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code local/run up}: runs the local cloud and a worker in the foreground.
 *
 * <ol>
 *   <li>Parse the flags and build the topology from the environment plus {@code --prefix}; bad input exits 2.</li>
 *   <li>Start the cloud; a busy port or a failed emulator exits 1 with the reason. Then the runtime that runs jobs
 *       ({@code --runtime}: the container worker, or the Lambda entrypoint behind a local SQS event source), unless
 *       {@code --no-worker}.</li>
 *   <li>Print the export lines and what was provisioned, run {@link #afterStart} (the demo's mix), then park the
 *       main thread.</li>
 *   <li>Ctrl-C or SIGTERM runs our shutdown hook, which stops the worker (graceful, bounded) and then the cloud
 *       (every step bounded) before the JVM exits; Pekko's own hook is switched off so nothing else races it.</li>
 * </ol>
 */
class UpCommand implements LocalCloudMain.Command {

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws UsageException, InterruptedException {
        if (args.contains("--help") || args.contains("-h")) {
            out.println(UpOptions.USAGE);
            return LocalCloudMain.EXIT_OK;
        }
        UpOptions options = UpOptions.parse(args);
        LocalCloud.Builder builder;
        try {
            builder = LocalCloud.builder()
                    .sqsPort(options.sqsPort())
                    .dynamoDbPort(options.dynamoDbPort())
                    .schedulerPort(options.schedulerPort())
                    .region(options.region())
                    .topology(topology(options.prefix()));
            String retention = System.getenv("JOBKIT_RETENTION");
            if (retention != null && !retention.isBlank()) builder.jobRetention(io.jobkit.client.Durations.parse(retention.trim()));
        } catch (JobValidationException e) {
            throw new UsageException(e.getMessage());
        }

        LocalCloud cloud;
        try {
            cloud = builder.start();
        } catch (PortUnavailableException | JobValidationException e) {
            err.println("local/run: " + e.getMessage());
            return LocalCloudMain.EXIT_FAILURE;
        } catch (RuntimeException e) {
            err.println("local/run: the local cloud failed to start: " + e);
            e.printStackTrace(err);
            return LocalCloudMain.EXIT_FAILURE;
        }
        LocalRuntime worker = null;
        try {
            if (options.worker()) worker = runtime(cloud, options);
        } catch (RuntimeException e) {
            cloud.close();
            err.println("local/run: the " + options.runtime().flag + " runtime failed to start: " + e.getMessage());
            return LocalCloudMain.EXIT_FAILURE;
        }
        LocalRuntime started = worker;
        LocalConsole console = LocalConsole.start(cloud, options.dashboardPort(), System.getenv(), err);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (console != null) console.close();
            if (started != null) started.close();
            cloud.close();
        }, "jobkit-local-shutdown"));
        StartupReport.print(cloud, sinceJvmStart(), out);
        if (worker != null) out.println("# " + worker.describe());
        if (console != null) out.println("dashboard " + console.url());
        out.flush();
        afterStart(cloud, worker, out);
        new CountDownLatch(1).await();  // until a signal ends the JVM; the hook above then closes everything
        return LocalCloudMain.EXIT_OK;
    }

    /** What runs once everything is up; nothing for {@code up}. */
    void afterStart(LocalCloud cloud, LocalRuntime worker, PrintStream out) throws InterruptedException {
    }

    private static LocalRuntime runtime(LocalCloud cloud, UpOptions options) {
        return switch (options.runtime()) {
            case WORKER -> new LocalWorker(cloud, options.concurrency());
            case LAMBDA -> new LocalLambda(cloud, options.concurrency(), false, options.lambdaBundle());
            case LAMBDA_ISOLATED -> new LocalLambda(cloud, options.concurrency(), true, options.lambdaBundle());
        };
    }

    private static Topology topology(String prefix) {
        Map<String, String> env = new HashMap<>(System.getenv());
        if (prefix != null) env.put("JOBKIT_PREFIX", prefix);
        return Topology.fromEnvironment(env);
    }

    private static Duration sinceJvmStart() {
        return Duration.ofMillis(System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime());
    }
}
