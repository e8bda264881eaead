package io.jobkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobkit.cli.support.CliCloud;
import io.jobkit.cli.support.CliRun;
import io.jobkit.cli.support.LocalCloudExtension;
import io.jobkit.cli.support.TestHandlers;
import io.jobkit.handlers.worker.Worker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code jobkit metrics}: the JSON contract (the admin API serves the same record) and the text view. */
@ExtendWith(LocalCloudExtension.class)
class MetricsCommandIT {

    private static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) names.add(it.next());
        return names;
    }

    @Test
    void metrics_afterAWorkerRanJobsAndStopped_showsTheirOutcomesPerType(CliCloud cloud) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) ids.add(cloud.run("enqueue", "test.ok").line());
        for (int i = 0; i < 2; i++) ids.add(cloud.run("enqueue", "test.fragile").line());
        Worker worker = cloud.startWorker(new TestHandlers().handlers());
        for (String id : ids) assertThat(cloud.run("await", id).exit()).isIn(0, 1);
        worker.shutdown(); // flushes the running minute

        CliRun run = cloud.run("metrics", "--window", "10m", "--json");
        assertThat(run.exit()).as(run.toString()).isZero();
        JsonNode m = run.json();
        assertThat(fields(m)).containsExactly("windowMinutes", "from", "to", "counts", "throughput", "types", "queues");
        assertThat(m.get("windowMinutes").asLong()).isEqualTo(10);
        assertThat(fields(m.get("counts"))).containsExactly("waiting", "active", "delayed", "running", "scheduled",
                "retrying", "failed", "deadLettered");
        assertThat(m.get("counts").get("failed").asLong()).isEqualTo(2);
        assertThat(m.get("throughput")).hasSize(10);
        assertThat(fields(m.get("throughput").get(0))).containsExactly("minute", "succeeded", "failed", "retried", "cancelled");
        JsonNode ok = m.get("types").get(1);
        assertThat(fields(ok)).containsExactly("type", "count", "succeeded", "failed", "retried", "deadLettered",
                "cancelled", "successRate", "durationP50Ms", "durationP95Ms", "durationP99Ms", "durationAvgMs",
                "durationMaxMs", "waitP50Ms", "waitP95Ms");
        assertThat(ok.get("type").asText()).isEqualTo("test.ok");
        assertThat(ok.get("succeeded").asLong()).isEqualTo(5);
        assertThat(ok.get("successRate").asDouble()).isEqualTo(1.0);
        JsonNode fragile = m.get("types").get(0);
        assertThat(fragile.get("type").asText()).isEqualTo("test.fragile");
        assertThat(fragile.get("failed").asLong()).isEqualTo(2);
        assertThat(fields(m.get("queues").get(0))).containsExactly("queue", "depth", "inFlight", "delayed", "dlqDepth",
                "oldestAgeMs");

        CliRun text = cloud.run("metrics", "--window", "10m");
        assertThat(text.exit()).as(text.toString()).isZero();
        assertThat(text.out()).contains("TYPE", "test.ok", "test.fragile", "100.0%", "0.0%", "QUEUE", "normal");
    }

    @Test
    void metrics_withAWindowOverADay_isAUsageError(CliCloud cloud) {
        CliRun run = cloud.run("metrics", "--window", "25h");
        assertThat(run.exit()).isNotZero();
        assertThat(run.err()).contains("out of range");
    }
}
