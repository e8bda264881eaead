package io.jobkit.local.chaos;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * {@code local/run chaos [--jobs N] [--batch-members N] [--workers N] [--kills N] [--fault-rate R] [--outage 60s]
 * [--seed N] ...}: one {@link ChaosRun} on a private local cloud (free ports), its figures as a Markdown table; exit 0
 * when every invariant held, 1 when one broke or the run did not settle, 2 for a bad command line.
 */
public final class ChaosCommand {
    /** System property {@code local/run} sets to the worker JVMs' classpath (CLI jar + the local module jar). */
    public static final String WORKER_CLASSPATH_PROPERTY = "jobkit.chaos.worker.classpath";
    static final String USAGE = String.join("\n",
            "usage: local/run chaos [--jobs N] [--batch-members N] [--workers N] [--concurrency N] [--kills N]",
            "                       [--kill-interval 4s]",
            "                       [--fault-rate R] [--outage 60s] [--seed N] [--long-job 40s] [--settle-timeout 15m]",
            "                       [--run-dir DIR]",
            "",
            "Real 'jobkit worker' processes on a private local cloud (free ports) behind fault proxies: SIGKILLs with",
            "restarts, SQS and DynamoDB faults (500, 503, throttling, resets, lost responses, hangs past the socket",
            "timeout), a DynamoDB outage, a mid-run DLQ redrive, one batch with callbacks; then the invariant checker.",
            "Prints the figures.",
            "",
            "  --jobs N            jobs to enqueue (default 10000)",
            "  --batch-members N   members of one batch started on top of the jobs, with onSuccess and onComplete",
            "                      callbacks (default 500, 0 for no batch)",
            "  --workers N         worker processes (default 3)",
            "  --concurrency N     jobs at once per worker (default 8)",
            "  --kills N           SIGKILLs, each followed by a restart (default 20)",
            "  --kill-interval D   time between kills (default 4s)",
            "  --fault-rate R      share of worker requests that get a fault, 0-0.5 (default 0.1)",
            "  --outage D          DynamoDB outage halfway through the kills (default none, e.g. 60s)",
            "  --seed N            job mix, kill order and fault draws (default 42)",
            "  --long-job D        how long the long jobs run (default 40s, beyond the 30 s lease)",
            "  --settle-timeout D  how long to wait for the jobs to finish after the last disturbance (default 15m)",
            "  --run-dir DIR       ledger and worker logs (default a new directory under java.io.tmpdir)");

    private ChaosCommand() {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) throws InterruptedException {
        ChaosOptions options;
        try {
            options = parse(args);
        } catch (HelpRequested e) {
            out.println(USAGE);
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("local/run chaos: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        ChaosResult result = new ChaosRun(options, out).run();
        out.println();
        out.print(result.figures());
        out.println(result.passed() ? "\nchaos: every invariant held" : "\nchaos: FAILED (" + (result.settled()
                ? "an invariant broke" : "the run did not settle") + "); ledger and worker logs in " + options.runDir());
        return result.passed() ? 0 : 1;
    }

    private static final class HelpRequested extends RuntimeException {
        HelpRequested() {
            super(null, null, false, false);
        }
    }

    static ChaosOptions parse(List<String> args) {
        Path runDir = null;
        ChaosOptions o = ChaosOptions.defaults(Path.of("."), System.getProperty(WORKER_CLASSPATH_PROPERTY, "unset"));
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            if (flag.equals("--help") || flag.equals("-h")) throw new HelpRequested();
            if (i + 1 >= args.size()) throw new IllegalArgumentException("option " + flag + " needs a value");
            String v = args.get(++i);
            try {
                o = switch (flag) {
                    case "--jobs" -> o.withJobs(Integer.parseInt(v));
                    case "--workers" -> o.withWorkers(Integer.parseInt(v));
                    case "--batch-members" -> o.withBatchMembers(Integer.parseInt(v));
                    case "--concurrency" -> o.withConcurrency(Integer.parseInt(v));
                    case "--kills" -> o.withKills(Integer.parseInt(v));
                    case "--kill-interval" -> o.withKillInterval(duration(flag, v));
                    case "--fault-rate" -> o.withFaultRate(Double.parseDouble(v));
                    case "--outage" -> o.withOutage(duration(flag, v));
                    case "--seed" -> o.withSeed(Long.parseLong(v));
                    case "--long-job" -> o.withLongJob(duration(flag, v));
                    case "--settle-timeout" -> o.withSettleTimeout(duration(flag, v));
                    case "--run-dir" -> {
                        runDir = Path.of(v);
                        yield o;
                    }
                    default -> throw new IllegalArgumentException("unknown option '" + flag + "'");
                };
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("option " + flag + " needs a number, not '" + v + "'");
            }
        }
        if (o.workerClasspath().equals("unset")) {
            throw new IllegalArgumentException("the worker classpath is not set: run through 'local/run chaos', which"
                    + " builds the CLI jar and passes -D" + WORKER_CLASSPATH_PROPERTY);
        }
        try {
            Path dir = runDir != null ? Files.createDirectories(runDir) : Files.createTempDirectory("jobkit-chaos-");
            return o.withRunDir(dir);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot create the run directory: " + e.getMessage());
        }
    }

    /** {@code 60s}, {@code 2m}, {@code 1h}, or a bare number of seconds. */
    static Duration duration(String flag, String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        try {
            if (s.endsWith("ms")) return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            if (s.endsWith("s")) return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)));
            if (s.endsWith("m")) return Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
            if (s.endsWith("h")) return Duration.ofHours(Long.parseLong(s.substring(0, s.length() - 1)));
            return Duration.ofSeconds(Long.parseLong(s));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + flag + " needs a duration like 60s or 2m, not '" + v + "'");
        }
    }
}
