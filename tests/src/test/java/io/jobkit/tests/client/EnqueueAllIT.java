package io.jobkit.tests.client;

import io.jobkit.client.EnqueueRequest;
import io.jobkit.client.EnqueueResult;
import io.jobkit.client.JobClient;
import io.jobkit.client.JobFilter;
import io.jobkit.client.JobOptions;
import io.jobkit.client.JobPage;
import io.jobkit.client.JobStatus;
import io.jobkit.client.Priority;
import io.jobkit.tests.support.LocalCloudExtension;
import io.jobkit.tests.support.TestCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(LocalCloudExtension.class)
class EnqueueAllIT {

    @Test
    void thousandJobs_becomeThousandQueuedRecords_andThousandMessagesInTheirPriorityQueues(TestCloud cloud) {
        JobClient client = cloud.client();
        List<EnqueueRequest> requests = new ArrayList<>();
        Map<Priority, Integer> expected = new EnumMap<>(Priority.class);
        for (int i = 0; i < 1000; i++) {
            Priority p = Priority.values()[i % 4];
            expected.merge(p, 1, Integer::sum);
            requests.add(EnqueueRequest.of("bulk.item", Map.of("n", i), JobOptions.of(b -> b.priority(p))));
        }

        List<EnqueueResult> results = client.enqueueAll(requests);

        assertThat(results).hasSize(1000).allMatch(EnqueueResult::succeeded);
        Set<String> ids = new HashSet<>();
        results.forEach(r -> ids.add(r.jobId()));
        assertThat(ids).hasSize(1000);

        Set<String> queued = new HashSet<>();
        String cursor = null;
        do {
            JobPage page = client.list(JobFilter.status(JobStatus.QUEUED).withLimit(200).withCursor(cursor));
            page.jobs().forEach(j -> queued.add(j.id()));
            cursor = page.nextCursor();
        } while (cursor != null);
        assertThat(queued).isEqualTo(ids);

        Set<String> delivered = new HashSet<>();
        int messages = 0;
        for (Priority p : Priority.values()) {
            String url = cloud.queueUrl(p.queueName());
            assertThat(cloud.visible(url)).as("messages in %s", p).isEqualTo(expected.get(p));
            for (Message m : cloud.drain(url)) {
                messages++;
                delivered.add(m.messageAttributes().get("jobkit-id").stringValue());
            }
        }
        assertThat(messages).as("none doubled").isEqualTo(1000);
        assertThat(delivered).as("none lost").isEqualTo(ids);
    }

    @Test
    void invalidItems_failAlone_andTheRestAreEnqueued(TestCloud cloud) {
        JobClient client = cloud.client();
        List<EnqueueResult> results = client.enqueueAll(List.of(
                EnqueueRequest.of("ok.one", Map.of()),
                EnqueueRequest.of("bad type!", Map.of()),
                EnqueueRequest.of("ok.two", "{not json"),
                EnqueueRequest.of("ok.three", Map.of(), JobOptions.of(b -> b.queue("nowhere"))),
                EnqueueRequest.of("ok.four", Map.of())));

        assertThat(results).extracting(EnqueueResult::succeeded).containsExactly(true, false, false, false, true);
        assertThat(results.get(1).error()).hasMessageContaining("job type 'bad type!' is malformed");
        assertThat(results.get(2).error()).hasMessageContaining("payload is a string but not valid JSON");
        assertThat(results.get(3).error()).hasMessageContaining("unknown queue 'nowhere'");
        assertThat(cloud.visible(cloud.queueUrl("normal"))).isEqualTo(2);
    }

    @Test
    void duplicatesInsideOneBatch_returnTheFirstJob(TestCloud cloud) {
        JobClient client = cloud.client();
        JobOptions dedup = JobOptions.of(b -> b.dedupKey("order-7"));
        List<EnqueueResult> results = client.enqueueAll(List.of(
                EnqueueRequest.of("order.ship", Map.of(), dedup),
                EnqueueRequest.of("order.ship", Map.of(), dedup),
                EnqueueRequest.of("order.ship", Map.of("other", true))));

        assertThat(results.get(1).jobId()).isEqualTo(results.get(0).jobId());
        assertThat(results.get(1).deduplicated()).isTrue();
        assertThat(results.get(2).jobId()).isNotEqualTo(results.get(0).jobId());
        assertThat(cloud.visible(cloud.queueUrl("normal"))).isEqualTo(2);
    }
}
