package io.jobkit.client;

import java.util.EnumSet;
import java.util.Set;

/**
 * Which jobs {@link JobClient#list(JobFilter)} returns, newest first.
 *
 * @param statuses the wanted states; empty means all
 * @param type     only this job type, or null for all types
 * @param limit    page size, 1–1000 (default 50)
 * @param cursor   the {@link JobPage#nextCursor()} of the previous page, or null for the first page
 */
public record JobFilter(Set<JobStatus> statuses, String type, int limit, String cursor) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 1000;

    public JobFilter {
        statuses = statuses == null || statuses.isEmpty() ? Set.copyOf(EnumSet.allOf(JobStatus.class)) : Set.copyOf(statuses);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new JobValidationException("limit " + limit + " is out of range; use 1 to " + MAX_LIMIT);
        }
    }

    public static JobFilter all() {
        return new JobFilter(Set.of(), null, DEFAULT_LIMIT, null);
    }

    public static JobFilter status(JobStatus... statuses) {
        return new JobFilter(Set.of(statuses), null, DEFAULT_LIMIT, null);
    }

    public JobFilter withType(String type) {
        return new JobFilter(statuses, type, limit, cursor);
    }

    public JobFilter withLimit(int limit) {
        return new JobFilter(statuses, type, limit, cursor);
    }

    public JobFilter withCursor(String cursor) {
        return new JobFilter(statuses, type, limit, cursor);
    }
}
