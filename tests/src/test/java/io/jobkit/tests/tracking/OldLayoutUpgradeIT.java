package io.jobkit.tests.tracking;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jobkit.client.Job;
import io.jobkit.client.JobClient;
import io.jobkit.client.JobFilter;
import io.jobkit.client.JobStatus;
import io.jobkit.client.spi.OutgoingMessage;
import io.jobkit.client.topology.JobTable;
import io.jobkit.client.wire.Envelope;
import io.jobkit.client.wire.EnvelopeCodec;
import io.jobkit.handlers.JobHandlers;
import io.jobkit.handlers.worker.Worker;
import io.jobkit.handlers.worker.WorkerOptions;
import io.jobkit.tests.support.LocalCloudExtension;
import io.jobkit.tests.support.TestCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 16, upgrade: users have live jobs when they upgrade. Records written exactly as the layout before tracking
 * levels wrote them — a status item keyed {@code <STATUS>#<shard>} in the index and a separate envelope item — are
 * listed, read with their payload, claimed (a stalled RUNNING one taken over), retried and finished by this version.
 */
@ExtendWith(LocalCloudExtension.class)
class OldLayoutUpgradeIT {

    @Test
    void oldQueuedRunningAndFailedRecords_areListedReadClaimedRetriedAndFinished(TestCloud cloud) {
        JobClient client = cloud.client();
        Instant created = Instant.now().minus(Duration.ofMinutes(10));
        String queued = oldJob(cloud, JobStatus.QUEUED, created, 0, null);
        String stalled = oldJob(cloud, JobStatus.RUNNING, created.plusSeconds(1), 1, created.plusSeconds(30));
        String failed = oldJob(cloud, JobStatus.FAILED, created.plusSeconds(2), 3, null);
        send(cloud, queued);
        send(cloud, stalled);

        assertThat(client.list(JobFilter.status(JobStatus.QUEUED)).jobs()).extracting(Job::id).containsExactly(queued);
        assertThat(client.list(JobFilter.status(JobStatus.RUNNING)).jobs()).extracting(Job::id).containsExactly(stalled);
        assertThat(client.list(JobFilter.status(JobStatus.FAILED)).jobs()).extracting(Job::id).containsExactly(failed);
        assertThat(client.get(queued).orElseThrow().payload().get("order").asText()).isEqualTo("old-" + queued);

        JobHandlers handlers = JobHandlers.builder().handler("old.job", Map.class, (p, ctx) -> Map.of("order", p.get("order"))).build();
        try (Worker worker = Worker.create(client, handlers, WorkerOptions.builder().pollWait(Duration.ofSeconds(1))
                .shutdownTimeout(Duration.ofSeconds(5)).build()).start()) {
            assertThat(client.retry(failed).outcome().name()).isEqualTo("RETRIED");
            for (String id : new String[]{queued, stalled, failed}) {
                await().atMost(Duration.ofSeconds(30)).until(() -> client.get(id).map(Job::status).orElse(null) == JobStatus.SUCCEEDED);
            }
        }
        assertThat(client.get(stalled).orElseThrow().attempt()).isEqualTo(2); // the stalled attempt counted, then taken over
        assertThat(client.get(failed).orElseThrow().cycle()).isEqualTo(2);
        assertThat(client.get(queued).orElseThrow().result().get("order").asText()).isEqualTo("old-" + queued);
        assertThat(client.list(JobFilter.status(JobStatus.SUCCEEDED)).jobs()).extracting(Job::id)
                .containsExactlyInAnyOrder(queued, stalled, failed);
        assertThat(client.list(JobFilter.status(JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.FAILED)).jobs()).isEmpty();
    }

    /** Writes a job the way the layout before tracking levels did: status item plus envelope item. */
    private static String oldJob(TestCloud cloud, JobStatus status, Instant created, int attempt, Instant leaseUntil) {
        String id = UUID.randomUUID().toString();
        String table = cloud.topology().tableName();
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s("JOB#" + id));
        item.put("sk", s("JOB"));
        item.put("id", s(id));
        item.put("type", s("old.job"));
        item.put("status", s(status.name()));
        item.put(JobTable.STATUS_INDEX_PARTITION_KEY, s(status.name() + "#" + Math.floorMod(id.hashCode(), JobTable.LEGACY_STATUS_SHARDS)));
        item.put("queue", s("normal"));
        item.put("priority", s("NORMAL"));
        item.put("attempt", n(attempt));
        item.put("maxAttempts", n(3));
        item.put("cycle", n(1));
        item.put("createdAt", s(ts(created)));
        item.put(JobTable.STATUS_INDEX_SORT_KEY, s(ts(created) + "#" + id));
        item.put("updatedAt", s(ts(created)));
        item.put("version", n(attempt + 1));
        if (leaseUntil != null) {
            item.put("startedAt", s(ts(created)));
            item.put("leaseOwner", s("old-worker/" + UUID.randomUUID()));
            item.put("leaseExpiresAt", s(ts(leaseUntil)));
        }
        if (status == JobStatus.FAILED) {
            item.put("errorType", s("Boom"));
            item.put("errorMessage", s("attempts exhausted (3 of 3): boom"));
            item.put("errorAttempt", n(3));
            item.put("finishedAt", s(ts(created)));
        }
        cloud.dynamo().putItem(r -> r.tableName(table).item(item));
        Map<String, AttributeValue> envelope = Map.of("pk", s("JOB#" + id), "sk", s("ENVELOPE"), "id", s(id),
                "envelope", s(body(id, created)), "expiresAt", n(created.plus(Duration.ofDays(21)).getEpochSecond()));
        cloud.dynamo().putItem(r -> r.tableName(table).item(envelope));
        return id;
    }

    private static String body(String id, Instant created) {
        return EnvelopeCodec.encode(new Envelope(Envelope.VERSION, id, "old.job",
                JsonNodeFactory.instance.objectNode().put("order", "old-" + id), null, created, null, null));
    }

    private static void send(TestCloud cloud, String id) {
        String body = cloud.dynamo().getItem(r -> r.tableName(cloud.topology().tableName())
                .key(Map.of("pk", s("JOB#" + id), "sk", s("ENVELOPE")))).item().get("envelope").s();
        cloud.sqs().sendMessage(r -> r.queueUrl(cloud.queueUrl("normal")).messageBody(body).messageAttributes(Map.of(
                OutgoingMessage.ID_ATTRIBUTE, MessageAttributeValue.builder().dataType("String").stringValue(id).build(),
                OutgoingMessage.TYPE_ATTRIBUTE, MessageAttributeValue.builder().dataType("String").stringValue("old.job").build())));
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    /** The stored time format of the old layout (and the current one): UTC, millisecond precision, sortable. */
    private static String ts(java.time.Instant instant) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
                .withZone(java.time.ZoneOffset.UTC).format(instant);
    }
}
