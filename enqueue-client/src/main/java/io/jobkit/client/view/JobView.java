package io.jobkit.client.view;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobkit.client.Job;
import io.jobkit.client.JobError;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A job as JSON: the CLI's {@code --json} output and the admin API both serialise this record, so the two always
 * name fields alike. Field names are a stable contract (documented in the README); every field is
 * always present, null when it does not apply. Listings leave {@code payload}, {@code result}, {@code logs} and
 * {@code error.stack} empty.
 */
public record JobView(String id, String type, String status, String queue, String priority, int attempt,
                      int maxAttempts, int cycle, Integer progress, String progressMessage, JsonNode payload,
                      JsonNode result, ErrorView error, String createdAt, String updatedAt, String startedAt,
                      String finishedAt, String nextAttemptAt, String runAt, Map<String, String> tags, List<String> logs,
                      LeaseView lease, boolean cancelRequested, List<AttemptView> pastAttempts) {

    /** The last attempt's error. */
    public record ErrorView(String type, String message, int attempt, String stack) {
    }

    /** An attempt that ended in a retry (the current or last attempt is in attempt, startedAt and error). */
    public record AttemptView(int attempt, int cycle, String startedAt, String endedAt, String worker, ErrorView error) {
    }

    /** Who holds a RUNNING job, until when. */
    public record LeaseView(String owner, String expiresAt) {
    }

    public static JobView of(Job j) {
        JobError e = j.lastError();
        return new JobView(j.id(), j.type(), j.status().name(), j.queue(),
                j.priority() == null ? null : j.priority().name().toLowerCase(Locale.ROOT), j.attempt(), j.maxAttempts(),
                j.cycle(), j.progress(), j.progressMessage(), j.payload(), j.result(),
                e == null ? null : new ErrorView(e.type(), e.message(), e.attempt(), e.stack()),
                iso(j.createdAt()), iso(j.updatedAt()), iso(j.startedAt()), iso(j.finishedAt()),
                iso(j.nextAttemptAt()), iso(j.runAt()), j.tags(), j.logs(),
                j.lease() == null ? null : new LeaseView(j.lease().owner(), iso(j.lease().expiresAt())),
                j.cancelRequested(), j.pastAttempts().stream().map(a -> new AttemptView(a.attempt(), a.cycle(),
                        iso(a.startedAt()), iso(a.endedAt()), a.worker(), a.error() == null ? null
                        : new ErrorView(a.error().type(), a.error().message(), a.error().attempt(), null))).toList());
    }

    private static String iso(Instant at) {
        return at == null ? null : at.toString();
    }
}
