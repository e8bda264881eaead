package io.jobkit.client.topology;

import io.jobkit.client.JobValidationException;
import io.jobkit.client.Priority;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one source of truth for jobkit's AWS resource names and for how job types route to queues. The runtime, the
 * local cloud and the CDK app all read it, so names never drift.
 *
 * <ul>
 *   <li>Always the four priority queues {@code critical}, {@code high}, {@code normal}, {@code low}; extra named
 *       queues may be declared, and job types routed to them by pattern.</li>
 *   <li>Names: {@code <prefix>-<queue>}, {@code <prefix>-<queue>-dlq}, table {@code <prefix>-jobs}, schedule group
 *       {@code <prefix>}; the prefix defaults to {@code jobkit}.</li>
 * </ul>
 */
public final class Topology {
    public static final String DEFAULT_PREFIX = "jobkit";
    /**
     * The redrive policy's receive limit. jobkit moves exhausted jobs to the DLQ itself; this limit is only the safety
     * net for poison messages that crash the worker before it can record anything, so it sits well above the largest
     * allowed {@code maxAttempts}.
     */
    public static final int MAX_RECEIVE_COUNT = 50;
    private static final Pattern PREFIX = Pattern.compile("[a-z0-9][a-z0-9_-]{0,29}");

    private final String prefix;
    private final Map<String, QueueDef> queues;
    private final List<Route> routes;
    private final String tableName;
    private final String scheduleGroup;
    private final StatusShards statusShards;

    private Topology(Builder b) {
        this.prefix = b.prefix;
        if (!PREFIX.matcher(prefix).matches()) {
            throw new JobValidationException("prefix '" + prefix + "' is invalid; use 1-30 lower-case letters, digits,"
                    + " '-' or '_', starting with a letter or digit");
        }
        Map<String, QueueDef> all = new LinkedHashMap<>();
        for (Priority p : Priority.values()) {
            QueueDef override = b.queues.get(p.queueName());
            if (override != null && override.fifo()) {
                throw new JobValidationException("priority queue '" + p.queueName() + "' cannot be FIFO; declare a named"
                        + " FIFO queue and route job types to it");
            }
            all.put(p.queueName(), override != null
                    ? new QueueDef(p.queueName(), false, Optional.of(p), override.visibilityTimeout(), override.tracking())
                    : QueueDef.forPriority(p));
        }
        b.queues.forEach(all::putIfAbsent);
        b.tracking.forEach((name, level) -> {
            QueueDef q = all.get(name);
            if (q == null) {
                throw new JobValidationException("tracking level set for unknown queue '" + name + "'; known queues: "
                        + all.keySet());
            }
            all.put(name, q.withTracking(level));
        });
        this.queues = Collections.unmodifiableMap(all);
        for (Route r : b.routes) {
            if (!queues.containsKey(r.queue())) {
                throw new JobValidationException("route '" + r.pattern() + "' names unknown queue '" + r.queue()
                        + "'; declare it first, known queues: " + queues.keySet());
            }
        }
        this.routes = List.copyOf(b.routes);
        this.tableName = b.tableName != null ? b.tableName : prefix + "-jobs";
        this.scheduleGroup = b.scheduleGroup != null ? b.scheduleGroup : prefix;
        int count = b.statusShards != null ? b.statusShards : StatusShards.DEFAULT;
        this.statusShards = new StatusShards(count, b.statusListingShards != null ? b.statusListingShards : count);
    }

