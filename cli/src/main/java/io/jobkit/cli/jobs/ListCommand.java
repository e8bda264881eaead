package io.jobkit.cli.jobs;

import io.jobkit.client.view.JobView;

import io.jobkit.cli.CliCommand;
import io.jobkit.cli.Text;
import io.jobkit.client.Job;
import io.jobkit.client.JobFilter;
import io.jobkit.client.JobPage;
import io.jobkit.client.JobStatus;
import io.jobkit.client.JobValidationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** {@code jobkit list}: jobs newest first, by status and type. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List jobs, newest first.",
        footer = {"", "Examples:", "  jobkit list --status failed --limit 20", "  jobkit list --status queued,running --type email.send",
                "  jobkit list --json --cursor <nextCursor of the previous page>"})
public final class ListCommand extends CliCommand {
    /** The JSON shape of the result. */
    public record Listing(List<JobView> jobs, String nextCursor) {
    }

    @Option(names = "--status", paramLabel = "S[,S...]",
            description = "Only these states: scheduled, queued, running, retrying, succeeded, failed, cancelled.")
    String status;

    @Option(names = "--type", paramLabel = "T", description = "Only this job type.")
    String type;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "Page size, 1-1000 (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--cursor", paramLabel = "C", description = "Continue after the page that printed this cursor.")
    String cursor;

    @Override
    public Integer call() {
        JobFilter filter = new JobFilter(statuses(), type, limit, cursor);
        JobPage page = cli().client().list(filter);
        output().print(new Listing(page.jobs().stream().map(JobView::of).toList(), page.nextCursor()), () -> {
            Instant now = cli().client().runtime().clock().instant();
            List<List<String>> rows = new ArrayList<>();
            for (Job j : page.jobs()) {
                rows.add(Arrays.asList(j.id(), j.type(), j.status().name(), j.queue(),
                        j.attempt() + "/" + j.maxAttempts(), j.progress() == null ? null : j.progress() + "%",
                        j.createdAt() == null ? null : Text.age(Duration.between(j.createdAt(), now)) + " ago"));
            }
            if (rows.isEmpty()) {
                output().note("no jobs match");
            } else {
                output().table(List.of("ID", "TYPE", "STATUS", "QUEUE", "ATTEMPT", "PROGRESS", "CREATED"), rows);
            }
            if (page.hasMore()) output().note("more jobs: add --cursor " + page.nextCursor());
        });
        return 0;
    }

    private Set<JobStatus> statuses() {
        if (status == null || status.isBlank()) return Set.of();
        Set<JobStatus> wanted = EnumSet.noneOf(JobStatus.class);
        for (String s : status.split(",")) {
            if (s.isBlank()) continue;
            try {
                wanted.add(JobStatus.valueOf(s.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new JobValidationException("unknown status '" + s.trim() + "'; use one or more of "
                        + Arrays.stream(JobStatus.values()).map(v -> v.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
            }
        }
        return wanted;
    }
}
