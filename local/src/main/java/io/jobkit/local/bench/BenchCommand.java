package io.jobkit.local.bench;

import io.jobkit.local.LocalCloud;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code local/run bench [--jobs N] [--concurrency N] [--latency-samples N] [--interval-ms N]}: starts a private
 * local cloud on free ports and runs {@link WorkerBenchmark} against it, printing a Markdown table.
 */
public final class BenchCommand {
    static final String USAGE = String.join("\n",
            "usage: local/run bench [--jobs N] [--concurrency N] [--latency-samples N] [--interval-ms N]",
            "       local/run bench --batch-members N [--batch-only 1] [--concurrency N]",
            "",
            "No-op jobs through the container worker on a private local cloud (free ports), next to a bare AWS SDK",
            "receive/delete loop in the same run. Prints throughput, requests and DynamoDB write units per job, and",
            "enqueue-to-start latency at light load. Use JOBKIT_LOCAL_JAVA_OPTS= (empty) for the full JIT.",
            "",
            "  --jobs N             jobs per round (default 2000; the warm-up round runs half as many)",
            "  --concurrency N      worker concurrency and bare-loop threads (default 16)",
            "  --latency-samples N  jobs for the latency round (default 200)",
            "  --interval-ms N      gap between latency jobs (default 50)",
            "  --batch-members N    instead: N jobs plain, then N as one batch; DynamoDB writes membership adds per member",
            "  --batch-only 1       with --batch-members: skip the plain run (one batch only, e.g. for 100,000 members)");

    private BenchCommand() {
    }

    /** Returns an exit code; bad flags print the usage and return 2. */
    public static int run(List<String> args, PrintStream out, PrintStream err) throws InterruptedException {
        Map<String, Integer> o;
        try {
            o = BenchFlags.parse(args, Map.of("--jobs", 2000, "--concurrency", 16, "--latency-samples", 200,
                    "--interval-ms", 50, "--batch-members", 0, "--batch-only", 0)); // 0: the worker benchmark
        } catch (IllegalArgumentException e) {
            err.println("local/run bench: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        if (o == null) {
            out.println(USAGE);
            return 0;
        }
        int jobs = o.get("--jobs");
        int concurrency = o.get("--concurrency");
        int batchMembers = o.get("--batch-members");
        try (LocalCloud cloud = LocalCloud.builder().sqsPort(0).dynamoDbPort(0).schedulerPort(0).start()) {
            out.printf("# local cloud up in %d ms; %d cores%n", cloud.startupTime().toMillis(),
                    Runtime.getRuntime().availableProcessors());
            if (batchMembers > 0) new BatchBenchmark(cloud, batchMembers, concurrency, o.get("--batch-only") == 0, out).run();
            else new WorkerBenchmark(cloud, jobs, concurrency, o.get("--latency-samples"),
                    Duration.ofMillis(o.get("--interval-ms")), out).run();
        }
        return 0;
    }
}