    /** The default topology: prefix {@code jobkit}, the four priority queues, no routes. */
    public static Topology defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads {@code JOBKIT_PREFIX}, {@code JOBKIT_TABLE}, {@code JOBKIT_SCHEDULE_GROUP}, {@code JOBKIT_QUEUES}
     * (comma-separated extra queues, {@code name} or {@code name:fifo}) and {@code JOBKIT_ROUTES}
     * (comma-separated {@code pattern=queue}) and {@code JOBKIT_TRACKING} (comma-separated {@code queue=level}, level
     * {@code full|lean|none}, e.g. {@code low=lean,bulk=none}), {@code JOBKIT_STATUS_SHARDS} (the status index's
     * shard count, default 8) and {@code JOBKIT_STATUS_LISTING_SHARDS} (shards a listing reads, default the shard
     * count; see {@link StatusShards}).
     */
    public static Topology fromEnvironment(Map<String, String> env) {
        Builder b = builder();
        String prefix = env.get("JOBKIT_PREFIX");
        if (prefix != null && !prefix.isBlank()) b.prefix(prefix.trim());
        String table = env.get("JOBKIT_TABLE");
        if (table != null && !table.isBlank()) b.tableName(table.trim());
        String group = env.get("JOBKIT_SCHEDULE_GROUP");
        if (group != null && !group.isBlank()) b.scheduleGroup(group.trim());
        for (String q : splitList(env.get("JOBKIT_QUEUES"))) {
            String[] parts = q.split(":", 2);
            boolean fifo = parts.length == 2 && parts[1].trim().equalsIgnoreCase("fifo");
            if (parts.length == 2 && !fifo) {
                throw new JobValidationException("JOBKIT_QUEUES entry '" + q + "' is invalid; use 'name' or 'name:fifo'");
            }
            b.queue(fifo ? QueueDef.fifo(parts[0].trim()) : QueueDef.standard(parts[0].trim()));
        }
        for (String r : splitList(env.get("JOBKIT_ROUTES"))) {
            String[] parts = r.split("=", 2);
            if (parts.length != 2) {
                throw new JobValidationException("JOBKIT_ROUTES entry '" + r + "' is invalid; use 'pattern=queue', e.g. 'report.*=reports'");
            }
            b.route(parts[0].trim(), parts[1].trim());
        }
        for (String t : splitList(env.get("JOBKIT_TRACKING"))) {
            String[] parts = t.split("=", 2);
            if (parts.length != 2) {
                throw new JobValidationException("JOBKIT_TRACKING entry '" + t + "' is invalid; use 'queue=level' with"
                        + " level full, lean or none, e.g. 'low=lean'");
            }
            b.tracking(parts[0].trim(), io.jobkit.client.TrackingLevel.parse(parts[1]));
        }
        integer(env, "JOBKIT_STATUS_SHARDS").ifPresent(b::statusShards);
        integer(env, "JOBKIT_STATUS_LISTING_SHARDS").ifPresent(b::statusListingShards);
        return b.build();
    }

    private static Optional<Integer> integer(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) return Optional.empty();
        try {
            return Optional.of(Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            throw new JobValidationException(name + " '" + value + "' is not a whole number; use e.g. " + name + "=24");
        }
    }

    private static List<String> splitList(String value) {
        List<String> out = new ArrayList<>();
        if (value == null) return out;
        for (String s : value.split(",")) {
            if (!s.isBlank()) out.add(s.trim());
        }
        return out;
    }

    public String prefix() {
        return prefix;
    }

    /** Every queue: the four priority queues in priority order, then the named queues in declaration order. */
    public List<QueueDef> queues() {
        return List.copyOf(queues.values());
    }

    public List<Route> routes() {
        return routes;
    }

    public Optional<QueueDef> findQueue(String name) {
        return Optional.ofNullable(name == null ? null : queues.get(name));
    }

    /** The queue called {@code name}, or a validation error listing the known queues. */
    public QueueDef queue(String name) {
        QueueDef q = name == null ? null : queues.get(name);
        if (q == null) {
            throw new JobValidationException("unknown queue '" + name + "'; known queues: " + String.join(", ", queues.keySet())
                    + "; use one of them, or declare the queue in the topology (JOBKIT_QUEUES, Topology.builder().queue(...))");
        }
        return q;
    }

    /** The queue serving {@code priority}. */
    public QueueDef queue(Priority priority) {
        return queues.get(priority.queueName());
    }

    /** Where a job goes: the first route whose pattern matches its type, else its priority's queue. */
    public QueueDef route(String type, Priority priority) {
        for (Route r : routes) {
            if (r.matches(type)) return queues.get(r.queue());
        }
        return queue(priority);
    }

