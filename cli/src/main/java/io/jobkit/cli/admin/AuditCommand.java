package io.jobkit.cli.admin;

import io.jobkit.cli.CliCommand;
import io.jobkit.client.JobClient;
import io.jobkit.client.audit.AuditEntry;
import io.jobkit.client.audit.AuditLog;
import io.jobkit.client.audit.AuditPage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code jobkit audit}: who did what through the admin API, read from the jobs table's {@code AUDIT#<day>} items by
 * the same {@link AuditLog} the server's {@code GET /api/admin/audit} uses, so {@code --json} is the same document.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Show the admin API's audit log: every state-changing call, newest first.",
        footer = {"", "Examples:", "  jobkit audit", "  jobkit audit --since 7d --json",
                "  jobkit audit --since 2026-01-31T09:00:00Z --limit 50"})
public final class AuditCommand extends CliCommand {
    @Option(names = "--since", paramLabel = "WHEN", description = "A duration back (30m, 1h, 7d) or an ISO-8601 instant;"
            + " default 1d, at most 90d (entries expire then).")
    String since;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "200", description = "At most N entries (1-1000), default ${DEFAULT-VALUE}.")
    int limit;

    @Override
    public Integer call() {
        if (limit < 1 || limit > 1000) {
            throw new io.jobkit.client.JobValidationException("--limit " + limit + " must be from 1 to 1000");
        }
        JobClient client = cli().client();
        Instant now = client.runtime().clock().instant();
        Instant from = AuditLog.parseSince(since, now);
        AuditPage page = new AuditLog(client.runtime().dynamoDb(), client.topology().tableName(), client.runtime().clock())
                .since(from, limit);
        output().print(page, () -> {
            if (page.entries().isEmpty()) {
                output().note("no audit entries since " + page.since());
                return;
            }
            List<List<String>> rows = new ArrayList<>();
            for (AuditEntry e : page.entries()) {
                rows.add(Arrays.asList(e.at(), e.principal() + " (" + e.role() + ")", e.action(), e.target(),
                        Integer.toString(e.status()), e.outcome()));
            }
            output().table(List.of("AT", "WHO", "ACTION", "TARGET", "STATUS", "OUTCOME"), rows);
        });
        return 0;
    }
}
