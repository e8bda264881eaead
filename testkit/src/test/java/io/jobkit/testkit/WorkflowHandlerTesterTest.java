package io.jobkit.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobkit.client.EnqueueRequest;
import io.jobkit.client.workflow.BatchCallback;
import io.jobkit.client.workflow.BatchStatus;
import io.jobkit.client.workflow.MemberPage;
import io.jobkit.client.workflow.MemberResult;
import io.jobkit.handlers.JobContext;
import io.jobkit.handlers.JobHandler;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Chain steps, batch members and batch callbacks tested inline, as a user tests workflow handlers. */
class WorkflowHandlerTesterTest {

    record Payment(String order, int cents) {
    }

    record Confirmation(String order, String paymentId) {
    }

    /** The chain's third step reads what the payment step returned. */
    static final class Confirm implements JobHandler<Map<String, Object>, Confirmation> {
        @Override
        public Confirmation handle(Map<String, Object> payload, JobContext ctx) {
            Payment paid = ctx.previousResult(Payment.class);
            return new Confirmation(paid.order(), ctx.chainId().orElseThrow() + "/" + paid.cents());
        }
    }

    @Test
    void aChainStep_readsThePreviousStepsResult_asTheRuntimeConvertsIt() {
        TestRun<Confirmation> run = JobHandlerTester.of("order.confirm", new Confirm())
                .chainStep("chain-7", Map.of("order", "A-1", "cents", 1250))
                .run(Map.of());
        assertThat(run.result()).isEqualTo(new Confirmation("A-1", "chain-7/1250"));
    }

    @Test
    void aPreviousResultOfTheWrongShape_failsTheAttemptWithTheReason() {
        TestRun<Confirmation> run = JobHandlerTester.of("order.confirm", new Confirm())
                .chainStep("chain-7", "[1, 2]").run(Map.of());
        assertThat(run.succeeded()).isFalse();
        assertThat(run.outcome().toString()).contains("does not convert to Payment");
    }

    @Test
    void aBatchMember_addsMembersToItsOwnBatch_andTheyAreRecorded() {
        JobHandler<JsonNode, List<String>> crawler = (p, ctx) -> ctx.addToBatch(List.of(
                EnqueueRequest.of("page.fetch", Map.of("url", "/a")), EnqueueRequest.of("page.fetch", Map.of("url", "/b"))));
        TestRun<List<String>> run = JobHandlerTester.of("site.crawl", crawler).batchMember("batch-3").run(Map.of());
        assertThat(run.result()).hasSize(2);
        assertThat(run.enqueued()).extracting(EnqueuedJob::type).containsExactly("page.fetch", "page.fetch");
        assertThat(run.enqueued()).extracting(EnqueuedJob::id).containsExactlyElementsOf(run.result());
    }

    @Test
    void aJobOutsideABatch_cannotAddToOne() {
        JobHandler<JsonNode, List<String>> crawler = (p, ctx) -> ctx.addToBatch(List.of(EnqueueRequest.of("x", Map.of())));
        TestRun<List<String>> run = JobHandlerTester.of("site.crawl", crawler).run(Map.of());
        assertThat(run.succeeded()).isFalse();
        assertThat(run.outcome().toString()).contains("is not a batch member");
    }

    @Test
    void aBatchCallback_readsTheSummary_andPagesThroughTheMemberResults() {
        List<MemberResult> members = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            members.add(new MemberResult("m-" + i, "job", i == 3 ? "FAILED" : "SUCCEEDED", null,
                    i == 3 ? "card declined" : null, Instant.EPOCH, null));
        }
        BatchStatus summary = new BatchStatus("batch-9", 5, 0, 4, 1, 0, true, "FAILED", Map.of(), false, null, null,
                Instant.EPOCH, Instant.EPOCH);
        JobHandler<JsonNode, String> report = (p, ctx) -> {
            BatchCallback cb = ctx.batchCallback().orElseThrow();
            List<String> failed = new ArrayList<>();
            String cursor = null;
            do {
                MemberPage page = cb.members(cursor, 2);
                page.members().stream().filter(m -> m.state().equals("FAILED")).forEach(m -> failed.add(m.id() + ": " + m.error()));
                cursor = page.nextCursor();
            } while (cursor != null);
            return cb.kind() + " " + cb.summary().succeeded() + "/" + cb.summary().total() + " " + failed;
        };
        TestRun<String> run = JobHandlerTester.of("batch.report", report)
                .batchCallback(BatchCallback.of("batch-9", "onComplete", summary, members)).run(Map.of());
        assertThat(run.result()).isEqualTo("onComplete 4/5 [m-3: card declined]");
    }
}
