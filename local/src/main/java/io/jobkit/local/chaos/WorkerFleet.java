package io.jobkit.local.chaos;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code jobkit worker} processes, one per slot, each a separate JVM running the CLI's worker command with
 * {@link ChaosHandlers}. A slot's process is an incarnation named {@code w<slot>.<n>}; {@link #kill} sends it SIGKILL
 * ({@link Process#destroyForcibly()} on Unix) and starts the next one, and remembers when each incarnation died so
 * the checker can tell a crash rerun from a double run. Worker output goes to {@code logs/<incarnation>.log}.
 */
final class WorkerFleet implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WorkerFleet.class);

    private final List<String> command;
    private final Map<String, String> environment;
    private final Path runDir;
    private final Clock clock;
    private final Process[] processes;
    private final String[] names;
    private final int[] starts;
    private final Map<String, Instant> killedAt = new ConcurrentHashMap<>();

    WorkerFleet(String javaBin, String classpath, int concurrency, Map<String, String> environment, Path runDir,
                int slots, Clock clock) {
        this.command = List.of(javaBin, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx256m", "-cp", classpath,
                "io.jobkit.cli.JobkitCli", "worker", "--handlers", ChaosHandlers.class.getName(),
                "--concurrency", Integer.toString(concurrency), "--shutdown-timeout", "10s",
                // the driver runs the reconciler once at the end and checks its report; a worker's own run could
                // repair the planted records first and make that report incomplete
                "--reconcile-interval", "0s");
        this.environment = environment;
        this.runDir = runDir;
        this.clock = clock;
        this.processes = new Process[slots];
        this.names = new String[slots];
        this.starts = new int[slots];
    }

    int size() {
        return processes.length;
    }

    void startAll() {
        for (int slot = 0; slot < processes.length; slot++) start(slot);
    }

    /** SIGKILLs the slot's process, records when, and starts its next incarnation. Returns the killed name. */
    String killAndRestart(int slot) throws InterruptedException {
        Process p = processes[slot];
        String name = names[slot];
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
        killedAt.put(name, clock.instant());
        start(slot);
        return name;
    }

    /** When each SIGKILLed incarnation died, by name. */
    Map<String, Instant> killedAt() {
        return Map.copyOf(killedAt);
    }

    /** SIGTERM to every process (graceful shutdown), then SIGKILL to any still alive after {@code seconds}. */
    void stop(int seconds) throws InterruptedException {
        for (Process p : processes) if (p != null && p.isAlive()) p.destroy();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        for (int slot = 0; slot < processes.length; slot++) {
            Process p = processes[slot];
            if (p == null) continue;
            long left = until - System.nanoTime();
            if (!p.waitFor(Math.max(0, left), TimeUnit.NANOSECONDS)) {
                log.warn("worker {} ignored SIGTERM for {} s; killing it", names[slot], seconds);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private void start(int slot) {
        String name = "w" + (slot + 1) + "." + (++starts[slot]);
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command));
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("JOBKIT_") || k.startsWith("AWS_"));
        env.putAll(environment);
        env.put(ChaosHandlers.WORKER_ENV, name);
        env.put(ChaosHandlers.DRIVER_PID_ENV, Long.toString(ProcessHandle.current().pid()));
        try {
            Path logs = Files.createDirectories(runDir.resolve("logs"));
            pb.redirectErrorStream(true).redirectOutput(logs.resolve(name + ".log").toFile());
            processes[slot] = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start worker " + name, e);
        }
        names[slot] = name;
    }

    @Override
    public void close() {
        for (Process p : processes) if (p != null && p.isAlive()) p.destroyForcibly();
    }
}
