package io.jobkit.tests.client;

import io.jobkit.client.CancelResult;
import io.jobkit.client.Job;
import io.jobkit.client.JobClient;
import io.jobkit.client.JobFilter;
import io.jobkit.client.JobOptions;
import io.jobkit.client.JobPage;
import io.jobkit.client.JobStatus;
import io.jobkit.client.JobValidationException;
import io.jobkit.client.Priority;
import io.jobkit.tests.support.LocalCloudExtension;
import io.jobkit.tests.support.TestCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(LocalCloudExtension.class)
class CancelAndListIT {

    @Test
    void cancelOfAQueuedJob_makesItCancelled(TestCloud cloud) {
        JobClient client = cloud.client();
        String id = client.enqueue("report.build", Map.of("month", "2026-10"));

        CancelResult result = client.cancel(id);

        assertThat(result.outcome()).isEqualTo(CancelResult.Outcome.CANCELLED);
        Job job = client.get(id).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(job.finishedAt()).isNotNull();
        assertThat(client.cancel(id).outcome()).isEqualTo(CancelResult.Outcome.ALREADY_FINISHED);
    }

    @Test
    void cancelOfAnUnknownJob_saysNotFound(TestCloud cloud) {
        assertThat(cloud.client().cancel("0190aaaa-0000-7000-8000-000000000000").outcome())
                .isEqualTo(CancelResult.Outcome.NOT_FOUND);
    }

    @Test
    void get_showsEverythingTheRecordKnows(TestCloud cloud) {
        JobClient client = cloud.client();
        String id = client.enqueue("email.send", Map.of("to", "ada@example.com"),
                JobOptions.of(b -> b.priority(Priority.HIGH).maxAttempts(5).tag("team", "growth")));

        Job job = client.get(id).orElseThrow();

        assertThat(job.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(job.type()).isEqualTo("email.send");
        assertThat(job.queue()).isEqualTo("high");
        assertThat(job.priority()).isEqualTo(Priority.HIGH);
        assertThat(job.attempt()).isZero();
        assertThat(job.maxAttempts()).isEqualTo(5);
        assertThat(job.tags()).containsEntry("team", "growth");
        assertThat(job.payload().get("to").asText()).isEqualTo("ada@example.com");
        assertThat(job.createdAt()).isNotNull();
        assertThat(client.get("0190aaaa-0000-7000-8000-000000000000")).isEmpty();
    }

    @Test
    void list_pagesNewestFirst_withoutGapsOrRepeats(TestCloud cloud) {
        JobClient client = cloud.client();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 25; i++) ids.add(client.enqueue(i % 2 == 0 ? "even.job" : "odd.job", Map.of("i", i)));

        List<String> seen = new ArrayList<>();
        int pages = 0;
        String cursor = null;
        do {
            JobPage page = client.list(JobFilter.all().withLimit(10).withCursor(cursor));
            page.jobs().forEach(j -> seen.add(j.id()));
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(3);
        List<String> newestFirst = new ArrayList<>(ids);
        java.util.Collections.reverse(newestFirst);
        assertThat(seen).isEqualTo(newestFirst);
    }

    @Test
    void list_filtersByTypeAndStatus(TestCloud cloud) {
        JobClient client = cloud.client();
        for (int i = 0; i < 12; i++) client.enqueue(i % 3 == 0 ? "rare.job" : "common.job", Map.of());
        String cancelled = client.enqueue("rare.job", Map.of());
        client.cancel(cancelled);

        JobPage rareQueued = client.list(JobFilter.status(JobStatus.QUEUED).withType("rare.job").withLimit(2));
        assertThat(rareQueued.jobs()).hasSize(2).allMatch(j -> j.type().equals("rare.job") && j.status() == JobStatus.QUEUED);
        JobPage rest = client.list(JobFilter.status(JobStatus.QUEUED).withType("rare.job").withLimit(10).withCursor(rareQueued.nextCursor()));
        assertThat(rest.jobs()).hasSize(2);
        assertThat(rest.hasMore()).isFalse();
        assertThat(client.list(JobFilter.status(JobStatus.CANCELLED)).jobs()).extracting(Job::id).containsExactly(cancelled);
    }

    @Test
    void aCursorFromElsewhere_isRejectedClearly(TestCloud cloud) {
        assertThatThrownBy(() -> cloud.client().list(JobFilter.all().withCursor("garbage")))
                .isInstanceOf(JobValidationException.class)
                .hasMessageContaining("cursor 'garbage' is not one jobkit issued");
    }
}
