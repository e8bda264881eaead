package io.jobkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobkit.cli.support.CliCloud;
import io.jobkit.cli.support.CliRun;
import io.jobkit.cli.support.LocalCloudExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code jobkit provision} creates a topology from scratch, and a second run changes nothing. */
@ExtendWith(LocalCloudExtension.class)
class ProvisionCommandIT {

    @Test
    void provision_createsQueuesWithDlqsTableAndScheduleGroup_andIsIdempotent(CliCloud cloud) {
        Map<String, String> env = new HashMap<>(cloud.environment());
        env.put("JOBKIT_QUEUES", "reports,orders:fifo");
        env.put("JOBKIT_ROUTES", "report.*=reports");
        String prefix = "prov" + Long.toString(System.nanoTime() % 46656, 36);

        CliRun first = cloud.run(env, "provision", "--prefix", prefix, "--json");
        assertThat(first.exit()).as(first.toString()).isZero();
        JsonNode result = first.json();
        assertThat(result.get("prefix").asText()).isEqualTo(prefix);
        assertThat(result.get("queues")).extracting(q -> q.get("queue").asText())
                .containsExactly("critical", "high", "normal", "low", "reports", "orders");
        assertThat(result.get("table").asText()).isEqualTo(prefix + "-jobs");
        assertThat(result.get("scheduleGroup").asText()).isEqualTo(prefix);

        String ordersUrl = result.get("queues").get(5).get("url").asText();
        assertThat(ordersUrl).endsWith(prefix + "-orders.fifo");
        Map<String, String> attributes = cloud.sqs().getQueueAttributes(r -> r.queueUrl(ordersUrl)
                .attributeNames(QueueAttributeName.REDRIVE_POLICY)).attributesAsStrings();
        assertThat(attributes.get("RedrivePolicy")).contains(prefix + "-orders-dlq.fifo").contains("\"maxReceiveCount\":50");

        CliRun again = cloud.run(env, "provision", "--prefix", prefix);
        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(again.out()).contains("table " + prefix + "-jobs, schedule group " + prefix);
        assertThat(cloud.run(env, "--prefix", prefix, "enqueue", "report.daily").exit()).isZero();
    }

    @Test
    void provision_refusesAJobRetentionShorterThanTheQueuesMessageRetention(CliCloud cloud) {
        Map<String, String> env = new HashMap<>(cloud.environment());
        env.put("JOBKIT_RETENTION", "1d");

        CliRun run = cloud.run(env, "provision", "--prefix", "ret" + Long.toString(System.nanoTime(), 36));

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("JOBKIT_RETENTION 1d is shorter than the message retention of queue",
                "set JOBKIT_RETENTION to at least 4d");
        env.put("JOBKIT_RETENTION", "7d");
        assertThat(cloud.run(env, "provision", "--prefix", "ret" + Long.toString(System.nanoTime(), 36)).exit()).isZero();
    }
}
