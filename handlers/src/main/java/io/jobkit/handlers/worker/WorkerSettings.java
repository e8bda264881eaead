package io.jobkit.handlers.worker;

import io.jobkit.client.Durations;
import io.jobkit.client.JobValidationException;
import io.jobkit.handlers.processor.ProcessorOptions;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * A worker's settings from four sources, first match wins: command-line flags, then {@code JOBKIT_WORKER_*}
 * environment variables, then an optional properties file ({@code --config} / {@code JOBKIT_WORKER_CONFIG}), then
 * defaults. Pure: the environment and the file's contents are passed in, so precedence is unit-tested with maps.
 *
 * <p>Keys (flag {@code --poll-wait}, variable {@code JOBKIT_WORKER_POLL_WAIT}, file key {@code poll-wait}):
 * {@code queues}, {@code concurrency}, {@code types}, {@code id}, {@code poll-wait}, {@code shutdown-timeout},
 * {@code health-port}.
 */
public final class WorkerSettings {
    /** The keys in print order, with their defaults (null: none). */
    static final Map<String, String> DEFAULTS = defaults();
    public static final String CONFIG_ENV = "JOBKIT_WORKER_CONFIG";

    private final Map<String, String> values;
    private final Map<String, String> sources;

    private WorkerSettings(Map<String, String> values, Map<String, String> sources) {
        this.values = values;
        this.sources = sources;
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("queues", null);
        d.put("concurrency", "8");
        d.put("types", null);
        d.put("id", null);
        d.put("poll-wait", "20s");
        d.put("shutdown-timeout", "30s");
        d.put("health-port", null);
        d.put("reconcile-interval", "5m");
        return d;
    }

    /**
     * @param flags key → value from the command line (keys as above, without {@code --})
     * @param env   the process environment
     * @param file  the config file's properties, empty when there is none
     */
    public static WorkerSettings resolve(Map<String, String> flags, Map<String, String> env, Properties file) {
        for (String key : flags.keySet()) check(key, "flag --" + key);
        for (String key : file.stringPropertyNames()) check(key, "config file key '" + key + "'");
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        for (Map.Entry<String, String> d : DEFAULTS.entrySet()) {
            String key = d.getKey();
            String envName = envName(key);
            if (present(flags.get(key))) {
                values.put(key, flags.get(key).trim());
                sources.put(key, "flag --" + (key.equals("id") ? "worker-id" : key));
            } else if (present(env.get(envName))) {
                values.put(key, env.get(envName).trim());
                sources.put(key, "env " + envName);
            } else if (present(file.getProperty(key))) {
                values.put(key, file.getProperty(key).trim());
                sources.put(key, "config file");
            } else {
                values.put(key, d.getValue());
                sources.put(key, "default");
            }
        }
        WorkerSettings s = new WorkerSettings(values, sources);
        s.validate();
        return s;
    }

    /** Reads the config file named by {@code path}, or by {@code JOBKIT_WORKER_CONFIG}; empty when neither is set. */
    public static Properties loadFile(String path, Map<String, String> env) {
        String name = present(path) ? path : env.get(CONFIG_ENV);
        Properties p = new Properties();
        if (!present(name)) return p;
        try (Reader r = Files.newBufferedReader(Path.of(name))) {
            p.load(r);
        } catch (IOException e) {
            throw new JobValidationException("worker config file " + name + " cannot be read: " + e.getMessage());
        }
        return p;
    }

    static String envName(String key) {
        return "JOBKIT_WORKER_" + key.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    }

    private static void check(String key, String what) {
        if (!DEFAULTS.containsKey(key)) {
            throw new JobValidationException(what + " is not a worker setting; use one of " + DEFAULTS.keySet());
        }
    }

    private static boolean present(String v) {
        return v != null && !v.isBlank();
    }

