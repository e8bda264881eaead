package io.jobkit.tests.client;

import io.jobkit.client.EnqueueException;
import io.jobkit.client.Job;
import io.jobkit.client.JobClient;
import io.jobkit.client.JobOptions;
import io.jobkit.client.JobStatus;
import io.jobkit.client.provision.Provisioner;
import io.jobkit.tests.support.LocalCloudExtension;
import io.jobkit.tests.support.TestCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** When SendMessage fails after the record is written, the record does not pretend to be queued. */
@ExtendWith(LocalCloudExtension.class)
class EnqueueFailureIT {

    @Test
    void aFailedSend_marksTheRecordFailed_andReleasesItsDedupKey(TestCloud cloud) {
        JobClient client = cloud.client();
        JobOptions options = JobOptions.of(b -> b.dedupKey("payout-5"));
        client.enqueue("warmup", Map.of()); // resolves and caches the queue URL
        String url = cloud.queueUrl("normal");
        cloud.sqs().deleteQueue(r -> r.queueUrl(url));

        EnqueueException failure = catchThrowableOfType(() -> client.enqueue("payout.send", Map.of(), options),
                EnqueueException.class);

        assertThat(failure).hasMessageContaining("was not enqueued: SendMessage failed")
                .hasMessageContaining("its record is marked FAILED and may be enqueued again");
        Job job = client.get(failure.jobId()).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        assertThat(job.lastError().type()).isEqualTo("EnqueueFailed");

        Provisioner.of(cloud.sqs(), cloud.dynamo(), cloud.topology()).provision(); // the queue is back
        JobClient fresh = cloud.client();
        String retried = fresh.enqueue("payout.send", Map.of(), options);
        assertThat(retried).as("the dedup key was released").isNotEqualTo(failure.jobId());
        assertThat(fresh.get(retried).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);
    }
}
