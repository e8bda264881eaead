package io.jobkit.client.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.jobkit.client.Job;
import io.jobkit.client.JobError;
import io.jobkit.client.JobStatus;
import io.jobkit.client.Priority;
import io.jobkit.client.internal.Timestamps;
import io.jobkit.client.topology.JobTable;
import io.jobkit.client.topology.StatusShards;
import io.jobkit.client.wire.EnvelopeCodec;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Item keys and attribute names of the jobs table, and the mapping between items and {@link Job}. */
final class JobItems {
    static final String JOB_SK = "JOB";
    static final String ENVELOPE_SK = "ENVELOPE";
    static final String DEDUP_SK = "DEDUP";

    // job item attributes
    static final String ID = "id";
    static final String STATUS_SHARD = JobTable.STATUS_INDEX_PARTITION_KEY;
    static final String CREATED_KEY = JobTable.STATUS_INDEX_SORT_KEY;
    static final String TYPE = "type";
    static final String STATUS = "status";
    static final String QUEUE = "queue";
    static final String PRIORITY = "priority";
    static final String ATTEMPT = "attempt";
    static final String MAX_ATTEMPTS = "maxAttempts";
    static final String CYCLE = "cycle";
    static final String PROGRESS = "progress";
    static final String PROGRESS_MESSAGE = "progressMessage";
    static final String RESULT = "result";
    static final String ERROR_TYPE = "errorType";
    static final String ERROR_MESSAGE = "errorMessage";
    static final String ERROR_STACK = "errorStack";
    static final String ERROR_ATTEMPT = "errorAttempt";
    static final String CREATED_AT = "createdAt";
    static final String UPDATED_AT = "updatedAt";
    static final String STARTED_AT = "startedAt";
    static final String FINISHED_AT = "finishedAt";
    static final String NEXT_ATTEMPT_AT = "nextAttemptAt";
    static final String RUN_AT = "runAt";
    static final String TAGS = "tags";
    static final String LOGS = "logs";
    static final String LEASE_OWNER = "leaseOwner";
    static final String LEASE_EXPIRES_AT = "leaseExpiresAt";
    static final String CANCEL_REQUESTED = "cancelRequested";
    static final String DEDUP_KEY = "dedupKey";
    static final String SCHEDULE_NAME = "scheduleName";
    static final String VERSION = "version";
    static final String EXPIRES_AT = JobTable.TTL_ATTRIBUTE;
    static final String TRACKING = "tracking";
    /** Attempts that ended in a retry: a list of small maps (see {@link #pastAttempts}). */
    static final String PAST_ATTEMPTS = "pastAttempts";
    /** How much of a past attempt's error message is kept; the last attempt keeps its whole error. */
    static final int PAST_ERROR_CHARS = 300;
    // envelope item (and the status item, when the envelope is small enough to keep inline)
    static final String ENVELOPE = "envelope";
    // dedup item
    static final String JOB_ID = "jobId";
    static final String WINDOW_ENDS_AT = "windowEndsAt";

    private JobItems() {
    }

    static Map<String, AttributeValue> jobKey(String id) {
        return Map.of(JobTable.PARTITION_KEY, s("JOB#" + id), JobTable.SORT_KEY, s(JOB_SK));
    }

    static Map<String, AttributeValue> envelopeKey(String id) {
        return Map.of(JobTable.PARTITION_KEY, s("JOB#" + id), JobTable.SORT_KEY, s(ENVELOPE_SK));
    }

    static Map<String, AttributeValue> dedupKey(String type, String key) {
        return Map.of(JobTable.PARTITION_KEY, s("DEDUP#" + type + "#" + key), JobTable.SORT_KEY, s(DEDUP_SK));
    }

    /**
     * The status index partition of a job: its phase ({@link JobTable#ACTIVE_PHASE} for QUEUED and RUNNING, the
     * status itself otherwise) plus the id's shard under {@code shards}' count.
     */
    static String statusShard(JobStatus status, String id, StatusShards shards) {
        return phaseShard(phase(status), shards.shardOf(id));
    }

    static String phase(JobStatus status) {
        return status == JobStatus.QUEUED || status == JobStatus.RUNNING ? JobTable.ACTIVE_PHASE : status.name();
    }

    static String phaseShard(String phase, int shard) {
        return phase + "#" + shard;
    }

    /** The partition the layout before tracking levels used for every status: {@code <status>#<shard>}. */
    static String legacyStatusShard(JobStatus status, int shard) {
        return status.name() + "#" + shard;
    }

    /** The status index sort key: creation time, then id, so listings are newest first for any id format. */
    static String createdKey(Instant createdAt, String id) {
        return Timestamps.format(createdAt) + "#" + id;
    }

