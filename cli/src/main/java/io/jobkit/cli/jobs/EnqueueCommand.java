package io.jobkit.cli.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobkit.cli.CliCommand;
import io.jobkit.cli.JobOptionFlags;
import io.jobkit.cli.PayloadOptions;
import io.jobkit.client.JobOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.time.Instant;

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

    @Mixin
    JobOptionFlags options = new JobOptionFlags();

    @Option(names = "--delay", paramLabel = "D", description = "Run after D (90s, 5m, 2h; over 15m through EventBridge Scheduler).")
    Duration delay;

    @Option(names = "--at", paramLabel = "TIME", description = "Run at this ISO-8601 time, e.g. 2026-11-24T09:00:00Z (through EventBridge Scheduler).")
    Instant at;

    @Option(names = "--dedup-key", paramLabel = "K", description = "Deduplication key (per job type, 1h window).")
    String dedupKey;

    @Option(names = "--job-id", paramLabel = "ID", description = "Use this job id instead of a generated one; enqueueing"
            + " an id that exists returns that job and sends nothing (at most 256 characters, no whitespace).")
    String jobId;

    @Option(names = "--group-key", paramLabel = "G", description = "Message group, required for FIFO queues.")
    String groupKey;

    @Override
    public Integer call() {
        JsonNode body = payload.payload();
        JobOptions.Builder o = JobOptions.builder();
        options.applyTo(o);
        if (delay != null) o.delay(delay);
        if (at != null) o.runAt(at);
        if (dedupKey != null) o.dedupKey(dedupKey);
        if (groupKey != null) o.groupKey(groupKey);
        if (jobId != null) o.jobId(jobId);
        String id = cli().client().enqueue(type, body, o.build());
        output().print(new Enqueued(id, type), () -> output().line(id));
        return 0;
    }
}
