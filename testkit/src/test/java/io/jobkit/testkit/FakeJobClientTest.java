package io.jobkit.testkit;

import io.jobkit.client.JobEnqueuer;
import io.jobkit.client.Priority;
import io.jobkit.handlers.JobContext;
import io.jobkit.handlers.JobHandlers;
import io.jobkit.handlers.RetryJobException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A service's unit test: the service depends on {@link JobEnqueuer}, the test hands it the fake. */
class FakeJobClientTest {

    record Welcome(String to, String name) {
    }

    record Deliver(String to) {
    }

    /** Production code: knows only the interface, so nothing changes for tests. */
    static final class SignupService {
        private final JobEnqueuer jobs;

        SignupService(JobEnqueuer jobs) {
            this.jobs = jobs;
        }

        void signup(String email, String name, boolean confirmed) {
            if (!confirmed) return;
            jobs.enqueue("email.welcome", new Welcome(email, name), o -> o.priority(Priority.HIGH).dedupKey("welcome:" + email));
        }
    }

    @Test
    void assertEnqueued_matchesTypePayloadAndOptions() {
        FakeJobClient jobs = FakeJobClient.create();
        new SignupService(jobs).signup("ada@example.com", "Ada", true);

        EnqueuedJob job = jobs.assertEnqueued("email.welcome", Payloads.field("to", "ada@example.com"),
                o -> o.priority() == Priority.HIGH);
        assertThat(job.payloadAs(Welcome.class).name()).isEqualTo("Ada");
        jobs.assertEnqueued("email.welcome", Payloads.equalTo(new Welcome("ada@example.com", "Ada")));
    }

    @Test
    void assertEnqueued_whenNothingMatches_failsListingWhatWasEnqueued() {
        FakeJobClient jobs = FakeJobClient.create();
        new SignupService(jobs).signup("ada@example.com", "Ada", true);

        assertThatThrownBy(() -> jobs.assertEnqueued("email.welcome", Payloads.field("to", "bob@example.com"), o -> true))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("these were enqueued")
                .hasMessageContaining("ada@example.com");
    }

    @Test
    void assertNothingEnqueued_passesWhenServiceSkipped_andFailsOtherwise() {
        FakeJobClient jobs = FakeJobClient.create();
        SignupService service = new SignupService(jobs);
        service.signup("ada@example.com", "Ada", false);
        jobs.assertNothingEnqueued();

        service.signup("ada@example.com", "Ada", true);
        assertThatThrownBy(jobs::assertNothingEnqueued).isInstanceOf(AssertionError.class).hasMessageContaining("1 jobs");
    }

    @Test
    void enqueue_liveDedupKeyOrExistingJobId_returnsTheFirstJob() {
        TestClock clock = TestClock.create();
        FakeJobClient jobs = FakeJobClient.builder().clock(clock).build();
        SignupService service = new SignupService(jobs);
        service.signup("ada@example.com", "Ada", true);
        service.signup("ada@example.com", "Ada", true);
        assertThat(jobs.enqueued()).hasSize(1);
        clock.advance(Duration.ofHours(2)); // past the 1 h default window
        service.signup("ada@example.com", "Ada", true);
        assertThat(jobs.enqueued()).hasSize(2);

        String first = jobs.enqueue("report.monthly", "{}", o -> o.jobId("report-2026-11"));
        String second = jobs.enqueue("report.monthly", "{}", o -> o.jobId("report-2026-11"));
        assertThat(first).isEqualTo(second).isEqualTo("report-2026-11");
        assertThat(jobs.enqueued("report.monthly")).hasSize(1);
    }

    @Test
    void drain_runsJobsInlineThroughHandlers_includingFollowUps_andRetries() {
        List<String> sent = new ArrayList<>();
        int[] flaky = {0};
        JobHandlers handlers = JobHandlers.builder()
                .handler("email.welcome", Welcome.class, (Welcome w, JobContext ctx) -> {
                    ctx.enqueuer().enqueue("email.deliver", new Deliver(w.to()));
                    return null;
                })
                .handler("email.deliver", Deliver.class, (Deliver d, JobContext ctx) -> {
                    if (flaky[0]++ == 0) throw new RetryJobException(Duration.ofMinutes(1), "mail API busy");
                    sent.add(d.to());
                    return "sent";
                })
                .build();
        FakeJobClient jobs = FakeJobClient.builder().handlers(handlers).build();
        new SignupService(jobs).signup("ada@example.com", "Ada", true);

        List<DrainedJob> drained = jobs.drain();

        assertThat(sent).containsExactly("ada@example.com");
        assertThat(drained).extracting(d -> d.job().type()).containsExactly("email.welcome", "email.deliver");
        assertThat(drained.get(1).attempts()).isEqualTo(2);
        assertThat(drained.get(1).outcome()).isInstanceOf(HandlerOutcome.Succeeded.class);
        assertThat(jobs.assertEnqueued("email.deliver").parentJobId()).isEqualTo(drained.get(0).job().id());
        assertThat(jobs.drain()).as("nothing left").isEmpty();
    }

    @Test
    void drain_whenAJobEnqueuesItselfForever_stopsWithAnExplanation() {
        JobHandlers handlers = JobHandlers.builder()
                .handler("loop", Deliver.class, (Deliver d, JobContext ctx) -> ctx.enqueuer().enqueue("loop", d))
                .build();
        FakeJobClient jobs = FakeJobClient.builder().handlers(handlers).maxDrainRuns(50).build();
        jobs.enqueue("loop", new Deliver("x"));
        assertThatThrownBy(jobs::drain).isInstanceOf(IllegalStateException.class).hasMessageContaining("enqueue itself");
    }

    @Test
    void drain_withoutHandlerForAType_saysWhichTypeIsMissing() {
        FakeJobClient jobs = FakeJobClient.builder().handlers(JobHandlers.builder()
                .handler("a.b", String.class, (String s, JobContext c) -> null).build()).build();
        jobs.enqueue("c.d", new Deliver("x"));
        assertThatThrownBy(jobs::drain).hasMessageContaining("no handler for job type 'c.d'");
    }

    @Test
    void enqueue_malformedTypeOrPayload_isRejectedLikeTheRealClient() {
        FakeJobClient jobs = FakeJobClient.create();
        assertThatThrownBy(() -> jobs.enqueue("1bad", "{}")).hasMessageContaining("malformed");
        assertThatThrownBy(() -> jobs.enqueue("ok.type", "{not json")).hasMessageContaining("not valid JSON");
        jobs.assertNothingEnqueued();
    }
}
