package io.jobkit.cli.workflow;

import io.jobkit.cli.Output;
import io.jobkit.client.workflow.BatchStatus;
import io.jobkit.client.workflow.ChainStatus;

import java.util.ArrayList;
import java.util.List;

/** How batch and chain statuses print: the records' fields as JSON, aligned fields and a step table as text. */
final class WorkflowViews {
    private WorkflowViews() {
    }

    /** {@code jobkit batch status --json}: the fields of {@link BatchStatus}, times as ISO-8601 text. */
    public record BatchView(String id, long total, long pending, long succeeded, long failed, long cancelled,
                            boolean sealed, String outcome, java.util.Map<String, String> callbackJobs,
                            boolean cancelRequested, String parentBatch, String parentChain, String createdAt,
                            String completedAt, long notEnqueued, String abandonedReason) {
        static BatchView of(BatchStatus s) {
            return new BatchView(s.id(), s.total(), s.pending(), s.succeeded(), s.failed(), s.cancelled(), s.sealed(),
                    s.outcome(), s.callbackJobs(), s.cancelRequested(), s.parentBatch(), s.parentChain(),
                    text(s.createdAt()), text(s.completedAt()), s.notEnqueued(), s.abandonedReason());
        }
    }

    /** {@code jobkit chain status --json}: the fields of {@link ChainStatus}, times as ISO-8601 text. */
    public record ChainView(String id, String status, int current, List<ChainStatus.Step> steps, Integer failedStep,
                            String reason, String parentBatch, String createdAt, String finishedAt) {
        static ChainView of(ChainStatus s) {
            return new ChainView(s.id(), s.status(), s.current(), s.steps(), s.failedStep(), s.reason(), s.parentBatch(),
                    text(s.createdAt()), text(s.finishedAt()));
        }
    }

    private static String text(java.time.Instant t) {
        return t == null ? null : t.toString();
    }

    static void batch(Output out, BatchStatus s) {
        out.print(BatchView.of(s), () -> {
            List<String[]> f = new ArrayList<>();
            f.add(new String[]{"batch", s.id()});
            f.add(new String[]{"outcome", s.outcome() == null ? (s.sealed() ? "RUNNING" : "ENQUEUEING") : s.outcome()});
            f.add(new String[]{"total", Long.toString(s.total())});
            f.add(new String[]{"pending", Long.toString(s.pending())});
            f.add(new String[]{"succeeded", Long.toString(s.succeeded())});
            f.add(new String[]{"failed", Long.toString(s.failed())});
            f.add(new String[]{"cancelled", Long.toString(s.cancelled())});
            if (s.abandonedReason() != null) {
                f.add(new String[]{"not enqueued", Long.toString(s.notEnqueued())});
                f.add(new String[]{"sealed by the reconciler", s.abandonedReason()});
            }
            s.callbackJobs().forEach((k, v) -> f.add(new String[]{k, v}));
            f.add(new String[]{"parent batch", s.parentBatch()});
            f.add(new String[]{"parent chain", s.parentChain()});
            f.add(new String[]{"created", s.createdAt() == null ? null : s.createdAt().toString()});
            f.add(new String[]{"completed", s.completedAt() == null ? null : s.completedAt().toString()});
            out.fields(f);
        });
    }

    static void chain(Output out, ChainStatus s) {
        out.print(ChainView.of(s), () -> {
            out.fields(List.of(new String[]{"chain", s.id()}, new String[]{"status", s.status()},
                    new String[]{"reason", s.reason()}, new String[]{"parent batch", s.parentBatch()}));
            List<List<String>> rows = new ArrayList<>();
            for (ChainStatus.Step st : s.steps()) {
                rows.add(List.of(Integer.toString(st.index() + 1), st.type(), st.status(), st.id() == null ? "-" : st.id()));
            }
            out.table(List.of("STEP", "TYPE", "STATUS", "ID"), rows);
        });
    }
}