    /**
     * An item's size as DynamoDB bills it, closely enough to keep an item under 1 KB: attribute names plus UTF-8
     * string lengths, number digits, and nested values.
     */
    static int size(Map<String, AttributeValue> item) {
        int total = 0;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            total += e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8).length + size(e.getValue());
        }
        return total;
    }

    private static int size(AttributeValue v) {
        if (v.s() != null) return v.s().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (v.n() != null) return (v.n().length() + 1) / 2 + 1;
        if (v.bool() != null) return 1;
        if (v.hasM()) return 3 + size(v.m()) + v.m().size();
        if (v.hasL()) return 3 + v.l().stream().mapToInt(x -> size(x) + 1).sum();
        return 1;
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    static AttributeValue time(Instant instant) {
        return s(Timestamps.format(instant));
    }

    static Job toJob(Map<String, AttributeValue> item, String envelopeJson) {
        JobError error = item.containsKey(ERROR_MESSAGE)
                ? new JobError(str(item, ERROR_TYPE), str(item, ERROR_MESSAGE), str(item, ERROR_STACK), num(item, ERROR_ATTEMPT, 0))
                : null;
        Job.Lease lease = item.containsKey(LEASE_OWNER)
                ? new Job.Lease(str(item, LEASE_OWNER), instant(item, LEASE_EXPIRES_AT)) : null;
        Map<String, String> tags = new HashMap<>();
        if (item.containsKey(TAGS)) item.get(TAGS).m().forEach((k, v) -> tags.put(k, v.s()));
        List<String> logs = item.containsKey(LOGS) ? item.get(LOGS).l().stream().map(AttributeValue::s).toList() : List.of();
        String priority = str(item, PRIORITY);
        return new Job(
                str(item, ID), str(item, TYPE), JobStatus.valueOf(str(item, STATUS)), str(item, QUEUE),
                priority == null ? Priority.NORMAL : Priority.valueOf(priority),
                num(item, ATTEMPT, 0), num(item, MAX_ATTEMPTS, 0), num(item, CYCLE, 1),
                item.containsKey(PROGRESS) ? num(item, PROGRESS, 0) : null, str(item, PROGRESS_MESSAGE),
                envelopeJson == null ? null : payloadOf(envelopeJson), json(str(item, RESULT)), error,
                instant(item, CREATED_AT), instant(item, UPDATED_AT), instant(item, STARTED_AT),
                instant(item, FINISHED_AT), instant(item, NEXT_ATTEMPT_AT), instant(item, RUN_AT),
                tags, logs, lease, item.containsKey(CANCEL_REQUESTED) && Boolean.TRUE.equals(item.get(CANCEL_REQUESTED).bool()),
                pastAttempts(item.get(PAST_ATTEMPTS)));
    }

    /**
     * Past attempts as stored: one map per attempt with one-letter keys, since every byte counts in the item's write
     * units — {@code a} attempt, {@code c} cycle, {@code s}/{@code e} start and end, {@code w} worker, {@code t}/{@code m}
     * error type and message (cut to {@value #PAST_ERROR_CHARS} characters).
     */
    static AttributeValue pastAttempts(List<Job.PastAttempt> attempts) {
        return AttributeValue.fromL(attempts.stream().map(a -> {
            Map<String, AttributeValue> m = new HashMap<>();
            m.put("a", n(a.attempt()));
            m.put("c", n(a.cycle()));
            if (a.startedAt() != null) m.put("s", time(a.startedAt()));
            if (a.endedAt() != null) m.put("e", time(a.endedAt()));
            if (a.worker() != null) m.put("w", s(a.worker()));
            if (a.error() != null) {
                if (a.error().type() != null) m.put("t", s(a.error().type()));
                String message = a.error().message() == null ? "" : a.error().message();
                m.put("m", s(message.length() > PAST_ERROR_CHARS ? message.substring(0, PAST_ERROR_CHARS) + "…" : message));
            }
            return AttributeValue.fromM(m);
        }).toList());
    }

    static List<Job.PastAttempt> pastAttempts(AttributeValue stored) {
        if (stored == null || !stored.hasL()) return List.of();
        return stored.l().stream().filter(AttributeValue::hasM).map(v -> {
            Map<String, AttributeValue> m = v.m();
            int attempt = num(m, "a", 0);
            JobError error = m.containsKey("m") ? new JobError(str(m, "t"), str(m, "m"), null, attempt) : null;
            return new Job.PastAttempt(attempt, num(m, "c", 1), instant(m, "s"), instant(m, "e"), str(m, "w"), error);
        }).toList();
    }

    private static JsonNode payloadOf(String envelopeJson) {
        JsonNode envelope = json(envelopeJson);
        return envelope == null ? null : envelope.get("payload");
    }

    private static JsonNode json(String text) {
        if (text == null) return null;
        try {
            return EnvelopeCodec.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is unreadable", e);
        }
    }

    static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    static int num(Map<String, AttributeValue> item, String name, int absent) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? absent : Integer.parseInt(v.n());
    }

    static Instant instant(Map<String, AttributeValue> item, String name) {
        return Timestamps.parse(str(item, name));
    }
}
