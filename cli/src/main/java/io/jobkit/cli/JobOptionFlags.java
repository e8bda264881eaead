package io.jobkit.cli;

import io.jobkit.client.JobOptions;
import io.jobkit.client.Priority;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The job options a command can set from flags, shared by {@code enqueue} and {@code schedules create}. */
public final class JobOptionFlags {
    @Option(names = "--priority", paramLabel = "P", description = "critical, high, normal (default), low, or 0-10.")
    String priority;

    @Option(names = "--queue", paramLabel = "QUEUE", description = "Send to this queue instead of routing by type and priority.")
    String queue;

    @Option(names = "--max-attempts", paramLabel = "N", description = "Attempts before the job FAILS to its DLQ (1-25, default 3).")
    Integer maxAttempts;

    @Option(names = "--timeout", paramLabel = "D", description = "One attempt's time limit (default 15m, at most 24h).")
    Duration timeout;

    @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "A tag (repeatable).")
    Map<String, String> tags = new LinkedHashMap<>();

    /** Sets what was given on {@code options}; bad values are {@code JobValidationException}s. */
    public void applyTo(JobOptions.Builder options) {
        if (priority != null) options.priority(Priority.parse(priority));
        if (queue != null) options.queue(queue);
        if (maxAttempts != null) options.maxAttempts(maxAttempts);
        if (timeout != null) options.timeout(timeout);
        tags.forEach(options::tag);
    }
}
