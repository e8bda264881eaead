package io.jobkit.cli;

import io.jobkit.client.JobClient;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;

/**
 * What one run of the CLI works with: the process environment (a map, so tests pass their own), stdout and stderr,
 * the global options, and a {@link JobClient} built on first use and closed when the command ends.
 */
public final class CliContext implements AutoCloseable {
    private final Map<String, String> baseEnvironment;
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean interactive;
    private final GlobalOptions options;
    private JobClient client;

    CliContext(Map<String, String> environment, PrintWriter out, PrintWriter err, boolean interactive, GlobalOptions options) {
        this.baseEnvironment = Map.copyOf(environment);
        this.out = out;
        this.err = err;
        this.interactive = interactive;
        this.options = options;
    }

    /** The environment with the global flags applied: what {@link JobClient#fromEnvironment(Map)} and handlers see. */
    public Map<String, String> environment() {
        Map<String, String> env = new HashMap<>(baseEnvironment);
        if (options.endpointUrl != null) {
            // the flag names one endpoint for every service, so it must also beat the per-service variables
            for (String service : new String[]{"", "_SQS", "_DYNAMODB", "_SCHEDULER"}) {
                env.put("AWS_ENDPOINT_URL" + service, options.endpointUrl);
            }
        }
        if (options.region != null) {
            env.put("AWS_REGION", options.region);
            env.put("AWS_DEFAULT_REGION", options.region);
        }
        if (options.prefix != null) env.put("JOBKIT_PREFIX", options.prefix);
        return env;
    }

    public JobClient client() {
        if (client == null) {
            // a long-running worker and bulk commands want a connection pool; JOBKIT_HTTP_CLIENT overrides
            Map<String, String> env = environment();
            env.putIfAbsent("JOBKIT_HTTP_CLIENT", "apache");
            client = JobClient.fromEnvironment(env);
        }
        return client;
    }

    public Output output() {
        return new Output(out, err, options.json);
    }

    public boolean json() {
        return options.json;
    }

    public boolean verbose() {
        return options.verbose;
    }

    /** Whether stderr is a terminal, so progress may redraw one line instead of printing many. */
    public boolean interactive() {
        return interactive;
    }

    public PrintWriter out() {
        return out;
    }

    public PrintWriter err() {
        return err;
    }

    @Override
    public void close() {
        if (client != null) client.close();
        client = null;
        out.flush();
        err.flush();
    }
}
