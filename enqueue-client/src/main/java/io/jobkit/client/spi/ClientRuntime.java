package io.jobkit.client.spi;

import io.jobkit.client.store.JobStore;
import io.jobkit.client.topology.Topology;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Clock;

/**
 * The parts of a {@code JobClient} that jobkit's own runtimes (worker, Lambda, CLI) build on. Not a stable API
 * for applications.
 *
 * @param scheduler          null when the client was built without EventBridge Scheduler
 * @param oneTimeSchedules   null unless the client has both a scheduler client and the scheduler role ARN
 */
public record ClientRuntime(SqsClient sqs, DynamoDbClient dynamoDb, SchedulerClient scheduler, Topology topology,
                            JobStore store, QueueDirectory queues, MessageSender sender, Clock clock,
                            OneTimeSchedules oneTimeSchedules) {
}
