package io.jobkit.client.metrics;

import io.jobkit.client.topology.JobTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code STATS#<minute>} items of the jobs table: {@code pk=STATS#<yyyy-MM-ddTHH:mmZ>}, {@code sk=<queue>#<type>}.
 *
 * <p>Every runtime adds its minute's figures with one {@code UpdateItem} per (queue, type) it saw, all numbers
 * through {@code ADD}, so any number of workers and Lambda environments write the same item without reading it
 * first and without losing each other's counts. Histogram buckets are top-level attributes {@code d<i>} (duration)
 * and {@code w<i>} (wait), because {@code ADD} cannot create a nested map entry. Items expire through TTL.
 */
public final class StatsItems {
    public static final String PARTITION_PREFIX = "STATS#";
    /** The longest window a reader accepts: one Query per minute. */
    public static final Duration MAX_WINDOW = Duration.ofHours(24);
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'")
            .withZone(java.time.ZoneOffset.UTC);

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration ttl;

    public StatsItems(DynamoDbClient dynamo, String table, Duration ttl) {
        this.dynamo = dynamo;
        this.table = table;
        this.ttl = ttl;
    }

    public static String partition(Instant minute) {
        return PARTITION_PREFIX + MINUTE.format(minute.truncatedTo(ChronoUnit.MINUTES));
    }

    /** One atomic increment of the item of {@code s}'s minute, queue and type. Does nothing for an empty one. */
    public void add(MinuteStats s) {
        if (s.isEmpty()) return;
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> adds = new ArrayList<>();
        add(adds, names, values, "succeeded", s.succeeded);
        add(adds, names, values, "failed", s.failed);
        add(adds, names, values, "retried", s.retried);
        add(adds, names, values, "deadLettered", s.deadLettered);
        add(adds, names, values, "cancelled", s.cancelled);
        addHistogram(adds, names, values, "d", s.duration);
        addHistogram(adds, names, values, "w", s.wait);
        names.put("#queue", "queue");
        names.put("#type", "type");
        names.put("#minute", "minute");
        names.put("#ttl", JobTable.TTL_ATTRIBUTE);
        values.put(":queue", AttributeValue.fromS(s.queue()));
        values.put(":type", AttributeValue.fromS(s.type()));
        values.put(":minute", AttributeValue.fromS(s.minute().toString()));
        values.put(":ttl", AttributeValue.fromN(Long.toString(s.minute().plus(ttl).getEpochSecond())));
        String expression = "SET #queue = :queue, #type = :type, #minute = :minute, #ttl = :ttl ADD " + String.join(", ", adds);
        dynamo.updateItem(r -> r.tableName(table)
                .key(Map.of(JobTable.PARTITION_KEY, AttributeValue.fromS(partition(s.minute())),
                        JobTable.SORT_KEY, AttributeValue.fromS(s.queue() + "#" + s.type())))
                .updateExpression(expression).expressionAttributeNames(names).expressionAttributeValues(values));
    }

    /** Every stored (queue, type) of each minute in [from, to), oldest minute first. One Query per minute. */
    public List<MinuteStats> read(Instant from, Instant to) {
        Instant first = from.truncatedTo(ChronoUnit.MINUTES);
        if (Duration.between(first, to).compareTo(MAX_WINDOW.plusMinutes(1)) > 0) {
            throw new IllegalArgumentException("metrics window over " + MAX_WINDOW.toHours() + " h; ask for a shorter one");
        }
        List<MinuteStats> rows = new ArrayList<>();
        for (Instant m = first; m.isBefore(to); m = m.plus(Duration.ofMinutes(1))) {
            String pk = partition(m);
            for (Map<String, AttributeValue> item : dynamo.queryPaginator(r -> r.tableName(table)
                    .keyConditionExpression("#pk = :pk").consistentRead(true)
                    .expressionAttributeNames(Map.of("#pk", JobTable.PARTITION_KEY))
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk)))).items()) {
                rows.add(toStats(m, item));
            }
        }
        return rows;
    }

    private static MinuteStats toStats(Instant minute, Map<String, AttributeValue> item) {
        MinuteStats s = new MinuteStats(minute, str(item, "queue"), str(item, "type"));
        s.succeeded = num(item, "succeeded");
        s.failed = num(item, "failed");
        s.retried = num(item, "retried");
        s.deadLettered = num(item, "deadLettered");
        s.cancelled = num(item, "cancelled");
        readHistogram(item, "d", s.duration);
        readHistogram(item, "w", s.wait);
        return s;
    }

    private static void readHistogram(Map<String, AttributeValue> item, String prefix, LogHistogram h) {
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            String name = e.getKey();
            if (name.length() > prefix.length() && name.startsWith(prefix) && Character.isDigit(name.charAt(prefix.length()))) {
                h.add(Integer.parseInt(name.substring(prefix.length())), Long.parseLong(e.getValue().n()), 0);
            }
        }
        h.addSum(num(item, prefix + "Sum"));
    }

    private static void add(List<String> adds, Map<String, String> names, Map<String, AttributeValue> values,
                            String attribute, long n) {
        if (n == 0) return;
        String key = "#a" + names.size();
        names.put(key, attribute);
        values.put(":v" + values.size(), AttributeValue.fromN(Long.toString(n)));
        adds.add(key + " :v" + (values.size() - 1));
    }

    private static void addHistogram(List<String> adds, Map<String, String> names, Map<String, AttributeValue> values,
                                     String prefix, LogHistogram h) {
        if (h.isEmpty()) return;
        h.buckets().forEach((bucket, n) -> add(adds, names, values, prefix + bucket, n));
        add(adds, names, values, prefix + "Sum", h.sumMillis());
    }

    private static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    private static long num(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
    }
}
