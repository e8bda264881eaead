package io.jobkit.local;

import io.jobkit.client.provision.ProvisionedResources;
import io.jobkit.client.topology.JobTable;
import io.jobkit.client.topology.QueueDef;
import io.jobkit.client.topology.Topology;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What {@code local/run up} prints once the cloud is up. Every line that is not an {@code export} starts with
 * {@code #}, so the whole block can be pasted into a shell as it is.
 */
final class StartupReport {
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./:=@,+-]+");

    private StartupReport() {
    }

    static void print(LocalCloud cloud, Duration sinceJvmStart, PrintStream out) {
        out.printf("# jobkit local cloud is up in %s (%s since the JVM started)%n",
                seconds(cloud.startupTime()), seconds(sinceJvmStart));
        out.println("# Point the AWS SDKs, the AWS CLI and jobkit at it from another shell:");
        for (Map.Entry<String, String> e : cloud.clientEnvironment().entrySet()) {
            out.println("export " + e.getKey() + "=" + shellQuote(e.getValue()));
        }
        out.println("#");
        out.println("# Provisioned:");
        Topology topology = cloud.topology();
        ProvisionedResources resources = cloud.provisioned();
        for (ProvisionedResources.Queue q : resources.queues()) {
            QueueDef def = topology.queue(q.name());
            out.printf("#   queue %-10s %s (DLQ %s)%n", q.name(), topology.sqsName(def), topology.dlqSqsName(def));
        }
        out.printf("#   table %-10s %s (index %s, TTL on %s)%n", "", resources.tableName(),
                JobTable.STATUS_INDEX, JobTable.TTL_ATTRIBUTE);
        if (resources.scheduleGroup() != null) {
            out.printf("#   group %-10s %s (EventBridge Scheduler schedule group; the scheduler fires into the local SQS)%n",
                    "", resources.scheduleGroup());
        }
        out.println("# Ctrl-C stops it.");
        out.flush();
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    static String shellQuote(String value) {
        if (SHELL_SAFE.matcher(value).matches()) return value;
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
