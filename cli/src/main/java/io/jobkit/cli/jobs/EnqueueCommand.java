package io.jobkit.cli.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobkit.cli.CliCommand;
import io.jobkit.cli.PayloadOptions;
import io.jobkit.client.JobOptions;
import io.jobkit.client.Priority;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code jobkit enqueue TYPE}: one job, its id on stdout. */
@Command(name = "enqueue", mixinStandardHelpOptions = true,
        description = {"Enqueue one job and print its id.",
                "With --dedup-key, a live duplicate prints the first job's id and sends nothing."},
        footer = {"", "Examples:",
                "  jobkit enqueue email.send --payload '{\"to\":\"ada@example.com\"}' --priority high",
                "  jobkit enqueue report.build --payload-file month.json --delay 5m --tag team=finance",
                "  jobkit enqueue invoice.remind --payload '{\"invoice\":42}' --at 2026-12-01T09:00:00+01:00"})
public final class EnqueueCommand extends CliCommand {
    /** The JSON shape of the result. */
    public record Enqueued(String id, String type) {
    }

    @Parameters(index = "0", paramLabel = "TYPE", description = "Job type, e.g. email.send.")
    String type;

    @Mixin
    PayloadOptions payload = new PayloadOptions();

    @Option(names = "--priority", paramLabel = "P", description = "critical, high, normal (default), low, or 0-10.")
    String priority;

    @Option(names = "--queue", paramLabel = "QUEUE", description = "Send to this queue instead of routing by type and priority.")
    String queue;

    @Option(names = "--delay", paramLabel = "D", description = "Run after D (90s, 5m, 2h; over 15m through EventBridge Scheduler).")
    Duration delay;

    @Option(names = "--at", paramLabel = "TIME", description = "Run at this ISO-8601 time, e.g. 2026-11-24T09:00:00Z (through EventBridge Scheduler).")
    Instant at;

    @Option(names = "--max-attempts", paramLabel = "N", description = "Attempts before the job FAILS to its DLQ (1-25, default 3).")
    Integer maxAttempts;

    @Option(names = "--timeout", paramLabel = "D", description = "One attempt's time limit (default 15m, at most 24h).")
    Duration timeout;

    @Option(names = "--dedup-key", paramLabel = "K", description = "Deduplication key (per job type, 1h window).")
    String dedupKey;

    @Option(names = "--group-key", paramLabel = "G", description = "Message group, required for FIFO queues.")
    String groupKey;

    @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "A tag (repeatable).")
    Map<String, String> tags = new LinkedHashMap<>();

    @Override
    public Integer call() {
        JsonNode body = payload.payload();
        JobOptions.Builder o = JobOptions.builder();
        if (priority != null) o.priority(Priority.parse(priority));
        if (queue != null) o.queue(queue);
        if (delay != null) o.delay(delay);
        if (at != null) o.runAt(at);
        if (maxAttempts != null) o.maxAttempts(maxAttempts);
        if (timeout != null) o.timeout(timeout);
        if (dedupKey != null) o.dedupKey(dedupKey);
        if (groupKey != null) o.groupKey(groupKey);
        tags.forEach(o::tag);
        String id = cli().client().enqueue(type, body, o.build());
        output().print(new Enqueued(id, type), () -> output().line(id));
        return 0;
    }
}
