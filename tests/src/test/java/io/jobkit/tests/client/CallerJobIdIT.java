package io.jobkit.tests.client;

import io.jobkit.client.EnqueueException;
import io.jobkit.client.EnqueueRequest;
import io.jobkit.client.EnqueueResult;
import io.jobkit.client.JobClient;
import io.jobkit.client.JobOptions;
import io.jobkit.client.JobStatus;
import io.jobkit.client.provision.Provisioner;
import io.jobkit.tests.support.LocalCloudExtension;
import io.jobkit.tests.support.TestCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code o.jobId("report-2026-11")}: one job per id, whoever enqueues it and however often. */
@ExtendWith(LocalCloudExtension.class)
class CallerJobIdIT {

    @Test
    void sameIdTwice_returnsTheExistingJob_andSendsNothing(TestCloud cloud) {
        JobClient client = cloud.client();

        String first = client.enqueue("report.monthly", Map.of("month", "2026-11"), o -> o.jobId("report-2026-11"));
        String second = client.enqueue("report.monthly", Map.of("month", "changed"), o -> o.jobId("report-2026-11"));

        assertThat(first).isEqualTo("report-2026-11");
        assertThat(second).isEqualTo(first);
        assertThat(cloud.visible(cloud.queueUrl("normal"))).isEqualTo(1);
        assertThat(client.get(first).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);
    }

    @Test
    void eightConcurrentEnqueuesOfOneId_produceOneJobAndOneMessage(TestCloud cloud) throws Exception {
        JobClient client = cloud.client();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<String>> ids = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int n = i;
                ids.add(pool.submit(() -> {
                    start.await();
                    return client.enqueue("report.monthly", Map.of("caller", n), o -> o.jobId("report-2026-12"));
                }));
            }
            start.countDown();
            Set<String> distinct = new HashSet<>();
            for (Future<String> f : ids) distinct.add(f.get());

            assertThat(distinct).containsExactly("report-2026-12");
            assertThat(cloud.visible(cloud.queueUrl("normal"))).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void enqueueAll_secondItemWithTheSameId_isReportedDeduplicated(TestCloud cloud) {
        JobClient client = cloud.client();
        JobOptions options = JobOptions.of(o -> o.jobId("batch-id-1"));

        List<EnqueueResult> results = client.enqueueAll(List.of(
                EnqueueRequest.of("report.monthly", Map.of(), options),
                EnqueueRequest.of("report.monthly", Map.of(), options),
                EnqueueRequest.of("report.monthly", Map.of())));

        assertThat(results).extracting(EnqueueResult::jobId).startsWith("batch-id-1", "batch-id-1");
        assertThat(results).extracting(EnqueueResult::deduplicated).containsExactly(false, true, false);
        assertThat(cloud.visible(cloud.queueUrl("normal"))).isEqualTo(2);
    }

    @Test
    void afterAFailedSend_theSameIdCanBeEnqueuedAgain(TestCloud cloud) {
        JobClient client = cloud.client();
        client.enqueue("warmup", Map.of()); // resolves and caches the queue URL
        String url = cloud.queueUrl("normal");
        cloud.sqs().deleteQueue(r -> r.queueUrl(url));

        assertThatThrownBy(() -> client.enqueue("payout.send", Map.of(), o -> o.jobId("payout-9")))
                .isInstanceOf(EnqueueException.class);
        assertThat(client.get("payout-9").orElseThrow().status()).isEqualTo(JobStatus.FAILED);

        Provisioner.of(cloud.sqs(), cloud.dynamo(), cloud.topology()).provision(); // the queue is back
        JobClient fresh = cloud.client();
        assertThat(fresh.enqueue("payout.send", Map.of(), o -> o.jobId("payout-9"))).isEqualTo("payout-9");
        assertThat(fresh.get("payout-9").orElseThrow().status()).isEqualTo(JobStatus.QUEUED);
        assertThat(cloud.visible(cloud.queueUrl("normal"))).isEqualTo(1);
    }

    @Test
    void callerIdWithDedupKey_bothHold(TestCloud cloud) {
        JobClient client = cloud.client();
        String a = client.enqueue("invoice.send", Map.of(), o -> o.jobId("inv-7").dedupKey("invoice-7"));
        String sameId = client.enqueue("invoice.send", Map.of(), o -> o.jobId("inv-7").dedupKey("other-key"));
        String sameKey = client.enqueue("invoice.send", Map.of(), o -> o.jobId("inv-8").dedupKey("invoice-7"));

        assertThat(sameId).isEqualTo(a);
        assertThat(sameKey).isEqualTo(a);
        assertThat(cloud.visible(cloud.queueUrl("normal"))).isEqualTo(1);
    }
}
