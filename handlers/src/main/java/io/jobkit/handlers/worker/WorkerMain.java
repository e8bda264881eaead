package io.jobkit.handlers.worker;

import io.jobkit.client.JobClient;
import io.jobkit.handlers.JobHandlers;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs a container worker configured from the environment: {@code java -cp ... io.jobkit.handlers.worker.WorkerMain
 * [--queues critical,high] [--concurrency 8] [--handlers com.acme.MyHandlers]}. The {@code jobkit worker} command
 * offers the same with more options.
 */
public final class WorkerMain {

    private WorkerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> env = new HashMap<>(System.getenv());
        WorkerOptions.Builder options = WorkerOptions.builder();
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--queues" -> options.queues(Arrays.stream(require(args[i], value).split(",")).map(String::trim).toList());
                case "--concurrency" -> options.concurrency(Integer.parseInt(require(args[i], value)));
                case "--handlers" -> env.put(JobHandlers.PROVIDER_ENV, require(args[i], value));
                default -> {
                    System.err.println("unknown option " + args[i] + "; use --queues, --concurrency or --handlers");
                    System.exit(2);
                }
            }
            i++;
        }
        JobClient client = JobClient.fromEnvironment(env);
        Worker worker = Worker.create(client, JobHandlers.discover(env), options.build()).installShutdownHook().start();
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
