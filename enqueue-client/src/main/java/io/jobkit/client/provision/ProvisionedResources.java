package io.jobkit.client.provision;

import java.util.List;

/**
 * What {@link Provisioner#provision()} created or updated.
 *
 * @param queues        each logical queue with its SQS URL and its DLQ's URL
 * @param tableName     the jobs table
 * @param scheduleGroup the schedule group, or null when no Scheduler client was given
 */
public record ProvisionedResources(List<Queue> queues, String tableName, String scheduleGroup) {

    public record Queue(String name, String url, String dlqUrl) {
    }
}
