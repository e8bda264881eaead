package io.jobkit.tests.worker;

import io.jobkit.client.Job;
import io.jobkit.client.JobClient;
import io.jobkit.client.JobStatus;
import io.jobkit.client.WorkerInfo;
import io.jobkit.client.health.HealthReport;
import io.jobkit.client.health.HealthThresholds;
import io.jobkit.handlers.JobContext;
import io.jobkit.handlers.JobHandlers;
import io.jobkit.handlers.processor.ProcessorOptions;
import io.jobkit.handlers.worker.Worker;
import io.jobkit.testkit.JobkitExtension;
import io.jobkit.testkit.LocalJobkit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two workers on one queue, split by job type ({@code jobkit worker --types}): each runs only its own types, a
 * message of the other's type goes back for the other worker without an attempt or a dead letter, and a type that
 * nobody serves waits visibly and is reported by {@code jobkit health}. Runs on the test kit's shared local cloud.
 */
@ExtendWith(JobkitExtension.class)
class WorkerTypesIT {

    record Note(int n) {
    }

    /** Both workers ship the same handlers (one jar); what they run is decided by their served types alone. */
    private static JobHandlers handlers(Set<String> ranHere) {
        JobHandlers.Builder b = JobHandlers.builder();
        for (String type : List.of("email.send", "report.build", "sms.send")) {
            b.handler(type, Note.class, (Note n, JobContext ctx) -> {
                ranHere.add(ctx.jobId());
                return n.n();
            });
        }
        return b.build();
    }

    /** The class shares one prefix (one set of queues): each test stops its own workers before the next starts. */
    private final List<Worker> started = new ArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void stopThisTestsWorkers() {
        started.forEach(Worker::close);
    }

    private Worker worker(LocalJobkit jobkit, String id, Set<String> ranHere, String... types) {
        Worker w = jobkit.startWorker(handlers(ranHere), o -> o.queues(List.of("normal")).heartbeatInterval(Duration.ofSeconds(1))
                .processor(ProcessorOptions.builder().workerId(id).servedTypes(List.of(types)).build()));
        started.add(w);
        return w;
    }

    @Test
    void twoWorkersSplitByType_eachRunsOnlyItsOwn_andNothingIsDeadLetteredOrAttemptedTwice(LocalJobkit jobkit, JobClient jobs) {
        Set<String> ranOnEmail = ConcurrentHashMap.newKeySet();
        Set<String> ranOnReports = ConcurrentHashMap.newKeySet();
        worker(jobkit, "w-email", ranOnEmail, "email.send");
        worker(jobkit, "w-reports", ranOnReports, "report.build");

        List<String> emails = new ArrayList<>();
        List<String> reports = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            emails.add(jobs.enqueue("email.send", new Note(i)));
            reports.add(jobs.enqueue("report.build", new Note(i)));
        }

        await().atMost(Duration.ofSeconds(90)).until(() -> ranOnEmail.size() + ranOnReports.size() == 30
                && jobs.get(emails.get(14)).map(j -> j.status() == JobStatus.SUCCEEDED).orElse(false));
        assertThat(ranOnEmail).containsExactlyInAnyOrderElementsOf(emails);
        assertThat(ranOnReports).containsExactlyInAnyOrderElementsOf(reports);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String id : concat(emails, reports)) {
                Job job = jobs.get(id).orElseThrow();
                assertThat(job.status()).as(id).isEqualTo(JobStatus.SUCCEEDED);
                assertThat(job.attempt()).as("a put-back is not an attempt: " + id).isEqualTo(1);
            }
        });
        assertThat(dlqDepth(jobkit)).isZero();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(jobs.workers())
                .filteredOn(w -> w.id().equals("w-email")).singleElement()
                .satisfies(w -> assertThat(w.types()).containsExactly("email.send")));
    }

    @Test
    void aTypeNoWorkerServes_waitsWithoutAnAttempt_andHealthNamesIt(LocalJobkit jobkit, JobClient jobs) {
        Set<String> ran = ConcurrentHashMap.newKeySet();
        worker(jobkit, "w-only-email", ran, "email.send");

        String sms = jobs.enqueue("sms.send", new Note(1));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jobs.workers())
                .filteredOn(w -> w.id().equals("w-only-email")).singleElement()
                .extracting(WorkerInfo::declinedTypes).asList().containsExactly("sms.send"));
        HealthReport health = jobs.health(HealthThresholds.defaults());
        assertThat(health.healthy()).isFalse();
        assertThat(health.problems()).filteredOn(p -> p.check() == HealthReport.Check.UNSERVED_TYPE).singleElement()
                .satisfies(p -> assertThat(p.reason()).contains("sms.send", "w-only-email"));

        Job waiting = jobs.get(sms).orElseThrow();
        assertThat(waiting.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(waiting.attempt()).isZero();
        assertThat(ran).isEmpty();
        assertThat(dlqDepth(jobkit)).isZero();

        // a worker for the type arrives: the waiting job runs, once
        Set<String> ranOnSms = ConcurrentHashMap.newKeySet();
        worker(jobkit, "w-sms", ranOnSms, "sms.send");
        await().atMost(Duration.ofSeconds(90)).until(() -> jobs.get(sms).map(j -> j.status() == JobStatus.SUCCEEDED).orElse(false));
        assertThat(ranOnSms).containsExactly(sms);
        assertThat(jobs.get(sms).orElseThrow().attempt()).isEqualTo(1);
    }

    @Test
    void aServedTypeWithoutAHandler_isRefusedAtStart(LocalJobkit jobkit) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> worker(jobkit, "w-typo", ConcurrentHashMap.newKeySet(),
                        "email.sned"))
                .hasMessageContaining("email.sned").hasMessageContaining("no handler").hasMessageContaining("email.send");
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static int dlqDepth(LocalJobkit jobkit) {
        String url = jobkit.sqs().getQueueUrl(r -> r.queueName(jobkit.topology().dlqSqsName(jobkit.topology().queue("normal"))))
                .queueUrl();
        var attrs = jobkit.sqs().getQueueAttributes(r -> r.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes();
        return Integer.parseInt(attrs.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attrs.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }
}