    private void validate() {
        String id = id();
        if (id != null && (id.length() > 128 || !id.matches("[A-Za-z0-9._:@-]+"))) {
            throw new JobValidationException("worker id '" + id + "' (" + sources.get("id") + ") must be 1 to 128"
                    + " letters, digits or . _ : @ -; it names the worker in leases, heartbeats and logs");
        }
        for (String type : types()) {
            if (!type.matches("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")) {
                throw new JobValidationException("types entry '" + type + "' (" + sources.get("types") + ") is not a"
                        + " job type name");
            }
        }
        concurrency();
        pollWait();
        shutdownTimeout();
        healthPort();
        if (reconcileInterval().isNegative()) {
            throw new JobValidationException("reconcile-interval (" + sources.get("reconcile-interval")
                    + ") must be 0 (off) or positive");
        }
        Duration wait = pollWait();
        if (wait.isNegative() || wait.compareTo(Duration.ofSeconds(20)) > 0) {
            throw new JobValidationException("poll-wait " + Durations.format(wait) + " (" + sources.get("poll-wait")
                    + ") is out of range; SQS long polling waits 0 to 20 s");
        }
    }

    public List<String> queues() {
        return list("queues");
    }

    public List<String> types() {
        return list("types");
    }

    /** The worker id, or null for the runtime's own (host and pid). */
    public String id() {
        return values.get("id");
    }

    public int concurrency() {
        int n = integer("concurrency");
        if (n < 1) throw new JobValidationException("concurrency " + n + " (" + sources.get("concurrency") + ") must be 1 or more");
        return n;
    }

    public Duration pollWait() {
        return duration("poll-wait");
    }

    public Duration shutdownTimeout() {
        return duration("shutdown-timeout");
    }

    /** How often the worker runs the reconciler; zero = never. */
    public Duration reconcileInterval() {
        return duration("reconcile-interval");
    }

    /** The health port, or -1 for none. */
    public int healthPort() {
        if (values.get("health-port") == null) return -1;
        int port = integer("health-port");
        if (port < 0 || port > 65535) {
            throw new JobValidationException("health-port " + port + " (" + sources.get("health-port") + ") is not a port");
        }
        return port;
    }

    /** Where {@code key}'s value came from: {@code flag --x}, {@code env JOBKIT_WORKER_X}, {@code config file} or {@code default}. */
    public String source(String key) {
        return sources.get(key);
    }

    /**
     * Applies every setting but the health port to {@code options}: queues, concurrency, poll wait, shutdown timeout,
     * reconcile interval, and, on {@code processor} (the processor options the worker is to use), the served types and
     * the worker id.
     */
    public WorkerOptions.Builder applyTo(WorkerOptions.Builder options, ProcessorOptions processor) {
        if (!queues().isEmpty()) options.queues(queues());
        ProcessorOptions.Builder p = processor.toBuilder().servedTypes(types());
        if (id() != null) p.workerId(id());
        return options.concurrency(concurrency()).pollWait(pollWait()).shutdownTimeout(shutdownTimeout())
                .reconcileInterval(reconcileInterval()).processor(p.build());
    }

    /** As {@link #applyTo(WorkerOptions.Builder, ProcessorOptions)} with default processor options. */
    public WorkerOptions.Builder applyTo(WorkerOptions.Builder options) {
        return applyTo(options, ProcessorOptions.builder().build());
    }

    /** The effective settings, one per line, with their sources — printed when a worker starts. */
    public String describe() {
        return DEFAULTS.keySet().stream()
                .map(k -> String.format("  %-17s %-22s (%s)", k, values.get(k) == null ? "-" : values.get(k), sources.get(k)))
                .collect(Collectors.joining("\n", "worker settings:\n", ""));
    }

    private List<String> list(String key) {
        String v = values.get(key);
        if (v == null) return List.of();
        return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private int integer(String key) {
        try {
            return Integer.parseInt(values.get(key));
        } catch (NumberFormatException e) {
            throw new JobValidationException(key + " '" + values.get(key) + "' (" + sources.get(key) + ") is not a number");
        }
    }

    private Duration duration(String key) {
        try {
            return Durations.parse(values.get(key));
        } catch (RuntimeException e) {
            throw new JobValidationException(key + " '" + values.get(key) + "' (" + sources.get(key) + ") is not a"
                    + " duration; use e.g. 5s, 2m");
        }
    }
}
