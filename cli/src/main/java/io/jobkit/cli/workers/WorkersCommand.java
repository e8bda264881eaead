package io.jobkit.cli.workers;

import io.jobkit.cli.CliCommand;
import io.jobkit.cli.Text;
import io.jobkit.client.WorkerInfo;
import picocli.CommandLine.Command;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** {@code jobkit workers}: live workers from their heartbeats. */
@Command(name = "workers", mixinStandardHelpOptions = true,
        description = "List live workers (container and Lambda) from their heartbeats (one in the last 90 s).",
        footer = {"", "Example:", "  jobkit workers"})
public final class WorkersCommand extends CliCommand {
    /** The JSON shape of the result. */
    public record Workers(List<WorkerView> workers) {
    }

    /** One worker in {@code --json} output. */
    public record WorkerView(String id, String runtime, String host, long pid, List<String> queues, int concurrency,
                             int inFlight, long processed, long succeeded, long failed, String startedAt, String lastBeatAt,
                             int abandonedHandlers) {
        static WorkerView of(WorkerInfo w) {
            return new WorkerView(w.id(), w.runtime(), w.host(), w.pid(), w.queues(), w.concurrency(), w.inFlight(),
                    w.processed(), w.succeeded(), w.failed(), Text.iso(w.startedAt()), Text.iso(w.lastBeatAt()),
                    w.abandonedHandlers());
        }
    }

    @Override
    public Integer call() {
        List<WorkerInfo> workers = cli().client().workers();
        Instant now = cli().client().runtime().clock().instant();
        output().print(new Workers(workers.stream().map(WorkerView::of).toList()), () -> {
            if (workers.isEmpty()) {
                output().note("no live workers (none sent a heartbeat in the last 90 s)");
                return;
            }
            List<List<String>> rows = new ArrayList<>();
            for (WorkerInfo w : workers) {
                rows.add(Arrays.asList(w.id(), w.runtime(), w.host() + ":" + w.pid(), String.join(",", w.queues()),
                        w.inFlight() + "/" + w.concurrency(), Long.toString(w.processed()), Long.toString(w.succeeded()),
                        Long.toString(w.failed()), Long.toString(w.abandonedHandlers()),
                        Text.age(Duration.between(w.startedAt(), now)),
                        Text.age(Duration.between(w.lastBeatAt(), now)) + " ago"));
            }
            // ABANDONED: handler threads that ignored their stop signal and still run after their attempt was recorded
            output().table(List.of("ID", "RUNTIME", "HOST:PID", "QUEUES", "RUNNING", "PROCESSED", "SUCCEEDED", "FAILED",
                    "ABANDONED", "UP", "LAST-BEAT"), rows);
        });
        return 0;
    }
}
