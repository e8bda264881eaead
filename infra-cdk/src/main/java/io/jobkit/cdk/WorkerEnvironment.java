package io.jobkit.cdk;

import io.jobkit.client.topology.QueueDef;
import io.jobkit.client.topology.Route;
import io.jobkit.client.topology.StatusShards;
import io.jobkit.client.topology.Topology;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code JOBKIT_*} variables that make a worker (or a producer) see the deployed topology. It is the inverse of
 * {@link Topology#fromEnvironment(Map)}: a test checks that reading them back yields the same names and routes.
 */
final class WorkerEnvironment {
    static final String PREFIX = "JOBKIT_PREFIX";
    static final String TABLE = "JOBKIT_TABLE";
    static final String SCHEDULE_GROUP = "JOBKIT_SCHEDULE_GROUP";
    static final String SCHEDULER_ROLE_ARN = "JOBKIT_SCHEDULER_ROLE_ARN";
    static final String QUEUES = "JOBKIT_QUEUES";
    static final String ROUTES = "JOBKIT_ROUTES";
    static final String HANDLERS = "JOBKIT_HANDLERS";
    static final String TRACKING = "JOBKIT_TRACKING";
    static final String STATUS_SHARDS = "JOBKIT_STATUS_SHARDS";
    static final String STATUS_LISTING_SHARDS = "JOBKIT_STATUS_LISTING_SHARDS";
    static final Set<String> RESERVED = Set.of(PREFIX, TABLE, SCHEDULE_GROUP, SCHEDULER_ROLE_ARN, QUEUES, ROUTES, HANDLERS,
            TRACKING, STATUS_SHARDS, STATUS_LISTING_SHARDS);

    private WorkerEnvironment() {
    }

    /** Settings shared by workers and producers; {@code schedulerRoleArn} may be a CDK token. */
    static Map<String, String> of(Topology topology, String schedulerRoleArn, Optional<String> handlersProvider) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(PREFIX, topology.prefix());
        env.put(TABLE, topology.tableName());
        env.put(SCHEDULE_GROUP, topology.scheduleGroup());
        env.put(SCHEDULER_ROLE_ARN, schedulerRoleArn);
        String queues = queuesValue(topology);
        if (!queues.isEmpty()) env.put(QUEUES, queues);
        String routes = routesValue(topology);
        if (!routes.isEmpty()) env.put(ROUTES, routes);
        String tracking = trackingValue(topology);
        if (!tracking.isEmpty()) env.put(TRACKING, tracking);
        // every writer must use the same count and every lister read at least as many shards, so workers, the
        // admin console and producers all get it from here
        StatusShards shards = topology.statusShards();
        if (shards.count() != StatusShards.DEFAULT) env.put(STATUS_SHARDS, Integer.toString(shards.count()));
        if (shards.listing() != shards.count()) env.put(STATUS_LISTING_SHARDS, Integer.toString(shards.listing()));
        handlersProvider.ifPresent(h -> env.put(HANDLERS, h));
        return env;
    }

    /** Queues tracked other than {@code full}, as {@code queue=level}: workers and producers must agree on them. */
    static String trackingValue(Topology topology) {
        return topology.queues().stream()
                .filter(q -> q.tracking() != io.jobkit.client.TrackingLevel.FULL)
                .map(q -> q.name() + "=" + q.tracking().wireName())
                .collect(Collectors.joining(","));
    }

    /** The named (non-priority) queues as {@code name} or {@code name:fifo}; the priority queues are implied. */
    static String queuesValue(Topology topology) {
        return topology.queues().stream()
                .filter(q -> q.priority().isEmpty())
                .map(q -> q.fifo() ? q.name() + ":fifo" : q.name())
                .collect(Collectors.joining(","));
    }

    /** The routes as {@code pattern=queue}, in order (the first match wins). */
    static String routesValue(Topology topology) {
        return topology.routes().stream().map(WorkerEnvironment::route).collect(Collectors.joining(","));
    }

    private static String route(Route r) {
        return r.pattern() + "=" + r.queue();
    }

    /** The queue names a container worker serves, for {@code jobkit worker --queues}. */
    static String queueList(Iterable<QueueDef> queues) {
        StringBuilder sb = new StringBuilder();
        for (QueueDef q : queues) {
            if (sb.length() > 0) sb.append(',');
            sb.append(q.name());
        }
        return sb.toString();
    }
}
