package io.jobkit.cli.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobkit.cli.CliCommand;
import io.jobkit.client.JobOptions;
import io.jobkit.client.JobValidationException;
import io.jobkit.client.Priority;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code jobkit enqueue TYPE}: one job, its id on stdout. */
@Command(name = "enqueue", mixinStandardHelpOptions = true,
        description = {"Enqueue one job and print its id.",
                "With --dedup-key, a live duplicate prints the first job's id and sends nothing."},
        footer = {"", "Examples:",
                "  jobkit enqueue email.send --payload '{\"to\":\"ada@example.com\"}' --priority high",
                "  jobkit enqueue report.build --payload-file month.json --delay 5m --tag team=finance"})
public final class EnqueueCommand extends CliCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The JSON shape of the result. */
    public record Enqueued(String id, String type) {
    }

    @Parameters(index = "0", paramLabel = "TYPE", description = "Job type, e.g. email.send.")
    String type;

    @Option(names = "--payload", paramLabel = "JSON", description = "The job's input as JSON (default: {}).")
    String payload;

    @Option(names = "--payload-file", paramLabel = "FILE", description = "Read the JSON payload from FILE.")
    Path payloadFile;

    @Option(names = "--priority", paramLabel = "P", description = "critical, high, normal (default), low, or 0-10.")
    String priority;

    @Option(names = "--queue", paramLabel = "QUEUE", description = "Send to this queue instead of routing by type and priority.")
    String queue;

    @Option(names = "--delay", paramLabel = "D", description = "Run after D (90s, 5m; at most 15m).")
    Duration delay;

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
        JsonNode body = payload();
        JobOptions.Builder o = JobOptions.builder();
        if (priority != null) o.priority(Priority.parse(priority));
        if (queue != null) o.queue(queue);
        if (delay != null) o.delay(delay);
        if (maxAttempts != null) o.maxAttempts(maxAttempts);
        if (timeout != null) o.timeout(timeout);
        if (dedupKey != null) o.dedupKey(dedupKey);
        if (groupKey != null) o.groupKey(groupKey);
        tags.forEach(o::tag);
        String id = cli().client().enqueue(type, body, o.build());
        output().print(new Enqueued(id, type), () -> output().line(id));
        return 0;
    }

    private JsonNode payload() {
        if (payload != null && payloadFile != null) {
            throw new JobValidationException("give the payload either with --payload or with --payload-file, not both");
        }
        String text;
        String source;
        if (payloadFile != null) {
            source = "payload file " + payloadFile;
            try {
                text = Files.readString(payloadFile);
            } catch (NoSuchFileException e) {
                throw new JobValidationException("payload file " + payloadFile + " does not exist");
            } catch (IOException e) {
                throw new JobValidationException("payload file " + payloadFile + " could not be read: " + e.getMessage());
            }
        } else if (payload != null) {
            source = "--payload";
            text = payload;
        } else {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || node.isMissingNode()) throw new JobValidationException(source + " is empty; give a JSON value such as {}");
            return node;
        } catch (JsonProcessingException e) {
            throw new JobValidationException(source + " is not valid JSON: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        }
    }
}
