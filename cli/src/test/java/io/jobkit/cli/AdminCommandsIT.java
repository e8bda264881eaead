package io.jobkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobkit.admin.AdminServer;
import io.jobkit.cli.support.CliCloud;
import io.jobkit.cli.support.CliRun;
import io.jobkit.cli.support.LocalCloudExtension;
import io.jobkit.client.JobClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code jobkit admin token}, {@code jobkit dashboard}'s refusal, and the CLI and the API agreeing on a job's JSON. */
@ExtendWith(LocalCloudExtension.class)
class AdminCommandsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void adminToken_printsATokenAndTheEntryHoldingItsSha256(CliCloud cloud) throws Exception {
        JsonNode t = json(cloud.run("admin", "token", "--role", "operator", "--name", "otto", "--json"));
        String token = t.get("token").asText();
        String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        assertThat(t.get("entry").asText()).isEqualTo("otto=operator:" + hex);
        assertThat(t.get("role").asText()).isEqualTo("operator");
        CliRun bad = cloud.run("admin", "token", "--role", "root");
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.toString()).contains("viewer, operator or admin");
    }

    @Test
    void dashboard_onAPublicAddressWithoutCredentials_isRefused(CliCloud cloud) {
        Map<String, String> env = new HashMap<>(cloud.environment());
        env.remove("JOBKIT_ADMIN_TOKENS");
        CliRun run = cloud.run(env, "dashboard", "--bind", "0.0.0.0", "--port", "0");
        assertThat(run.exit()).isNotZero();
        assertThat(run.toString()).contains("JOBKIT_ADMIN_TOKENS").contains("JOBKIT_ADMIN_OIDC_ISSUER");
    }

    @Test
    void theCliAndTheApi_printTheSameJsonForTheSameJob(CliCloud cloud) throws Exception {
        String id = json(cloud.run("enqueue", "test.ok", "--json")).get("id").asText();
        JsonNode fromCli = json(cloud.run("status", id, "--json"));
        JobClient client = cloud.client();
        try (AdminServer server = AdminServer.builder().jobClient(client).dynamoDbClient(client.runtime().dynamoDb())
                .environment(Map.of()).port(0).start()) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    server.url().resolve("/api/admin/jobs/" + id)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(r.body())).isEqualTo(fromCli);
            HttpResponse<String> list = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    server.url().resolve("/api/admin/jobs?limit=1000")).GET().build(), HttpResponse.BodyHandlers.ofString());
            JsonNode cliList = json(cloud.run("list", "--json", "--limit", "1000"));
            assertThat(JSON.readTree(list.body())).isEqualTo(cliList);
        }
    }

    @Test
    void queuesPauseAndResume_writeTheControlItemWorkersRead(CliCloud cloud) {
        JsonNode paused = json(cloud.run("queues", "pause", "low", "--json"));
        assertThat(paused.get("paused").asBoolean()).isTrue();
        JobClient client = cloud.client();
        io.jobkit.client.control.QueueControls controls = new io.jobkit.client.control.QueueControls(
                client.runtime().dynamoDb(), client.topology().tableName(), java.time.Clock.systemUTC());
        assertThat(controls.read("low").paused()).isTrue();
        CliRun listed = cloud.run("queues");
        assertThat(listed.exit()).isZero();
        assertThat(listed.err()).contains("paused: low");
        assertThat(json(cloud.run("queues", "resume", "low", "--json")).get("paused").asBoolean()).isFalse();
        assertThat(controls.read("low").paused()).isFalse();
        assertThat(cloud.run("queues", "pause", "nope").exit()).isNotZero();
    }

    @Test
    void audit_theCliAndTheApiPrintTheSameEntries(CliCloud cloud) throws Exception {
        JobClient client = cloud.client();
        String since = client.runtime().clock().instant().minusSeconds(60).toString();
        JsonNode fromApi;
        try (AdminServer server = AdminServer.builder().jobClient(client).dynamoDbClient(client.runtime().dynamoDb())
                .environment(Map.of()).port(0).start()) {
            HttpClient http = HttpClient.newHttpClient();
            for (String call : new String[]{"/api/admin/queues/low/pause", "/api/admin/queues/low/resume", "/api/admin/queues/nope/pause"}) {
                http.send(HttpRequest.newBuilder(server.url().resolve(call)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofString());
            }
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.url().resolve("/api/admin/audit?since=" + since))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            fromApi = JSON.readTree(r.body());
        }
        JsonNode fromCli = json(cloud.run("audit", "--since", since, "--json"));
        assertThat(fromCli).isEqualTo(fromApi);
        JsonNode entries = fromCli.get("entries");
        assertThat(entries).hasSize(3);
        // newest first: the refused pause of an unknown queue, then resume, then pause
        assertThat(entries.get(0).get("target").asText()).isEqualTo("/api/admin/queues/nope/pause");
        assertThat(entries.get(0).get("status").asInt()).isEqualTo(404);
        assertThat(entries.get(0).get("outcome").asText()).isEqualTo("QUEUE_NOT_FOUND");
        assertThat(entries.get(1).get("action").asText()).isEqualTo("POST /api/admin/queues/{queue}/resume");
        assertThat(entries.get(2).get("principal").asText()).isEqualTo("local");

        CliRun text = cloud.run("audit", "--since", since);
        assertThat(text.exit()).as(text.toString()).isZero();
        assertThat(text.out()).contains("POST /api/admin/queues/{queue}/pause").contains("local (admin)");
        CliRun bad = cloud.run("audit", "--since", "yesterday");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("since 'yesterday' must be a duration back");
    }

    @Test
    void queuesPause_alsoDisablesTheQueuesLambdaEventSourceMapping_andResumeEnablesIt(CliCloud cloud) {
        cloud.startLambda(new io.jobkit.cli.support.TestHandlers().handlers(), "low");
        try (software.amazon.awssdk.services.lambda.LambdaClient lambda = software.amazon.awssdk.services.lambda.LambdaClient
                .builder().endpointOverride(cloud.lambdaEndpoint()).region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("local", "local"))).build()) {
            String arn = cloud.client().queueArn("low");
            var mappings = lambda.listEventSourceMappings(r -> r.eventSourceArn(arn)).eventSourceMappings();
            assertThat(mappings).hasSize(1);
            String uuid = mappings.get(0).uuid();

            CliRun paused = cloud.run("queues", "pause", "low");
            assertThat(paused.exit()).as(paused.toString()).isZero();
            assertThat(paused.out()).contains("Lambda event source mappings " + uuid);
            assertThat(lambda.getEventSourceMapping(r -> r.uuid(uuid)).state()).isEqualTo("Disabled");

            assertThat(json(cloud.run("queues", "resume", "low", "--json")).get("paused").asBoolean()).isFalse();
            assertThat(lambda.getEventSourceMapping(r -> r.uuid(uuid)).state()).isEqualTo("Enabled");
        }
    }

    private static JsonNode json(CliRun run) {
        assertThat(run.exit()).as(run.toString()).isZero();
        return run.json();
    }
}
