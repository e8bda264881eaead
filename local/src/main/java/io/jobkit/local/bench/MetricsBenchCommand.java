package io.jobkit.local.bench;

import io.jobkit.local.LocalCloud;

import java.io.FileNotFoundException;
import java.io.PrintStream;
import java.util.List;

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
        int jobs = 2000;
        int concurrency = 16;
        int rounds = 2;
        try {
            for (int i = 0; i < args.size(); i++) {
                String flag = args.get(i);
                if (flag.equals("--help") || flag.equals("-h")) {
                    out.println(USAGE);
                    return 0;
                }
                if (i + 1 >= args.size()) throw new IllegalArgumentException("option " + flag + " needs a value");
                String raw = args.get(++i);
                int value;
                try {
                    value = Integer.parseInt(raw);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("option " + flag + " needs a whole number, not '" + raw + "'");
                }
                if (value < 1) throw new IllegalArgumentException("option " + flag + " needs a positive number");
                switch (flag) {
                    case "--jobs" -> jobs = value;
                    case "--concurrency" -> concurrency = value;
                    case "--rounds" -> rounds = value;
                    default -> throw new IllegalArgumentException("unknown option '" + flag + "'");
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("local/run bench-metrics: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try (LocalCloud cloud = LocalCloud.builder().sqsPort(0).dynamoDbPort(0).schedulerPort(0).start()) {
            out.printf("# local cloud up in %d ms; %d cores%n", cloud.startupTime().toMillis(),
                    Runtime.getRuntime().availableProcessors());
            new MetricsBenchmark(cloud, jobs, concurrency, rounds, out).run();
        }
        return 0;
    }
}
