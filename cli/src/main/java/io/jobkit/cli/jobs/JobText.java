package io.jobkit.cli.jobs;

import io.jobkit.cli.Output;
import io.jobkit.cli.Text;
import io.jobkit.client.Job;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** A job as text for people: the block {@code status} and {@code await} print. */
final class JobText {
    private JobText() {
    }

    static void print(Output out, Job j, Instant now) {
        List<String[]> f = new ArrayList<>();
        f.add(new String[]{"id", j.id()});
        f.add(new String[]{"type", j.type()});
        f.add(new String[]{"status", j.status() + "  (attempt " + j.attempt() + " of " + j.maxAttempts()
                + (j.cycle() > 1 ? ", cycle " + j.cycle() : "") + (j.cancelRequested() ? ", cancel requested" : "") + ")"});
        f.add(new String[]{"queue", j.queue() + (j.priority() == null ? "" : "  (priority "
                + j.priority().name().toLowerCase(Locale.ROOT) + ")")});
        if (j.progress() != null) {
            f.add(new String[]{"progress", j.progress() + "%" + (j.progressMessage() == null ? "" : "  " + j.progressMessage())});
        }
        f.add(new String[]{"created", Text.when(j.createdAt(), now)});
        f.add(new String[]{"run at", Text.when(j.runAt(), now)});
        f.add(new String[]{"started", Text.when(j.startedAt(), now)});
        f.add(new String[]{"next attempt", Text.when(j.nextAttemptAt(), now)});
        f.add(new String[]{"finished", Text.when(j.finishedAt(), now)});
        f.add(new String[]{"updated", Text.when(j.updatedAt(), now)});
        if (j.lease() != null) {
            f.add(new String[]{"lease", j.lease().owner() + " until " + Text.when(j.lease().expiresAt(), now)});
        }
        if (!j.tags().isEmpty()) {
            f.add(new String[]{"tags", j.tags().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .sorted().collect(Collectors.joining(" "))});
        }
        if (j.payload() != null) f.add(new String[]{"payload", j.payload().toString()});
        if (j.result() != null) f.add(new String[]{"result", j.result().toString()});
        if (j.lastError() != null) {
            f.add(new String[]{"error", j.lastError().type() + ": " + j.lastError().message()
                    + (j.lastError().attempt() > 0 ? "  (attempt " + j.lastError().attempt() + ")" : "")});
        }
        out.fields(f);
        if (!j.pastAttempts().isEmpty()) {
            out.line("earlier attempts:");
            for (Job.PastAttempt a : j.pastAttempts()) {
                String ran = a.startedAt() != null && a.endedAt() != null
                        ? "  ran " + java.time.Duration.between(a.startedAt(), a.endedAt()).toMillis() + " ms" : "";
                out.line("  " + (j.cycle() > 1 ? "cycle " + a.cycle() + " " : "") + "attempt " + a.attempt() + "  started "
                        + Text.when(a.startedAt(), now) + ran + (a.worker() == null ? "" : " on " + a.worker())
                        + (a.error() == null ? "" : "  " + a.error().type() + ": " + a.error().message()));
            }
        }
        if (!j.logs().isEmpty()) {
            out.line("last log lines:");
            for (String line : j.logs()) out.line("  " + line);
        }
    }
}
