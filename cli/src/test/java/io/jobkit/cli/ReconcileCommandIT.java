package io.jobkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobkit.cli.support.CliCloud;
import io.jobkit.cli.support.CliRun;
import io.jobkit.cli.support.LocalCloudExtension;
import io.jobkit.client.JobClient;
import io.jobkit.client.JobStatus;
import io.jobkit.client.Priority;
import io.jobkit.client.store.ClaimRequest;
import io.jobkit.client.store.ReconcilerLease;
import io.jobkit.client.testing.TestClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code jobkit reconcile}: dry run, repair, JSON shape, and a held lease. */
@ExtendWith(LocalCloudExtension.class)
class ReconcileCommandIT {

    @Test
    void reconcile_reSendsAJobWhoseLeaseLapsedLongAgo_andSaysSo(CliCloud cloud) {
        JobClient client = cloud.client();
        // enqueued an hour ago, claimed by a worker that died; its message is lost
        JobClient past = JobClient.builder().sqsClient(cloud.sqs()).dynamoDbClient(client.runtime().dynamoDb())
                .topology(cloud.topology()).clock(new TestClock(Instant.now().minus(Duration.ofHours(1)))).build();
        String id = past.enqueue("report.build", Map.of());
        cloud.drain(cloud.queueUrl("normal"));
        past.runtime().store().claim(new ClaimRequest(id, "report.build", "normal", Priority.NORMAL, 3, Map.of(), "w1",
                Instant.now().minus(Duration.ofMinutes(55))));

        CliRun dry = cloud.run("reconcile", "--dry-run");
        assertThat(dry.exit()).as(dry.toString()).isZero();
        assertThat(dry.out()).contains(id + "  RUNNING -> RESENT").contains("would repair 1 of 1 examined job(s)");
        assertThat(cloud.drain(cloud.queueUrl("normal"))).isEmpty();

        JsonNode run = cloud.run("reconcile", "--older-than", "20m", "--json").json();
        assertThat(run.get("ran").asBoolean()).isTrue();
        assertThat(run.get("repaired").get("running.resent").asInt()).isEqualTo(1);
        assertThat(run.get("repairs").get(0).get("jobId").asText()).isEqualTo(id);
        assertThat(cloud.drain(cloud.queueUrl("normal"))).singleElement()
                .satisfies(m -> assertThat(m.body()).contains(id));
        assertThat(client.get(id).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
    }

    @Test
    void reconcile_whileAnotherHoldsTheLease_doesNothing(CliCloud cloud) {
        new ReconcilerLease(cloud.client().runtime().dynamoDb(), cloud.topology().tableName(), Clock.systemUTC())
                .acquire("host-a/1", Duration.ofMinutes(5));
        CliRun run = cloud.run("reconcile");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("another reconciler is running (host-a/1 until ");
    }
}
