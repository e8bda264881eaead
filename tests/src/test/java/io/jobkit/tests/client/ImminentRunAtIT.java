package io.jobkit.tests.client;

import io.jobkit.client.Job;
import io.jobkit.client.JobClient;
import io.jobkit.client.JobStatus;
import io.jobkit.client.wire.EnvelopeCodec;
import io.jobkit.tests.support.LocalCloudExtension;
import io.jobkit.tests.support.TestCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A run-at time a moment away could pass before a one-time schedule is created; SQS's DelaySeconds holds such a job
 * exactly instead, and the envelope still says not before that time.
 */
@ExtendWith(LocalCloudExtension.class)
class ImminentRunAtIT {

    @Test
    void aRunAtUnderTwoSecondsAway_isDelayedBySqs_notScheduled(TestCloud cloud) throws Exception {
        JobClient client = cloud.client();
        Instant at = Instant.now().plusMillis(1500);
        String id = client.enqueue("reminder.send", Map.of(), o -> o.runAt(at));

        Job job = client.get(id).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(cloud.scheduler().listSchedules(r -> r.groupName(cloud.topology().scheduleGroup())).schedules())
                .as("no one-time schedule").isEmpty();
        String url = cloud.queueUrl("normal");
        assertThat(cloud.visible(url)).as("held back by DelaySeconds").isZero();

        List<Message> delivered = await().atMost(Duration.ofSeconds(10))
                .until(() -> cloud.drain(url), m -> !m.isEmpty());
        assertThat(Instant.now()).isAfterOrEqualTo(at);
        assertThat(EnvelopeCodec.decode(delivered.get(0).body()).notBefore()).isEqualTo(at);
    }
}
