package io.jobkit.tests.store;

import io.jobkit.client.JobClient;
import io.jobkit.client.JobFilter;
import io.jobkit.client.JobStatus;
import io.jobkit.tests.support.LocalCloudExtension;
import io.jobkit.tests.support.TestCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Issue 11 point 13 (and 11's pool leak): closing a JobClient stops the threads it started. */
@ExtendWith(LocalCloudExtension.class)
class ClientResourcesIT {

    private static long listingThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().equals("jobkit-listing")).count();
    }

    @Test
    void closingAClient_stopsItsListingThreads(TestCloud cloud) {
        await().atMost(Duration.ofSeconds(40)).until(() -> listingThreads() == 0); // other tests' idle threads time out
        JobClient client = cloud.client();
        client.enqueue("report.build", Map.of());
        assertThat(client.list(JobFilter.status(JobStatus.QUEUED)).jobs()).hasSize(1);
        assertThat(listingThreads()).as("listing fans out over the status shards").isPositive();

        client.close();

        await().atMost(Duration.ofSeconds(5)).until(() -> listingThreads() == 0);
        assertThat(client.runtime().store().isClosed()).isTrue();
    }

    @Test
    void aClientFromWithContext_closesNothingOfItsParent(TestCloud cloud) {
        JobClient parent = cloud.client();
        parent.withContext(null).close();
        assertThat(parent.runtime().store().isClosed()).isFalse();
        parent.close();
    }
}
