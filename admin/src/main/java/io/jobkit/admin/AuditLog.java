package io.jobkit.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Who did what: every state-changing call leaves one {@code AUDIT#<yyyy-mm-dd>} item (sort key
 * {@code <time>#<random>}, a TTL of {@link #RETENTION}) and one JSON line on the {@code jobkit.audit} logger.
 *
 * <p>A day's entries share a partition, which is fine for an operator console's write rate (people clicking, a few
 * a second at most). A failed audit write is logged and does not undo the action that already happened.
 */
final class AuditLog {
    static final Duration RETENTION = Duration.ofDays(90);
    private static final Logger LOG = LoggerFactory.getLogger("jobkit.audit");
    private static final String PREFIX = "AUDIT#";
    /** Fixed width, so sort keys compare as times do. */
    private static final DateTimeFormatter SORT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    /** One audit entry. */
    record Entry(String at, String principal, String role, String method, String action, String target, int status,
                 String outcome) {
    }

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    AuditLog(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    void record(Principal who, String action, String target, int status, String outcome) {
        Instant now = clock.instant();
        Entry e = new Entry(now.toString(), who.name(), who.role() == null ? "none" : who.role().label(), who.method(), action, target, status, outcome);
        try {
            LOG.info(Json.MAPPER.writeValueAsString(e));
        } catch (JsonProcessingException ex) {
            LOG.info("audit {} {} by {}: {}", action, target, who.name(), outcome);
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
        item.put("outcome", AttributeValue.fromS(outcome == null ? "" : outcome));
        item.put(JobTable.TTL_ATTRIBUTE, AttributeValue.fromN(Long.toString(now.plus(RETENTION).getEpochSecond())));
        try {
            dynamo.putItem(r -> r.tableName(table).item(item));
        } catch (RuntimeException ex) {
            LOG.error("the audit entry for {} {} by {} could not be stored: {}", action, target, who.name(), ex.toString());
        }
    }

    /** Entries at or after {@code since}, newest first, at most {@code limit}. */
    List<Entry> since(Instant since, int limit) {
        Instant now = clock.instant();
        List<Entry> out = new ArrayList<>();
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
                out.add(new Entry(s(item, "at"), s(item, "principal"), s(item, "role"), s(item, "method"), s(item, "action"),
                        s(item, "target"), Integer.parseInt(item.get("status").n()), s(item, "outcome")));
                if (--left == 0) break;
            }
        }
        out.sort(Comparator.comparing(Entry::at).reversed());
        return out;
    }

    private static String s(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }
}
