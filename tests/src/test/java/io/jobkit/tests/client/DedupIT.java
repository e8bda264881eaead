package io.jobkit.tests.client;

import io.jobkit.client.JobClient;
import io.jobkit.client.JobOptions;
import io.jobkit.tests.support.LocalCloudExtension;
import io.jobkit.client.testing.TestClock;
import io.jobkit.tests.support.TestCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(LocalCloudExtension.class)
class DedupIT {

    @Test
    void sameKeyWithinTheWindow_returnsTheFirstJob_andSendsNothing(TestCloud cloud) {
        JobClient client = cloud.client();
        JobOptions options = JobOptions.of(b -> b.dedupKey("invoice-42").dedupWindow(Duration.ofMinutes(10)));

        String first = client.enqueue("invoice.send", Map.of("n", 1), options);
        String second = client.enqueue("invoice.send", Map.of("n", 2), options);

        assertThat(second).isEqualTo(first);
        assertThat(cloud.visible(cloud.queueUrl("normal"))).isEqualTo(1);
    }

    @Test
    void sameKeyAfterTheWindow_makesANewJob(TestCloud cloud) {
        TestClock clock = TestClock.startingNow();
        JobClient client = cloud.client(b -> b.clock(clock));
        JobOptions options = JobOptions.of(b -> b.dedupKey("invoice-43").dedupWindow(Duration.ofMinutes(10)));

        String first = client.enqueue("invoice.send", Map.of(), options);
        clock.advance(Duration.ofMinutes(9));
        assertThat(client.enqueue("invoice.send", Map.of(), options)).isEqualTo(first);
        clock.advance(Duration.ofMinutes(2));
        String later = client.enqueue("invoice.send", Map.of(), options);

        assertThat(later).isNotEqualTo(first);
        assertThat(cloud.visible(cloud.queueUrl("normal"))).isEqualTo(2);
    }

    @Test
    void dedupKeys_areScopedByJobType(TestCloud cloud) {
        JobClient client = cloud.client();
        JobOptions options = JobOptions.of(b -> b.dedupKey("order-1"));
        assertThat(client.enqueue("order.ship", Map.of(), options)).isNotEqualTo(client.enqueue("order.bill", Map.of(), options));
    }

    @Test
    void eightThreadsEnqueueingOneKey_produceExactlyOneJob(TestCloud cloud) throws Exception {
        JobClient client = cloud.client();
        JobOptions options = JobOptions.of(b -> b.dedupKey("race-1"));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<String>> ids = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                ids.add(pool.submit(() -> {
                    start.await();
                    return client.enqueue("race.job", Map.of(), options);
                }));
            }
            start.countDown();
            Set<String> distinct = new HashSet<>();
            for (Future<String> f : ids) distinct.add(f.get());
            assertThat(distinct).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(cloud.visible(cloud.queueUrl("normal"))).isEqualTo(1);
    }
}
