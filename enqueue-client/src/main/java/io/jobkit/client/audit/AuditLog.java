package io.jobkit.client.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobkit.client.Durations;
import io.jobkit.client.JobValidationException;
import io.jobkit.client.topology.JobTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Who did what, kept in the jobs table: every state-changing admin call leaves one {@code AUDIT#<yyyy-mm-dd>} item
 * (sort key {@code <fixed-width time>#<random>}, a TTL of {@link #RETENTION}) and one JSON line on the
 * {@code jobkit.audit} logger. The admin server writes and reads it; {@code jobkit audit} reads it. The code lives
 * here, once, so both print the same entries with the same fields.
 *
 * <p>A day's entries share a partition, which is fine for an operator console's write rate (people clicking, a few
 * a second at most). A failed audit write is logged and does not undo the action that already happened.
 */
public final class AuditLog {
    /** How long entries are kept (their TTL), and so how far back a read can go. */
    public static final Duration RETENTION = Duration.ofDays(90);
    /** How far back a read goes when no {@code since} is given. */
    public static final Duration DEFAULT_SINCE = Duration.ofDays(1);
    private static final Logger LOG = LoggerFactory.getLogger("jobkit.audit");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "AUDIT#";
    /** Fixed width, so sort keys compare as times do. */
    private static final DateTimeFormatter SORT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public AuditLog(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(table, "table");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Logs and stores one entry stamped now; returns it. A failed store is logged, never thrown. */
    public AuditEntry record(String principal, String role, String method, String action, String target, int status,
                             String outcome) {
        Instant now = clock.instant();
        AuditEntry e = new AuditEntry(now.toString(), principal, role, method, action, target, status,
                outcome == null ? "" : outcome);
        try {
            LOG.info(JSON.writeValueAsString(e));
        } catch (JsonProcessingException ex) {
            LOG.info("audit {} {} by {}: {}", action, target, principal, outcome);
        }
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(JobTable.PARTITION_KEY, AttributeValue.fromS(PREFIX + LocalDate.ofInstant(now, ZoneOffset.UTC)));
        item.put(JobTable.SORT_KEY, AttributeValue.fromS(SORT_TIME.format(now) + "#" + UUID.randomUUID()));
        item.put("at", AttributeValue.fromS(e.at()));
        item.put("principal", AttributeValue.fromS(e.principal()));
        item.put("role", AttributeValue.fromS(e.role()));
        item.put("method", AttributeValue.fromS(e.method()));
        item.put("action", AttributeValue.fromS(action));
        item.put("target", AttributeValue.fromS(target));
        item.put("status", AttributeValue.fromN(Integer.toString(status)));
        item.put("outcome", AttributeValue.fromS(e.outcome()));
        item.put(JobTable.TTL_ATTRIBUTE, AttributeValue.fromN(Long.toString(now.plus(RETENTION).getEpochSecond())));
        try {
            dynamo.putItem(r -> r.tableName(table).item(item));
        } catch (RuntimeException ex) {
            LOG.error("the audit entry for {} {} by {} could not be stored: {}", action, target, principal, ex.toString());
        }
        return e;
    }

    /**
     * Entries at or after {@code since}, newest first, at most {@code limit}: one query per day partition from
     * today back to {@code since}'s day.
     */
    public AuditPage since(Instant since, int limit) {
        if (limit < 1) throw new JobValidationException("limit " + limit + " must be at least 1");
        Instant now = clock.instant();
        List<AuditEntry> out = new ArrayList<>();
        LocalDate first = LocalDate.ofInstant(since, ZoneOffset.UTC);
        for (LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC); !day.isBefore(first) && out.size() < limit;
             day = day.minusDays(1)) {
            String pk = PREFIX + day;
            int left = limit - out.size();
            for (Map<String, AttributeValue> item : dynamo.queryPaginator(r -> r.tableName(table)
                    .keyConditionExpression("#pk = :pk AND #sk >= :since")
                    .expressionAttributeNames(Map.of("#pk", JobTable.PARTITION_KEY, "#sk", JobTable.SORT_KEY))
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk), ":since", AttributeValue.fromS(SORT_TIME.format(since))))
                    .scanIndexForward(false)).items()) {
                out.add(new AuditEntry(s(item, "at"), s(item, "principal"), s(item, "role"), s(item, "method"),
                        s(item, "action"), s(item, "target"), Integer.parseInt(item.get("status").n()), s(item, "outcome")));
                if (--left == 0) break;
            }
        }
        out.sort(Comparator.comparing(AuditEntry::at).reversed());
        return new AuditPage(since.toString(), out);
    }

    /**
     * The start of a read from what a person typed: a duration back ({@code 30m}, {@code 1h}, {@code 7d}) or an
     * ISO-8601 instant; null means {@link #DEFAULT_SINCE} back. Anything older than {@link #RETENTION} is clamped to
     * it, since those entries have expired.
     *
     * @throws JobValidationException the text is neither
     */
    public static Instant parseSince(String text, Instant now) {
        if (text == null || text.isBlank()) return now.minus(DEFAULT_SINCE);
        Instant since;
        try {
            since = text.contains("T") ? Instant.parse(text.trim()) : now.minus(Durations.parse(text));
        } catch (DateTimeParseException | JobValidationException e) {
            throw new JobValidationException("since '" + text + "' must be a duration back (30m, 1h, 7d)"
                    + " or an ISO-8601 instant (2026-01-31T09:00:00Z)");
        }
        Instant oldest = now.minus(RETENTION);
        return since.isBefore(oldest) ? oldest : since;
    }

    private static String s(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }
}
