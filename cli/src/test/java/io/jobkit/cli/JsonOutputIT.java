package io.jobkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobkit.cli.support.CliCloud;
import io.jobkit.cli.support.CliRun;
import io.jobkit.cli.support.LocalCloudExtension;
import io.jobkit.cli.support.TestHandlers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code --json} is a contract for scripts: every command's output parses and has exactly the documented field
 * names, in a stable order, null fields included. A change here is a breaking change; update the README with it.
 */
@ExtendWith(LocalCloudExtension.class)
class JsonOutputIT {
    static final String[] JOB_FIELDS = {"id", "type", "status", "queue", "priority", "attempt", "maxAttempts", "cycle",
            "progress", "progressMessage", "payload", "result", "error", "createdAt", "updatedAt", "startedAt",
            "finishedAt", "nextAttemptAt", "runAt", "tags", "logs", "lease", "cancelRequested", "pastAttempts"};

    private static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) names.add(it.next());
        return names;
    }

    private static JsonNode json(CliRun run) {
        assertThat(run.exit()).as(run.toString()).isZero();
        return run.json();
    }

    @Test
    void everyCommandsJson_hasTheDocumentedFieldNames(CliCloud cloud) {
        JsonNode enqueued = json(cloud.run("enqueue", "test.ok", "--json"));
        assertThat(fields(enqueued)).containsExactly("id", "type");
        String id = enqueued.get("id").asText();

        assertThat(fields(json(cloud.run("status", id, "--json")))).containsExactly(JOB_FIELDS);
        JsonNode list = json(cloud.run("list", "--json"));
        assertThat(fields(list)).containsExactly("jobs", "nextCursor");
        assertThat(fields(list.get("jobs").get(0))).containsExactly(JOB_FIELDS);
        assertThat(fields(json(cloud.run("logs", id, "--json")))).containsExactly("id", "status", "logs");

        String other = cloud.run("enqueue", "test.ok").line();
        assertThat(fields(json(cloud.run("cancel", other, "--json")))).containsExactly("id", "outcome", "status");

        TestHandlers handlers = new TestHandlers();
        cloud.startWorker(handlers.handlers());
        JsonNode awaited = json(cloud.run("await", id, "--json"));
        assertThat(fields(awaited)).containsExactly("id", "outcome", "job");
        assertThat(fields(awaited.get("job"))).containsExactly(JOB_FIELDS);

        String failing = cloud.run("enqueue", "test.fragile").line();
        cloud.run("await", failing);
        JsonNode failed = cloud.run("status", failing, "--json").json();
        assertThat(fields(failed.get("error"))).containsExactly("type", "message", "attempt", "stack");
        await().until(() -> cloud.client().queueStats("normal", false).dlqDepth() == 1);

        String retried = cloud.client().enqueue("test.retried", Map.of(), o -> o.maxAttempts(3)
                .backoff(io.jobkit.client.Backoff.fixed(java.time.Duration.ofSeconds(1))));
        assertThat(cloud.run("await", retried).exit()).isZero();
        JsonNode history = cloud.run("status", retried, "--json").json().get("pastAttempts");
        assertThat(history).hasSize(1);
        assertThat(fields(history.get(0))).containsExactly("attempt", "cycle", "startedAt", "endedAt", "worker", "error");
        assertThat(history.get(0).get("error").get("message").asText()).isEqualTo("first attempt fails on purpose");
        assertThat(cloud.run("status", retried).out()).contains("earlier attempts:", "attempt 1  started",
                "java.lang.IllegalStateException: first attempt fails on purpose");

        JsonNode queues = json(cloud.run("queues", "--json"));
        assertThat(fields(queues)).containsExactly("queues");
        assertThat(fields(queues.get("queues").get(0))).containsExactly("queue", "sqsName", "visible", "inFlight",
                "delayed", "dlqSqsName", "dlqDepth", "oldestAgeSeconds", "dlqOldestAgeSeconds");

        JsonNode dlqs = json(cloud.run("dlq", "list", "--json"));
        assertThat(fields(dlqs)).containsExactly("deadLetterQueues");
        assertThat(fields(dlqs.get("deadLetterQueues").get(0))).containsExactly("queue", "dlqSqsName", "depth", "oldestAgeSeconds");

        JsonNode peek = json(cloud.run("dlq", "peek", "normal", "--json"));
        assertThat(fields(peek)).containsExactly("queue", "dlqSqsName", "messages");
        assertThat(fields(peek.get("messages").get(0))).containsExactly("messageId", "jobId", "type", "reason", "source",
                "cycle", "deadLetteredAt", "ageSeconds", "receiveCount", "body");

        handlers.fix();
        JsonNode redriven = json(cloud.run("dlq", "redrive", "normal", "--json"));
        assertThat(fields(redriven)).containsExactly("queue", "from", "to", "method", "status", "moved", "total",
                "taskHandle", "failureReason", "elapsedSeconds", "skipped", "duplicatesDropped");
        await().until(() -> "SUCCEEDED".equals(cloud.run("status", failing, "--json").json().get("status").asText()));

        JsonNode workers = json(cloud.run("workers", "--json"));
        assertThat(fields(workers)).containsExactly("workers");
        assertThat(fields(workers.get("workers").get(0))).containsExactly("id", "runtime", "host", "pid", "queues",
                "concurrency", "inFlight", "processed", "succeeded", "failed", "startedAt", "lastBeatAt",
                "abandonedHandlers");

        cloud.sqs().sendMessage(r -> r.queueUrl(cloud.dlqUrl("low")).messageBody("{}"));
        assertThat(fields(json(cloud.run("dlq", "purge", "low", "--yes", "--json")))).containsExactly("queue", "dlqSqsName", "purged");
    }

    @Test
    void retryJson_hasTheDocumentedFieldNames(CliCloud cloud) {
        TestHandlers handlers = new TestHandlers();
        cloud.startWorker(handlers.handlers());
        String id = cloud.run("enqueue", "test.fragile").line();
        cloud.run("await", id);
        assertThat(fields(json(cloud.run("retry", id, "--json")))).containsExactly("id", "outcome", "status", "cycle");
    }

    @Test
    void auditJson_hasTheDocumentedFieldNames(CliCloud cloud) throws Exception {
        io.jobkit.client.JobClient client = cloud.client();
        try (io.jobkit.admin.AdminServer server = io.jobkit.admin.AdminServer.builder().jobClient(client)
                .dynamoDbClient(client.runtime().dynamoDb()).environment(java.util.Map.of()).port(0).start()) {
            java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(server.url().resolve("/api/admin/queues/low/pause"))
                            .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
        }
        JsonNode audit = json(cloud.run("audit", "--since", "1h", "--json"));
        assertThat(fields(audit)).containsExactly("since", "entries");
        assertThat(fields(audit.get("entries").get(0))).containsExactly("at", "principal", "role", "method", "action",
                "target", "status", "outcome");
    }

    @Test
    void workflowJson_hasTheDocumentedFieldNames(CliCloud cloud) throws Exception {
        java.nio.file.Path items = java.nio.file.Files.createTempFile("jobkit-items", ".jsonl");
        java.nio.file.Files.writeString(items, "{\"i\":1}\n{\"i\":2}\n\n{\"i\":3}\n");
        String[] batchFields = {"id", "total", "pending", "succeeded", "failed", "cancelled", "sealed", "outcome",
                "callbackJobs", "cancelRequested", "parentBatch", "parentChain", "createdAt", "completedAt",
                "notEnqueued", "abandonedReason"};

        JsonNode toCancel = json(cloud.run("batch", "create", "--type", "test.ok", "--items-file", items.toString(), "--json"));
        assertThat(fields(toCancel)).containsExactly("id", "total");
        assertThat(toCancel.get("total").asInt()).isEqualTo(3);
        JsonNode cancelled = json(cloud.run("batch", "cancel", toCancel.get("id").asText(), "--json"));
        assertThat(fields(cancelled)).containsExactly("id", "outcome", "cancelled", "stopRequested");
        assertThat(cancelled.get("cancelled").asInt()).isEqualTo(3);

        cloud.startWorker(new TestHandlers().handlers());
        String batch = json(cloud.run("batch", "create", "--type", "test.ok", "--items-file", items.toString(),
                "--on-complete", "test.ok={\"done\":true}", "--json")).get("id").asText();
        await().until(() -> cloud.run("batch", "status", batch, "--json").json().get("outcome").asText().equals("SUCCEEDED"));
        JsonNode status = json(cloud.run("batch", "status", batch, "--json"));
        assertThat(fields(status)).containsExactly(batchFields);
        assertThat(status.get("succeeded").asInt()).isEqualTo(3);
        assertThat(fields(status.get("callbackJobs"))).containsExactly("onComplete");

        JsonNode chain = json(cloud.run("chain", "--step", "test.ok={\"n\":1}", "--step", "test.ok", "--json"));
        assertThat(fields(chain)).containsExactly("id", "steps");
        String chainId = chain.get("id").asText();
        await().until(() -> cloud.run("chain", "status", chainId, "--json").json().get("status").asText().equals("SUCCEEDED"));
        JsonNode chainStatus = json(cloud.run("chain", "status", chainId, "--json"));
        assertThat(fields(chainStatus)).containsExactly("id", "status", "current", "steps", "failedStep", "reason",
                "parentBatch", "createdAt", "finishedAt");
        assertThat(fields(chainStatus.get("steps").get(0))).containsExactly("index", "kind", "type", "id", "status", "reason");

        CliRun missing = cloud.run("batch", "status", "batch-nope");
        assertThat(missing.exit()).isNotZero();
        CliRun noSteps = cloud.run("chain");
        assertThat(noSteps.exit()).isNotZero();
        CliRun badStep = cloud.run("chain", "--step", "test.ok={nope");
        assertThat(badStep.exit()).isNotZero();
    }
}
