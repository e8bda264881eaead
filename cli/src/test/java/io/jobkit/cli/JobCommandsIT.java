package io.jobkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobkit.cli.support.CliCloud;
import io.jobkit.cli.support.CliRun;
import io.jobkit.cli.support.LocalCloudExtension;
import io.jobkit.cli.support.TestHandlers;
import io.jobkit.client.Job;
import io.jobkit.client.JobClient;
import io.jobkit.client.JobStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The job commands through the real entry point against the local cloud. */
@ExtendWith(LocalCloudExtension.class)
class JobCommandsIT {
    private final TestHandlers handlers = new TestHandlers();

    @Test
    void enqueue_status_await_followAJobFromQueuedToSucceeded(CliCloud cloud) {
        CliRun enqueued = cloud.run("enqueue", "test.ok", "--payload", "{\"n\":42}", "--priority", "high",
                "--max-attempts", "5", "--timeout", "90s", "--tag", "team=ops", "--tag", "env=test");
        assertThat(enqueued.exit()).as(enqueued.toString()).isZero();
        String id = enqueued.line();
        assertThat(id).matches("[0-9a-f-]{36}");

        CliRun queued = cloud.run("status", id);
        assertThat(queued.exit()).isZero();
        assertThat(queued.out()).contains("QUEUED", "high", "team=ops", "{\"n\":42}");

        cloud.startWorker(handlers.handlers());
        CliRun done = cloud.run("await", id, "--timeout", "30s");
        assertThat(done.exit()).as(done.toString()).isZero();
        assertThat(done.out()).contains("SUCCEEDED", "\"ok\":true", "hello from " + id);

        JsonNode job = cloud.run("status", id, "--json").json();
        assertThat(job.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(job.get("maxAttempts").asInt()).isEqualTo(5);
        assertThat(job.get("queue").asText()).isEqualTo("high");
        assertThat(job.get("result").get("echo").get("n").asInt()).isEqualTo(42);
        assertThat(job.get("tags").get("env").asText()).isEqualTo("test");

        CliRun logs = cloud.run("logs", id);
        assertThat(logs.out()).contains("hello from " + id);
    }

    @Test
    void await_exitsOne_whenTheJobFailsOrTheTimeoutPasses(CliCloud cloud) {
        String waiting = cloud.run("enqueue", "test.ok").line();
        CliRun timedOut = cloud.run("await", waiting, "--timeout", "300ms");
        assertThat(timedOut.exit()).isEqualTo(1);
        assertThat(timedOut.err()).contains("still QUEUED");

        String failing = cloud.run("enqueue", "test.fragile").line();
        cloud.startWorker(handlers.handlers());
        CliRun failed = cloud.run("await", failing, "--timeout", "30s", "--json");
        assertThat(failed.exit()).isEqualTo(1);
        assertThat(failed.json().get("job").get("status").asText()).isEqualTo("FAILED");
        assertThat(failed.json().get("job").get("error").get("message").asText()).contains("downstream rejected");
    }

    @Test
    void list_filtersByStatusAndType_newestFirst_andPagesWithACursor(CliCloud cloud) {
        List<String> reports = new ArrayList<>();
        for (int i = 0; i < 3; i++) reports.add(cloud.run("enqueue", "report.build").line());
        String email = cloud.run("enqueue", "email.send").line();
        assertThat(cloud.run("cancel", email).exit()).isZero();

        JsonNode queuedReports = cloud.run("list", "--status", "queued", "--type", "report.build", "--json").json();
        assertThat(queuedReports.get("jobs")).extracting(j -> j.get("id").asText())
                .containsExactly(reports.get(2), reports.get(1), reports.get(0));

        JsonNode cancelled = cloud.run("--json", "list", "--status", "CANCELLED").json();
        assertThat(cancelled.get("jobs")).extracting(j -> j.get("id").asText()).containsExactly(email);

        JsonNode firstPage = cloud.run("list", "--limit", "2", "--json").json();
        assertThat(firstPage.get("jobs")).hasSize(2);
        String cursor = firstPage.get("nextCursor").asText();
        JsonNode secondPage = cloud.run("list", "--limit", "2", "--cursor", cursor, "--json").json();
        assertThat(secondPage.get("jobs")).extracting(j -> j.get("id").asText()).containsExactly(reports.get(1), reports.get(0));

        CliRun table = cloud.run("list", "--status", "queued,cancelled");
        assertThat(table.out()).startsWith("ID").contains(email, reports.get(0), "CANCELLED", "QUEUED");
    }

    @Test
    void cancel_stopsAWaitingJob_andSaysSoWhenThereIsNothingToCancel(CliCloud cloud) {
        String id = cloud.run("enqueue", "test.ok", "--delay", "5m").line();
        CliRun cancelled = cloud.run("cancel", id);
        assertThat(cancelled.exit()).isZero();
        assertThat(cancelled.out()).contains("cancelled job " + id);
        assertThat(cloud.client().get(id).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);

        CliRun again = cloud.run("cancel", id);
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err().strip()).isEqualTo("jobkit cancel: job " + id + " already finished as CANCELLED; nothing to cancel");
    }

    @Test
    void retry_runsAFailedJobAgain_asAFreshAttemptCycle(CliCloud cloud) {
        cloud.startWorker(handlers.handlers());
        JobClient client = cloud.client();
        String id = cloud.run("enqueue", "test.fragile").line();
        await().atMost(Duration.ofSeconds(20)).until(() -> client.get(id).map(Job::status).orElse(null) == JobStatus.FAILED);

        handlers.fix();
        CliRun retried = cloud.run("retry", id, "--json");
        assertThat(retried.exit()).as(retried.toString()).isZero();
        assertThat(retried.json().get("outcome").asText()).isEqualTo("RETRIED");
        assertThat(retried.json().get("cycle").asInt()).isEqualTo(2);

        CliRun done = cloud.run("await", id, "--timeout", "30s", "--json");
        assertThat(done.exit()).as(done.toString()).isZero();
        assertThat(done.json().get("job").get("cycle").asInt()).isEqualTo(2);
        assertThat(done.json().get("job").get("attempt").asInt()).isEqualTo(1);

        CliRun notFailed = cloud.run("retry", id);
        assertThat(notFailed.exit()).isEqualTo(1);
        assertThat(notFailed.err().strip()).isEqualTo("jobkit retry: job " + id + " is SUCCEEDED; only FAILED jobs can be retried");
    }

    @Test
    void enqueue_withAJobId_usesIt_andASecondEnqueueOfTheSameIdSendsNothing(CliCloud cloud) {
        String first = cloud.run("enqueue", "test.ok", "--job-id", "report-2026-11", "--delay", "5m").line();
        String second = cloud.run("enqueue", "test.ok", "--job-id", "report-2026-11", "--delay", "5m").line();

        assertThat(first).isEqualTo("report-2026-11");
        assertThat(second).isEqualTo("report-2026-11");
        assertThat(cloud.run("list", "--json").json().get("jobs")).filteredOn(j -> j.get("id").asText().equals(first))
                .hasSize(1);
        assertThat(cloud.run("enqueue", "test.ok", "--job-id", "has space").exit()).isEqualTo(2);
    }
}
