package io.jobkit.testkit;

import io.jobkit.handlers.FailJobException;
import io.jobkit.handlers.JobContext;
import io.jobkit.handlers.JobHandler;
import io.jobkit.handlers.RetryJobException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Written the way a user tests a handler: no AWS, the outcome as a value. */
class JobHandlerTesterTest {

    record Invoice(String customer, int lines) {
    }

    record Rendered(String customer, int pages) {
    }

    /** A handler as users write them: progress, a log line, a follow-up job through the context. */
    static final class RenderInvoice implements JobHandler<Invoice, Rendered> {
        @Override
        public Rendered handle(Invoice invoice, JobContext ctx) {
            if (invoice.lines() < 0) throw new FailJobException("negative line count " + invoice.lines());
            ctx.progress(50, "rendering");
            ctx.log("rendering {} lines for {}", invoice.lines(), invoice.customer());
            ctx.enqueuer().enqueue("email.send", new Email(invoice.customer()));
            ctx.progress(100);
            return new Rendered(invoice.customer(), 1 + invoice.lines() / 40);
        }
    }

    record Email(String to) {
    }

    record Batch(List<Integer> items) {
    }

    @Test
    void run_whenHandlerReturns_recordsResultProgressLogsAndFollowUps() {
        TestRun<Rendered> run = JobHandlerTester.of("invoice.render", new RenderInvoice()).run(new Invoice("ada", 90));

        assertThat(run.result()).isEqualTo(new Rendered("ada", 3));
        assertThat(run.outcomeAs(HandlerOutcome.Succeeded.class).resultJson().get("pages").asInt()).isEqualTo(3);
        assertThat(run.progress()).containsExactly(new ProgressUpdate(50, "rendering"), new ProgressUpdate(100, null));
        assertThat(run.logLines()).containsExactly("rendering 90 lines for ada");
        assertThat(run.enqueued()).singleElement().satisfies(job -> {
            assertThat(job.type()).isEqualTo("email.send");
            assertThat(job.payloadAs(Email.class)).isEqualTo(new Email("ada"));
            assertThat(job.parentJobId()).isEqualTo(run.jobId());
        });
    }

    @Test
    void run_payloadTravelsThroughJson_soAMapDecodesIntoTheRecord() {
        TestRun<Rendered> run = JobHandlerTester.of("invoice.render", new RenderInvoice())
                .run("{\"customer\":\"grace\",\"lines\":1}");
        assertThat(run.result()).isEqualTo(new Rendered("grace", 1));
    }

    @Test
    void run_whenHandlerFailsPermanently_isFailedWithTheError() {
        TestRun<Rendered> run = JobHandlerTester.of("invoice.render", new RenderInvoice()).run(new Invoice("ada", -1));

        assertThat(run.outcomeAs(HandlerOutcome.Failed.class).error()).hasMessage("negative line count -1");
        assertThatThrownBy(run::result).isInstanceOf(AssertionError.class).hasMessageContaining("Failed");
    }

    @Test
    void run_whenHandlerAsksForRetry_carriesItsDelay_andOtherExceptionsUseBackoff() {
        JobHandler<Email, Void> rateLimited = (email, ctx) -> {
            throw new RetryJobException(Duration.ofSeconds(30), "429 from the mail API");
        };
        JobHandler<Email, Void> broken = (email, ctx) -> {
            throw new IllegalStateException("SMTP down");
        };

        HandlerOutcome.Retry chosen = JobHandlerTester.of("email.send", Email.class, rateLimited)
                .run(new Email("ada")).outcomeAs(HandlerOutcome.Retry.class);
        HandlerOutcome.Retry backoff = JobHandlerTester.of("email.send", Email.class, broken)
                .run(new Email("ada")).outcomeAs(HandlerOutcome.Retry.class);

        assertThat(chosen.delay()).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.delay()).as("null means the job's backoff").isNull();
        assertThat(backoff.errorType()).isEqualTo(IllegalStateException.class.getName());
    }

    @Test
    void run_whenCancelRequestedMidway_handlerThatStopsIsCancelled() {
        List<Integer> done = new java.util.ArrayList<>();
        JobHandler<Batch, Integer> batch = (b, ctx) -> {
            for (int item : b.items()) {
                ctx.throwIfCancelled();
                done.add(item);
            }
            return done.size();
        };

        TestRun<Integer> run = JobHandlerTester.of("batch.process", Batch.class, batch).cancelAfterChecks(3)
                .run(new Batch(List.of(1, 2, 3, 4, 5)));

        assertThat(run.outcome()).isEqualTo(new HandlerOutcome.Cancelled("cancel requested"));
        assertThat(done).containsExactly(1, 2);
    }

    @Test
    void run_whenCancelledBeforeStart_neverRunsTheHandler() {
        List<String> calls = new java.util.ArrayList<>();
        TestRun<Object> run = JobHandlerTester.of("email.send", Email.class, (Email e, JobContext ctx) -> {
            calls.add(e.to());
            return null;
        }).cancelled("cancelled by operator").run(new Email("ada"));

        assertThat(run.outcome()).isEqualTo(new HandlerOutcome.Cancelled("cancelled by operator"));
        assertThat(calls).isEmpty();
    }

    @Test
    void run_whenDeadlinePasses_handlerSeesRemainingTimeAndTheAttemptRetriesAsTimeout() {
        TestClock clock = TestClock.create();
        JobHandler<Integer, Integer> slow = (chunks, ctx) -> {
            int n = 0;
            while (n < chunks) {
                ctx.throwIfCancelled();
                clock.advance(Duration.ofSeconds(10)); // one chunk of work takes 10 s on the test clock
                n++;
            }
            return n;
        };
        JobHandlerTester<Integer, Integer> tester = JobHandlerTester.of("chunks", Integer.class, slow)
                .clock(clock).timeout(Duration.ofSeconds(25));

        HandlerOutcome.Retry timedOut = tester.run(5).outcomeAs(HandlerOutcome.Retry.class);
        assertThat(timedOut.errorType()).isEqualTo("Timeout");
        assertThat(tester.run(2).result()).isEqualTo(2);
    }

    @Test
    void run_attemptAndQueue_areWhatTheContextReports() {
        JobHandler<Email, String> lastChance = (e, ctx) -> ctx.attempt() == ctx.maxAttempts() ? "last on " + ctx.queue() : "early";
        assertThat(JobHandlerTester.of("email.send", Email.class, lastChance).attempt(5, 5).queue("high")
                .run(new Email("x")).result()).isEqualTo("last on high");
    }

    @Test
    void run_handlerUsingClientWithoutOne_getsAnExplanation() {
        TestRun<Object> run = JobHandlerTester.of("email.send", Email.class, (Email e, JobContext ctx) -> {
            ctx.client().enqueue("x.y", e);
            return null;
        }).run(new Email("ada"));
        assertThat(run.outcomeAs(HandlerOutcome.Retry.class).error()).hasMessageContaining("context.enqueuer()");
    }
}
