package io.jobkit.local.chaos;

import java.nio.file.Path;
import java.time.Duration;

/**
 * One chaos run's settings; {@link #defaults()} is what {@code local/run chaos} uses without flags.
 *
 * @param jobs            jobs the driver enqueues
 * @param batchMembers    members of the one batch the driver also starts (on top of {@code jobs}), with an onSuccess
 *                        and an onComplete callback; 0 for no batch
 * @param workers         {@code jobkit worker} processes
 * @param concurrency     jobs at once per worker
 * @param kills           SIGKILLs, one every {@code killInterval}, each followed by a restart
 * @param killInterval    time between kills
 * @param faultRate       share (0–1) of the workers' SQS and DynamoDB requests that get a random fault
 * @param hang            how long a hung request is held (longer than the SDK's 30 s socket timeout)
 * @param outage          length of the DynamoDB outage, starting halfway through the kills; zero for none
 * @param seed            seeds the job mix, the kill order and the fault draws
 * @param longJob         how long a long job runs (longer than the 30 s lease, so it needs extensions)
 * @param settleTimeout   how long to wait, after the last kill and the outage, for every job to finish
 * @param runDir          where the ledger and the worker logs go
 * @param workerClasspath classpath of the worker JVMs: the CLI jar and this module's jar (for ChaosHandlers)
 * @param javaBin         the java executable for the workers
 */
public record ChaosOptions(int jobs, int batchMembers, int workers, int concurrency, int kills, Duration killInterval,
                           double faultRate, Duration hang, Duration outage, long seed, Duration longJob,
                           Duration settleTimeout, Path runDir, String workerClasspath, String javaBin) {

    public ChaosOptions {
        if (jobs < 1) throw new IllegalArgumentException("--jobs must be at least 1");
        if (batchMembers < 0) throw new IllegalArgumentException("--batch-members must not be negative (0 runs no batch)");
        if (workers < 1) throw new IllegalArgumentException("--workers must be at least 1");
        if (concurrency < 1) throw new IllegalArgumentException("--concurrency must be at least 1");
        if (kills < 0) throw new IllegalArgumentException("--kills must not be negative");
        if (faultRate < 0 || faultRate > 0.5) throw new IllegalArgumentException("--fault-rate must be between 0 and 0.5");
        if (workerClasspath == null || workerClasspath.isBlank()) {
            throw new IllegalArgumentException("the worker classpath is not set: run through 'local/run chaos', which"
                    + " builds the CLI jar and passes -Djobkit.chaos.worker.classpath");
        }
    }

    public static ChaosOptions defaults(Path runDir, String workerClasspath) {
        return new ChaosOptions(10_000, 500, 3, 8, 20, Duration.ofSeconds(4), 0.1, Duration.ofSeconds(35), Duration.ZERO,
                42, Duration.ofSeconds(40), Duration.ofMinutes(15), runDir, workerClasspath,
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    public ChaosOptions withJobs(int n) {
        return new ChaosOptions(n, batchMembers, workers, concurrency, kills, killInterval, faultRate, hang, outage,
                seed, longJob, settleTimeout, runDir, workerClasspath, javaBin);
    }

    public ChaosOptions withBatchMembers(int n) {
        return new ChaosOptions(jobs, n, workers, concurrency, kills, killInterval, faultRate, hang, outage, seed,
                longJob, settleTimeout, runDir, workerClasspath, javaBin);
    }

    public ChaosOptions withWorkers(int n) {
        return new ChaosOptions(jobs, batchMembers, n, concurrency, kills, killInterval, faultRate, hang, outage, seed,
                longJob, settleTimeout, runDir, workerClasspath, javaBin);
    }

    public ChaosOptions withConcurrency(int n) {
        return new ChaosOptions(jobs, batchMembers, workers, n, kills, killInterval, faultRate, hang, outage, seed,
                longJob, settleTimeout, runDir, workerClasspath, javaBin);
    }

    public ChaosOptions withKills(int n) {
        return new ChaosOptions(jobs, batchMembers, workers, concurrency, n, killInterval, faultRate, hang, outage, seed,
                longJob, settleTimeout, runDir, workerClasspath, javaBin);
    }

    public ChaosOptions withKillInterval(Duration d) {
        return new ChaosOptions(jobs, batchMembers, workers, concurrency, kills, d, faultRate, hang, outage, seed,
                longJob, settleTimeout, runDir, workerClasspath, javaBin);
    }

    public ChaosOptions withFaultRate(double rate) {
        return new ChaosOptions(jobs, batchMembers, workers, concurrency, kills, killInterval, rate, hang, outage, seed,
                longJob, settleTimeout, runDir, workerClasspath, javaBin);
    }

    public ChaosOptions withOutage(Duration d) {
        return new ChaosOptions(jobs, batchMembers, workers, concurrency, kills, killInterval, faultRate, hang, d, seed,
                longJob, settleTimeout, runDir, workerClasspath, javaBin);
    }

    public ChaosOptions withSeed(long s) {
        return new ChaosOptions(jobs, batchMembers, workers, concurrency, kills, killInterval, faultRate, hang, outage,
                s, longJob, settleTimeout, runDir, workerClasspath, javaBin);
    }

    public ChaosOptions withSettleTimeout(Duration d) {
        return new ChaosOptions(jobs, batchMembers, workers, concurrency, kills, killInterval, faultRate, hang, outage,
                seed, longJob, d, runDir, workerClasspath, javaBin);
    }

    public ChaosOptions withLongJob(Duration d) {
        return new ChaosOptions(jobs, batchMembers, workers, concurrency, kills, killInterval, faultRate, hang, outage,
                seed, d, settleTimeout, runDir, workerClasspath, javaBin);
    }

    public ChaosOptions withRunDir(Path dir) {
        return new ChaosOptions(jobs, batchMembers, workers, concurrency, kills, killInterval, faultRate, hang, outage,
                seed, longJob, settleTimeout, dir, workerClasspath, javaBin);
    }
}
