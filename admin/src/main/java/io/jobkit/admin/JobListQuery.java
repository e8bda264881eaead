package io.jobkit.admin;

import io.jobkit.client.Job;
import io.jobkit.client.JobStatus;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A job filter as the API takes it (query parameters of the listing, {@code filter} of a bulk call). The status index
 * serves {@code status} and {@code type}; {@code queue} and {@code tag} are applied to each page the index returns,
 * so a filtered page may hold fewer than {@code limit} jobs while {@code nextCursor} still leads on.
 */
record JobListQuery(Set<JobStatus> statuses, String type, String queue, String tagKey, String tagValue) {

    static JobListQuery of(String status, String type, String queue, String tag) {
        String key = null;
        String value = null;
        if (tag != null) {
            int colon = tag.indexOf(':');
            if (colon <= 0) {
                throw ApiError.badRequest("INVALID_PARAMETER", "tag '" + tag + "' must be key:value, e.g. tenant:acme");
            }
            key = tag.substring(0, colon);
            value = tag.substring(colon + 1);
        }
        return new JobListQuery(statuses(status), type, queue, key, value);
    }

    boolean matches(Job j) {
        if (queue != null && !queue.equals(j.queue())) return false;
        return tagKey == null || tagValue.equals(j.tags().get(tagKey));
    }

    private static Set<JobStatus> statuses(String status) {
        if (status == null || status.isBlank()) return Set.of();
        Set<JobStatus> wanted = EnumSet.noneOf(JobStatus.class);
        for (String s : status.split(",")) {
            if (s.isBlank()) continue;
            try {
                wanted.add(JobStatus.valueOf(s.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest("INVALID_PARAMETER", "unknown status '" + s.trim() + "'; use one or more of "
                        + Arrays.stream(JobStatus.values()).map(v -> v.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
            }
        }
        return wanted;
    }
}