    /** The SQS queue name of {@code queue}. */
    public String sqsName(QueueDef queue) {
        return queue.sqsName(prefix);
    }

    /** The SQS name of {@code queue}'s dead-letter queue. */
    public String dlqSqsName(QueueDef queue) {
        return queue.dlqSqsName(prefix);
    }

    public String tableName() {
        return tableName;
    }

    public String scheduleGroup() {
        return scheduleGroup;
    }

    /** The status index's shards: how many new index keys are spread over, and how many a listing reads. */
    public StatusShards statusShards() {
        return statusShards;
    }

    /** The logical queue whose main or dead-letter SQS queue is named {@code sqsName}. */
    public Optional<QueueDef> queueForSqsName(String sqsName) {
        for (QueueDef q : queues.values()) {
            if (q.sqsName(prefix).equals(sqsName) || q.dlqSqsName(prefix).equals(sqsName)) return Optional.of(q);
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "Topology[prefix=" + prefix + ", queues=" + queues.keySet() + ", routes=" + routes + ", table=" + tableName
                + ", scheduleGroup=" + scheduleGroup + ", statusShards=" + statusShards.count()
                + (statusShards.listing() != statusShards.count() ? " (listing " + statusShards.listing() + ")" : "") + "]";
    }

    public static final class Builder {
        private String prefix = DEFAULT_PREFIX;
        private final Map<String, QueueDef> queues = new LinkedHashMap<>();
        private final List<Route> routes = new ArrayList<>();
        private String tableName;
        private String scheduleGroup;
        private final Map<String, io.jobkit.client.TrackingLevel> tracking = new LinkedHashMap<>();
        private Integer statusShards;
        private Integer statusListingShards;

        private Builder() {
        }

        public Builder prefix(String prefix) {
            this.prefix = prefix;
            return this;
        }

        /**
         * Declares a named queue, or overrides a priority queue's settings (its visibility timeout) when the name
         * is one of {@code critical|high|normal|low}.
         */
        public Builder queue(QueueDef queue) {
            if (queues.containsKey(queue.name())) {
                throw new JobValidationException("queue '" + queue.name() + "' is declared twice");
            }
            queues.put(queue.name(), queue);
            return this;
        }

        /**
         * Tracks the jobs of queue {@code queue} (a priority queue or one declared with {@link #queue}) at
         * {@code level} unless a job sets its own.
         */
        public Builder tracking(String queue, io.jobkit.client.TrackingLevel level) {
            tracking.put(queue, java.util.Objects.requireNonNull(level, "level"));
            return this;
        }

        /** Routes job types matching {@code pattern} (a glob such as {@code report.*}) to {@code queue}. */
        public Builder route(String pattern, String queue) {
            routes.add(new Route(pattern, queue));
            return this;
        }

        /** Overrides the table name (default {@code <prefix>-jobs}). */
        public Builder tableName(String tableName) {
            this.tableName = tableName;
            return this;
        }

        /** Overrides the EventBridge Scheduler group (default {@code <prefix>}). */
        public Builder scheduleGroup(String scheduleGroup) {
            this.scheduleGroup = scheduleGroup;
            return this;
        }

        /**
         * Spreads the status index over {@code count} partitions per phase (default {@value StatusShards#DEFAULT},
         * 1 to {@value StatusShards#MAX}); each takes about 1,000 writes/s, so 8 carry ≈ 4,000 jobs/s at tracking
         * {@code full}. Raise it on a live table freely; to lower it, keep {@link #statusListingShards} at the old
         * count until the records written under it have expired (see {@link StatusShards}).
         */
        public Builder statusShards(int count) {
            this.statusShards = count;
            return this;
        }

        /**
         * How many status-index shards a listing reads (default: the {@link #statusShards} count, never fewer). Only
         * needed after lowering the shard count: set it to the old count until the old records have expired.
         */
        public Builder statusListingShards(int listing) {
            this.statusListingShards = listing;
            return this;
        }

        public Topology build() {
            return new Topology(this);
        }
    }
}
