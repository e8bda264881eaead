package io.jobkit.handlers.worker;

import io.jobkit.client.JobClient;
import io.jobkit.handlers.JobHandlers;

import java.util.HashMap;
import java.util.Map;

/**
 * Runs a container worker configured by flags, {@code JOBKIT_WORKER_*} variables and an optional config file (see
 * {@link WorkerSettings}): {@code java -cp ... io.jobkit.handlers.worker.WorkerMain [--queues critical,high]
 * [--concurrency 8] [--poll-wait 5s] [--config worker.properties] [--handlers com.acme.MyHandlers]}. The {@code jobkit worker} command
 * offers the same with more options.
 */
public final class WorkerMain {

    private WorkerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> env = new HashMap<>(System.getenv());
        Map<String, String> flags = new HashMap<>();
        String config = null;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--queues", "--concurrency", "--types", "--poll-wait", "--shutdown-timeout", "--health-port" ->
                        flags.put(args[i].substring(2), require(args[i], value));
                case "--worker-id" -> flags.put("id", require(args[i], value));
                case "--config" -> config = require(args[i], value);
                case "--handlers" -> env.put(JobHandlers.PROVIDER_ENV, require(args[i], value));
                default -> {
                    System.err.println("unknown option " + args[i] + "; use --queues, --concurrency, --types,"
                            + " --worker-id, --poll-wait, --shutdown-timeout, --health-port, --config or --handlers");
                    System.exit(2);
                }
            }
            i++;
        }
        WorkerSettings settings = WorkerSettings.resolve(flags, env, WorkerSettings.loadFile(config, env));
        System.out.println(settings.describe());
        JobClient client = JobClient.fromEnvironment(env);
        Worker worker = Worker.create(client, JobHandlers.discover(env), settings.applyTo(WorkerOptions.builder()).build())
                .installShutdownHook().start();
        if (settings.healthPort() >= 0) {
            io.jobkit.handlers.health.HealthServer.start("0.0.0.0", settings.healthPort(), worker::health);
        }
        Thread.currentThread().join();
        worker.close();
    }

    private static String require(String option, String value) {
        if (value == null) {
            System.err.println(option + " needs a value");
            System.exit(2);
        }
        return value;
    }
}
