package io.jobkit.local.bench;

import io.jobkit.local.LocalCloud;

import java.io.FileNotFoundException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * {@code local/run bench-metrics [--jobs N] [--concurrency N] [--rounds N]}: job metrics off versus on (STATS items and
 * EMF lines) in one run on a private local cloud; see {@link MetricsBenchmark}. Not part of CI: it measures, it does
 * not assert.
 */
public final class MetricsBenchCommand {
    static final String USAGE = String.join("\n",
            "usage: local/run bench-metrics [--jobs N] [--concurrency N] [--rounds N]",
            "",
            "No-op jobs through the container worker with JOBKIT_METRICS=off and =emf, alternating rounds in one run on",
            "a private local cloud (free ports). Prints jobs/s, CPU per job (jobkit threads; whole process),",
            "SQS requests and DynamoDB write units per job, and EMF lines written.",
            "",
            "  --jobs N         jobs per round (default 2000; the warm-up runs half as many)",
            "  --concurrency N  worker concurrency (default 16)",
            "  --rounds N       rounds per setting (default 2)");

    private MetricsBenchCommand() {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) throws FileNotFoundException {
        Map<String, Integer> o;
        try {
            o = BenchFlags.parse(args, Map.of("--jobs", 2000, "--concurrency", 16, "--rounds", 2));
        } catch (IllegalArgumentException e) {
            err.println("local/run bench-metrics: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        if (o == null) {
            out.println(USAGE);
            return 0;
        }
        try (LocalCloud cloud = LocalCloud.builder().sqsPort(0).dynamoDbPort(0).schedulerPort(0).start()) {
            out.printf("# local cloud up in %d ms; %d cores%n", cloud.startupTime().toMillis(),
                    Runtime.getRuntime().availableProcessors());
            new MetricsBenchmark(cloud, o.get("--jobs"), o.get("--concurrency"), o.get("--rounds"), out).run();
        }
        return 0;
    }
}
