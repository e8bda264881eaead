package io.jobkit.local;

import io.jobkit.client.topology.QueueDef;
import io.jobkit.client.topology.Route;
import io.jobkit.client.topology.Topology;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@code JOBKIT_*} variables from which {@link Topology#fromEnvironment} rebuilds a topology, so a process in
 * another shell sees the same queues, routes and table as the local cloud. Only what differs from the defaults is
 * written, besides the prefix. Per-queue visibility timeouts have no variable; they only matter when provisioning,
 * which the local cloud has already done.
 */
final class TopologyEnvironment {
    private TopologyEnvironment() {
    }

    static Map<String, String> of(Topology topology) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JOBKIT_PREFIX", topology.prefix());
        if (!topology.tableName().equals(topology.prefix() + "-jobs")) {
            env.put("JOBKIT_TABLE", topology.tableName());
        }
        if (!topology.scheduleGroup().equals(topology.prefix())) {
            env.put("JOBKIT_SCHEDULE_GROUP", topology.scheduleGroup());
        }
        String named = topology.queues().stream()
                .filter(q -> q.priority().isEmpty())
                .map(TopologyEnvironment::queueEntry)
                .collect(Collectors.joining(","));
        if (!named.isEmpty()) env.put("JOBKIT_QUEUES", named);
        String routes = topology.routes().stream()
                .map(TopologyEnvironment::routeEntry)
                .collect(Collectors.joining(","));
        if (!routes.isEmpty()) env.put("JOBKIT_ROUTES", routes);
        String tracking = topology.queues().stream()
                .filter(q -> q.tracking() != io.jobkit.client.TrackingLevel.FULL)
                .map(q -> q.name() + "=" + q.tracking().wireName())
                .collect(Collectors.joining(","));
        if (!tracking.isEmpty()) env.put("JOBKIT_TRACKING", tracking);
        io.jobkit.client.topology.StatusShards shards = topology.statusShards();
        if (shards.count() != io.jobkit.client.topology.StatusShards.DEFAULT) {
            env.put("JOBKIT_STATUS_SHARDS", Integer.toString(shards.count()));
        }
        if (shards.listing() != shards.count()) env.put("JOBKIT_STATUS_LISTING_SHARDS", Integer.toString(shards.listing()));
        return env;
    }

    private static String queueEntry(QueueDef queue) {
        return queue.fifo() ? queue.name() + ":fifo" : queue.name();
    }

    private static String routeEntry(Route route) {
        return route.pattern() + "=" + route.queue();
    }
}
