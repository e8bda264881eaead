package io.jobkit.cli;

import io.jobkit.cli.support.CliCloud;
import io.jobkit.cli.support.LocalCloudExtension;
import io.jobkit.client.AwaitResult;
import io.jobkit.client.JobClient;
import io.jobkit.client.JobStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code ./jobkit} at the repository root, run as a process the way an operator (or the Fargate image) runs it. */
@ExtendWith(LocalCloudExtension.class)
class LauncherIT {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();

    private record Result(int exit, String out, String err) {
    }

    private static ProcessBuilder launcher(Map<String, String> env, Path out, Path err, String... args) {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("jobkit").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("JOBKIT_"));
        pb.environment().putAll(env);
        return pb;
    }

    private static Result run(Map<String, String> env, String... args) throws Exception {
        Path out = Files.createTempFile("jobkit-out", ".txt");
        Path err = Files.createTempFile("jobkit-err", ".txt");
        Process p = launcher(env, out, err, args).start();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("./jobkit finished").isTrue();
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void theLauncher_runsCommands_withExitCodesAndOutputAsInProcess(CliCloud cloud) throws Exception {
        Result help = run(Map.of(), "--help");
        assertThat(help.exit()).as(help.err()).isZero();
        assertThat(help.out()).contains("Usage: jobkit", "Commands:", "dlq", "worker");

        Result unknown = run(Map.of(), "frobnicate");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown command 'frobnicate'");

        Result enqueued = run(cloud.environment(), "enqueue", "launcher.test", "--payload", "{\"a\":1}");
        assertThat(enqueued.exit()).as(enqueued.err()).isZero();
        String id = enqueued.out().strip();
        assertThat(cloud.client().get(id).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);

        Result status = run(cloud.environment(), "status", id, "--json");
        assertThat(status.exit()).isZero();
        assertThat(status.out()).contains("\"id\" : \"" + id + "\"");
    }

    @Test
    void theWorkerCommand_runsJobs_andStopsGracefullyOnSigterm(CliCloud cloud) throws Exception {
        Path out = Files.createTempFile("jobkit-worker-out", ".txt");
        Path err = Files.createTempFile("jobkit-worker-err", ".txt");
        Process worker = launcher(cloud.environment(), out, err, "worker", "--queues", "normal,low", "--concurrency", "2",
                "--handlers", "io.jobkit.handlers.builtin.DemoHandlers", "--shutdown-timeout", "5s").start();
        try {
            JobClient client = cloud.client();
            String id = client.enqueue("demo.noop", Map.of());
            AwaitResult done = client.await(id, Duration.ofSeconds(90));
            assertThat(done.succeeded()).as(read(err)).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> client.workers().size() == 1);
            assertThat(client.workers().get(0).queues()).containsExactly("normal", "low");
            assertThat(client.workers().get(0).pid()).isEqualTo(worker.pid());

            worker.destroy();  // SIGTERM, as ECS sends it
            assertThat(worker.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(read(err)).contains("serving normal,low", "shutting down", "stopped: 1 processed, 1 succeeded");
            assertThat(client.workers()).as("the heartbeat is removed on the way out").isEmpty();
            // stdout carries only the EMF documents of the shutdown flush (JOBKIT_METRICS=emf, the default)
            assertThat(read(out).lines().toList()).as("EMF documents only on stdout").isNotEmpty()
                    .allSatisfy(l -> assertThat(l).startsWith("{").contains("\"_aws\"", "\"Namespace\":\"jobkit\""));
        } finally {
            worker.destroyForcibly();
        }
    }

    @Test
    void jsonLogs_theWorkerPrintsOneJsonObjectPerLine_withTheJobInTheMdc(CliCloud cloud) throws Exception {
        Path out = Files.createTempFile("jobkit-worker-out", ".txt");
        Path err = Files.createTempFile("jobkit-worker-err", ".txt");
        Map<String, String> env = new java.util.HashMap<>(cloud.environment());
        env.put("JOBKIT_LOG_FORMAT", "json");
        Process worker = launcher(env, out, err, "worker", "--queues", "normal", "--concurrency", "1",
                "--handlers", "io.jobkit.handlers.builtin.DemoHandlers", "--shutdown-timeout", "5s").start();
        try {
            JobClient client = cloud.client();
            String id = client.enqueue("demo.report", Map.of("pages", 2));
            assertThat(client.await(id, Duration.ofSeconds(90)).succeeded()).as(read(err)).isTrue();
            worker.destroy();
            assertThat(worker.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            worker.destroyForcibly();
        }
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<com.fasterxml.jackson.databind.JsonNode> lines = new ArrayList<>();
        for (String line : read(err).lines().toList()) lines.add(json.readTree(line)); // every line parses
        assertThat(lines).isNotEmpty().allSatisfy(l -> assertThat(l.has("time") && l.has("level") && l.has("message")).isTrue());
        assertThat(lines).anySatisfy(l -> assertThat(l.get("message").asText()).contains("serving normal"));
        com.fasterxml.jackson.databind.JsonNode jobLine = lines.stream()
                .filter(l -> l.get("logger").asText().equals("io.jobkit.job")).findFirst().orElseThrow();
        assertThat(jobLine.get("message").asText()).isEqualTo("report of 2 pages done");
        assertThat(jobLine.get("jobType").asText()).isEqualTo("demo.report");
        assertThat(jobLine.get("attempt").asText()).isEqualTo("1");
        assertThat(jobLine.get("queue").asText()).isEqualTo("normal");
        assertThat(jobLine.get("jobId").asText()).matches("[0-9a-f-]{36}");

        Result bad = run(Map.of("JOBKIT_LOG_FORMAT", "xml"), "queues");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("JOBKIT_LOG_FORMAT=xml is not understood; use json");
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }
}
