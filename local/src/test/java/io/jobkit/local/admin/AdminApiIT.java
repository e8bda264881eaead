package io.jobkit.local.admin;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.jobkit.admin.AdminServer;
import io.jobkit.admin.AdminTokens;
import io.jobkit.admin.Role;
import io.jobkit.client.Job;
import io.jobkit.client.JobClient;
import io.jobkit.client.JobStatus;
import io.jobkit.client.WorkerInfo;
import io.jobkit.client.schedule.RecurringSchedule;
import io.jobkit.client.store.WorkerRegistry;
import io.jobkit.client.view.JobView;
import io.jobkit.handlers.FailJobException;
import io.jobkit.handlers.JobHandlers;
import io.jobkit.handlers.worker.Worker;
import io.jobkit.handlers.worker.WorkerOptions;
import io.jobkit.local.LocalCloud;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The admin API over real HTTP (java.net.http) against a local cloud in this JVM: the admin server (the JDK's HTTP
 * server) runs beside DynamoDB Local's Jetty, ElasticMQ and the local scheduler. Every route × role comes from the
 * served OpenAPI document, which the server generates from its route table.
 */
class AdminApiIT {
    private static final AdminTokens.Issued VIEWER = AdminTokens.issue(Role.VIEWER, "vera");
    private static final AdminTokens.Issued OPERATOR = AdminTokens.issue(Role.OPERATOR, "otto");
    private static final AdminTokens.Issued ADMIN = AdminTokens.issue(Role.ADMIN, "ada");
    private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();

    private static LocalCloud cloud;
    private static JobClient client;
    private static DynamoDbClient dynamo;
    private static SqsClient sqs;
    private static AdminServer server;
    private static AdminHttp http;

    @BeforeAll
    static void start() {
        LOGS.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(LOGS);
        cloud = LocalCloud.builder().sqsPort(0).dynamoDbPort(0).schedulerPort(0).start();
        client = JobClient.fromEnvironment(cloud.clientEnvironment());
        dynamo = cloud.dynamoDbClient();
        sqs = cloud.sqsClient();
        server = AdminServer.builder().jobClient(client).dynamoDbClient(dynamo).port(0)
                .environment(Map.of(AdminTokens.VARIABLE, VIEWER.entry() + "," + OPERATOR.entry() + "," + ADMIN.entry()))
                .start();
        http = new AdminHttp(server.url());
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
        if (client != null) client.close();
        if (dynamo != null) dynamo.close();
        if (sqs != null) sqs.close();
        if (cloud != null) cloud.close();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(LOGS);
    }

    @Test
    void roleMatrix_everyRouteOfTheTable_answers401WithoutAToken_403BelowItsRole_andServesFromItsRoleUp() {
        JsonNode paths = http.get("/api/admin/openapi.json", VIEWER.token()).json().get("paths");
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("none", null);
        tokens.put("viewer", VIEWER.token());
        tokens.put("operator", OPERATOR.token());
        tokens.put("admin", ADMIN.token());
        int checked = 0;
        int operations = 0;
        for (Iterator<String> it = paths.fieldNames(); it.hasNext(); ) {
            String template = it.next();
            String path = template.replace("{id}", "matrix-no-such-job").replace("{queue}", "low")
                    .replace("{name}", "matrix-no-such-schedule");
            for (Iterator<String> ms = paths.get(template).fieldNames(); ms.hasNext(); ) {
                String method = ms.next().toUpperCase();
                JsonNode least = paths.get(template).get(method.toLowerCase()).get("x-jobkit-role");
                operations++;
                for (Map.Entry<String, String> who : tokens.entrySet()) {
                    String body = method.equals("GET") || method.equals("DELETE") ? null : "{}";
                    AdminHttp.Reply r = http.call(method, path, who.getValue(), body);
                    String what = method + " " + path + " as " + who.getKey();
                    assertThat(r.status()).as(what).isLessThan(500);
                    if (least == null) {
                        // public routes: health, and the session and sign-in routes, which answer for themselves
                        // (401 NOT_SIGNED_IN / TOKEN_INVALID, 404 OIDC_NOT_CONFIGURED here) but never refuse by role
                        assertThat(r.status()).as(what).isNotIn(403, 405);
                        if (template.equals("/healthz")) assertThat(r.status()).as(what).isEqualTo(200);
                        if (r.json() != null && r.json().has("code")) {
                            assertThat(r.json().get("code").asText()).as(what).isNotIn("ROUTE_NOT_FOUND", "UNAUTHENTICATED");
                        }
                    } else if (who.getValue() == null) {
                        assertThat(r.status()).as(what).isEqualTo(401);
                        assertThat(r.json().get("code").asText()).isEqualTo("UNAUTHENTICATED");
                    } else if (Role.parse(who.getKey()).orElseThrow().includes(Role.parse(least.asText()).orElseThrow())) {
                        assertThat(r.status()).as(what).isNotIn(401, 403, 405);
                        if (r.status() == 404) assertThat(r.json().get("code").asText()).as(what).isNotEqualTo("ROUTE_NOT_FOUND");
                    } else {
                        assertThat(r.status()).as(what).isEqualTo(403);
                        assertThat(r.json().get("error").asText()).as(what).contains("needs the " + least.asText() + " role");
                        assertThat(r.json().get("code").asText()).isEqualTo("FORBIDDEN");
                    }
                    checked++;
                }
            }
        }
        assertThat(operations).as("routes in the table").isGreaterThanOrEqualTo(32);
        assertThat(checked).as("4 callers per route").isEqualTo(4 * operations);
    }

    @Test
    void enqueue_get_list_cancel_actOnTheJobStore_andTheApiServesTheCliJobView() throws Exception {
        AdminHttp.Reply created = http.post("/api/admin/jobs", ADMIN.token(),
                "{\"type\":\"report.build\",\"payload\":{\"month\":\"2026-11\"},\"options\":{\"queue\":\"low\",\"tags\":{\"tenant\":\"acme\"}}}");
        assertThat(created.status()).isEqualTo(201);
        String id = created.json().get("id").asText();
        Job job = client.get(id).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(job.queue()).isEqualTo("low");

        JsonNode apiJob = http.get("/api/admin/jobs/" + id, VIEWER.token()).json();
        JsonNode cliJob = AdminHttp.JSON.readTree(AdminHttp.JSON.writeValueAsString(JobView.of(client.get(id).orElseThrow())));
        assertThat(apiJob).as("the same JobView the CLI's --json prints").isEqualTo(cliJob);

        JsonNode listed = http.get("/api/admin/jobs?status=queued&queue=low&tag=tenant:acme&limit=1000", VIEWER.token()).json();
        assertThat(listed.get("jobs").findValuesAsText("id")).contains(id);
        assertThat(http.get("/api/admin/jobs?tag=tenant:other&limit=1000", VIEWER.token()).json().get("jobs").findValuesAsText("id"))
                .doesNotContain(id);
        assertThat(http.get("/api/admin/jobs/" + id + "/logs", VIEWER.token()).json().get("status").asText()).isEqualTo("QUEUED");

        AdminHttp.Reply cancelled = http.call("DELETE", "/api/admin/jobs/" + id, OPERATOR.token(), null);
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().get("outcome").asText()).isEqualTo("CANCELLED");
        assertThat(client.get(id).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(http.call("DELETE", "/api/admin/jobs/" + id, OPERATOR.token(), null).status())
                .as("cancelling a finished job").isEqualTo(409);
        assertAudited("POST /api/admin/jobs", "/api/admin/jobs", "ada");
        assertAudited("DELETE /api/admin/jobs/{id}", "/api/admin/jobs/" + id, "otto");
    }

    @Test
    void batchAndChainRoutes_showStatusAndMembers_cancelAsOperator_andSay404ForUnknownIds() {
        String batch = client.batch(List.of(io.jobkit.client.EnqueueRequest.of("report.build", Map.of("n", 1), io.jobkit.client.JobOptions.of(o -> o.queue("low"))),
                io.jobkit.client.EnqueueRequest.of("report.build", Map.of("n", 2), io.jobkit.client.JobOptions.of(o -> o.queue("low")))),
                o -> o.onComplete("report.done", Map.of()));
        JsonNode status = http.get("/api/admin/batches/" + batch, VIEWER.token()).json();
        assertThat(status.get("total").asInt()).isEqualTo(2);
        assertThat(status.get("pending").asInt()).isEqualTo(2);
        JsonNode members = http.get("/api/admin/batches/" + batch + "/members?limit=1", VIEWER.token()).json();
        assertThat(members.get("members")).hasSize(1);
        assertThat(members.get("nextCursor").isNull()).isFalse();
        String member = members.get("members").get(0).get("id").asText();
        assertThat(http.get("/api/admin/jobs/" + member + "/workflow", VIEWER.token()).json().get("batchId").asText()).isEqualTo(batch);

        assertThat(http.call("DELETE", "/api/admin/batches/" + batch, VIEWER.token(), null).status()).isEqualTo(403);
        AdminHttp.Reply cancelled = http.call("DELETE", "/api/admin/batches/" + batch, OPERATOR.token(), null);
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().get("cancelled").asInt()).isEqualTo(2);
        assertThat(http.get("/api/admin/batches/" + batch, VIEWER.token()).json().get("outcome").asText()).isEqualTo("CANCELLED");
        AdminHttp.Reply again = http.call("DELETE", "/api/admin/batches/" + batch, OPERATOR.token(), null);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("code").asText()).isEqualTo("BATCH_FINISHED");

        String chain = client.chain(io.jobkit.client.workflow.Flow.job("report.build", Map.of(), o -> o.queue("low")),
                io.jobkit.client.workflow.Flow.job("report.build", Map.of(), o -> o.queue("low")));
        JsonNode chainStatus = http.get("/api/admin/chains/" + chain, VIEWER.token()).json();
        assertThat(chainStatus.get("status").asText()).isEqualTo("RUNNING");
        assertThat(chainStatus.get("steps")).hasSize(2);
        assertThat(http.call("DELETE", "/api/admin/chains/" + chain, OPERATOR.token(), null).json().get("outcome").asText())
                .isEqualTo("CANCELLED");
        assertThat(http.get("/api/admin/chains/" + chain, VIEWER.token()).json().get("steps").get(1).get("status").asText())
                .isEqualTo("CANCELLED");

        AdminHttp.Reply missing = http.get("/api/admin/batches/batch-nope", VIEWER.token());
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("code").asText()).isEqualTo("BATCH_NOT_FOUND");
        assertThat(http.get("/api/admin/chains/chain-nope", VIEWER.token()).json().get("code").asText()).isEqualTo("CHAIN_NOT_FOUND");
    }

    @Test
    void retry_andBulkRetry_runFailedJobsAgain_withAResultPerJob() {
        JobHandlers handlers = JobHandlers.builder()
                .handler("flaky.always", JsonNode.class, (p, ctx) -> { throw new FailJobException("broken on purpose"); })
                .build();
        List<String> ids = new ArrayList<>();
        try (Worker ignored = Worker.create(client, handlers, WorkerOptions.builder().queues(List.of("high"))
                .pollWait(Duration.ofSeconds(1)).shutdownTimeout(Duration.ofSeconds(3)).build()).start()) {
            for (int i = 0; i < 3; i++) ids.add(client.enqueue("flaky.always", Map.of("n", i), o -> o.queue("high").tag("batch", "r1")));
            await().atMost(Duration.ofSeconds(30)).until(() -> ids.stream()
                    .allMatch(id -> client.get(id).map(Job::status).orElse(null) == JobStatus.FAILED));
        }
        AdminHttp.Reply one = http.post("/api/admin/jobs/" + ids.get(0) + "/retry", OPERATOR.token(), null);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().get("outcome").asText()).isEqualTo("RETRIED");
        assertThat(client.get(ids.get(0)).orElseThrow().cycle()).isEqualTo(2);
        assertThat(http.post("/api/admin/jobs/" + ids.get(0) + "/retry", OPERATOR.token(), null).status())
                .as("no longer FAILED").isEqualTo(409);

        AdminHttp.Reply bulk = http.post("/api/admin/jobs/bulk", OPERATOR.token(),
                "{\"action\":\"retry\",\"filter\":{\"status\":\"failed\",\"tag\":\"batch:r1\"},\"limit\":1000}");
        assertThat(bulk.status()).isEqualTo(200);
        assertThat(bulk.json().get("results").findValuesAsText("id")).containsExactlyInAnyOrder(ids.get(1), ids.get(2));
        assertThat(bulk.json().get("results").findValuesAsText("outcome")).containsOnly("RETRIED");
        assertThat(client.get(ids.get(2)).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);
        assertAudited("POST /api/admin/jobs/bulk", "/api/admin/jobs/bulk", "otto");
        assertThat(http.post("/api/admin/jobs/bulk", OPERATOR.token(), "{\"action\":\"retry\",\"limit\":1001}").status())
                .isEqualTo(422);
    }

    @Test
    void pause_keepsALiveWorkerFromReceiving_untilResume() {
        AtomicRan ran = new AtomicRan();
        JobHandlers handlers = JobHandlers.builder().handler("pause.probe", JsonNode.class, (p, ctx) -> ran.hit()).build();
        AdminHttp.Reply paused = http.post("/api/admin/queues/critical/pause", OPERATOR.token(), null);
        assertThat(paused.status()).isEqualTo(200);
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(client.topology().tableName())
                .key(Map.of("pk", AttributeValue.fromS("QUEUE#critical"), "sk", AttributeValue.fromS("CONTROL")))).item();
        assertThat(item.get("paused").bool()).isTrue();
        assertThat(item.get("changedBy").s()).isEqualTo("otto");
        JsonNode queues = http.get("/api/admin/queues", VIEWER.token()).json().get("queues");
        assertThat(queues.findValues("queue").stream().map(JsonNode::asText)).contains("critical");
        for (JsonNode q : queues) {
            if (q.get("queue").asText().equals("critical")) assertThat(q.get("paused").asBoolean()).isTrue();
        }
        try (Worker ignored = Worker.create(client, handlers, WorkerOptions.builder().queues(List.of("critical"))
                .pollWait(Duration.ofSeconds(1)).shutdownTimeout(Duration.ofSeconds(3)).build()).start()) {
            String id = client.enqueue("pause.probe", Map.of(), o -> o.queue("critical"));
            // the worker polls every second while paused; 4 s is several looks at the control item
            await().pollDelay(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(5)).until(() -> true);
            assertThat(client.get(id).orElseThrow().status()).as("not received while paused").isEqualTo(JobStatus.QUEUED);
            assertThat(ran.count()).isZero();

            assertThat(http.post("/api/admin/queues/critical/resume", OPERATOR.token(), null).status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(20)).until(() -> client.get(id).map(Job::status).orElse(null) == JobStatus.SUCCEEDED);
        }
        assertAudited("POST /api/admin/queues/{queue}/pause", "/api/admin/queues/critical/pause", "otto");
        assertAudited("POST /api/admin/queues/{queue}/resume", "/api/admin/queues/critical/resume", "otto");
        assertThat(http.post("/api/admin/queues/nope/pause", OPERATOR.token(), null).json().get("code").asText())
                .isEqualTo("QUEUE_NOT_FOUND");
    }

    @Test
    void dlq_peekRedrivePurge_moveMessagesInSqs() {
        String dlqUrl = sqs.getQueueUrl(r -> r.queueName(client.topology().prefix() + "-normal-dlq")).queueUrl();
        String url = sqs.getQueueUrl(r -> r.queueName(client.topology().prefix() + "-normal")).queueUrl();
        sqs.purgeQueue(r -> r.queueUrl(url));
        for (int i = 0; i < 2; i++) {
            int n = i;
            sqs.sendMessage(r -> r.queueUrl(dlqUrl).messageBody("{\"dead\":" + n + "}"));
        }
        JsonNode peek = http.get("/api/admin/queues/normal/dlq?limit=10", VIEWER.token()).json();
        assertThat(peek.get("messages")).hasSize(2);
        AdminHttp.Reply redriven = http.post("/api/admin/queues/normal/dlq/redrive", OPERATOR.token(), null);
        assertThat(redriven.status()).isEqualTo(200);
        assertThat(redriven.json().get("moved").asLong()).isEqualTo(2);
        assertThat(depth(url)).isEqualTo(2);
        sqs.purgeQueue(r -> r.queueUrl(url));

        sqs.sendMessage(r -> r.queueUrl(dlqUrl).messageBody("{\"dead\":9}"));
        AdminHttp.Reply purged = http.call("DELETE", "/api/admin/queues/normal/dlq", ADMIN.token(), null);
        assertThat(purged.status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> depth(dlqUrl) == 0);
        assertAudited("POST /api/admin/queues/{queue}/dlq/redrive", "/api/admin/queues/normal/dlq/redrive", "otto");
        assertAudited("DELETE /api/admin/queues/{queue}/dlq", "/api/admin/queues/normal/dlq", "ada");
    }

    @Test
    void schedules_putGetPauseTriggerDelete_changeEventBridgeSchedules() {
        AdminHttp.Reply put = http.call("PUT", "/api/admin/schedules/nightly-report", ADMIN.token(),
                "{\"type\":\"report.nightly\",\"expression\":\"0 3 * * *\",\"timeZone\":\"Europe/Berlin\",\"payload\":{\"x\":1}}");
        assertThat(put.status()).as(put.text()).isEqualTo(201);
        assertThat(client.schedules().get("nightly-report")).isPresent();
        assertThat(http.get("/api/admin/schedules/nightly-report", VIEWER.token()).json().get("timeZone").asText())
                .isEqualTo("Europe/Berlin");
        assertThat(http.post("/api/admin/schedules/nightly-report/pause", OPERATOR.token(), null).status()).isEqualTo(200);
        assertThat(client.schedules().get("nightly-report").orElseThrow().enabled()).isFalse();

        AdminHttp.Reply trigger = http.post("/api/admin/schedules/nightly-report/trigger", OPERATOR.token(), null);
        assertThat(trigger.status()).isEqualTo(201);
        Job fired = client.get(trigger.json().get("id").asText()).orElseThrow();
        assertThat(fired.type()).isEqualTo("report.nightly");
        assertThat(fired.tags()).containsEntry(RecurringSchedule.SCHEDULE_TAG, "nightly-report")
                .containsKey(RecurringSchedule.SCHEDULED_TIME_TAG);

        assertThat(http.call("DELETE", "/api/admin/schedules/nightly-report", ADMIN.token(), null).status()).isEqualTo(200);
        assertThat(client.schedules().get("nightly-report")).isEmpty();
        assertThat(http.call("PUT", "/api/admin/schedules/bad", ADMIN.token(), "{\"type\":\"x\",\"expression\":\"every banana\"}")
                .status()).isEqualTo(422);
        assertAudited("PUT /api/admin/schedules/{name}", "/api/admin/schedules/nightly-report", "ada");
        assertAudited("POST /api/admin/schedules/{name}/trigger", "/api/admin/schedules/nightly-report/trigger", "otto");
    }

    @Test
    void workersCleanup_dropsStaleHeartbeats_andKeepsLiveOnes() {
        WorkerRegistry registry = new WorkerRegistry(dynamo, client.topology().tableName(), java.time.Clock.systemUTC());
        Instant now = Instant.now();
        registry.beat(new WorkerInfo("w-dead", "worker", "h", 1, List.of("normal"), 4, 0, 0, 0, 0,
                now.minusSeconds(600), now.minusSeconds(300)), Duration.ofDays(1));
        registry.beat(new WorkerInfo("w-live", "worker", "h", 2, List.of("normal"), 4, 0, 0, 0, 0,
                now.minusSeconds(60), now), Duration.ofDays(1));
        AdminHttp.Reply r = http.post("/api/admin/workers/cleanup", OPERATOR.token(), null);
        assertThat(r.json().get("removed").toString()).contains("w-dead").doesNotContain("w-live");
        assertThat(http.get("/api/admin/workers", VIEWER.token()).json().toString()).contains("w-live");
        registry.remove("w-live");
    }

    @Test
    void stats_carryTheJobMetricsOfTheWindow_asJobkitMetricsPrintsThem() {
        JsonNode stats = http.get("/api/admin/stats?window=15m", VIEWER.token()).json();
        assertThat(stats.get("metrics").get("windowMinutes").asLong()).isEqualTo(15);
        assertThat(stats.get("metrics").get("counts").has("waiting")).isTrue();
        assertThat(stats.get("metrics").get("throughput").size()).as("one point per minute of the window").isBetween(15, 16);
        assertThat(stats.get("metrics").get("queues").findValuesAsText("queue")).contains("normal", "low");
        assertThat(http.get("/api/jobs/metrics/overview", VIEWER.token()).json().get("metrics").get("windowMinutes").asLong())
                .as("the alias defaults to one hour").isEqualTo(60);
        assertError(http.get("/api/admin/stats?window=banana", VIEWER.token()), 400, "INVALID_PARAMETER");
        assertError(http.get("/api/admin/stats?window=3d", VIEWER.token()), 400, "INVALID_PARAMETER");
    }

    @Test
    void badInput_getsTheJsonErrorShape_andChangesNothing() {
        long before = http.get("/api/admin/jobs?limit=1000", VIEWER.token()).json().get("jobs").size();
        assertError(http.post("/api/admin/jobs", ADMIN.token(), "{not json"), 400, "MALFORMED_JSON");
        assertError(http.post("/api/admin/jobs", ADMIN.token(), "[1]"), 400, "MALFORMED_JSON");
        assertError(http.post("/api/admin/jobs", ADMIN.token(), "{\"type\":5}"), 422, "INVALID_FIELD");
        assertError(http.post("/api/admin/jobs", ADMIN.token(), "{\"type\":\"a\",\"colour\":1}"), 422, "UNKNOWN_FIELD");
        assertError(http.post("/api/admin/jobs", ADMIN.token(), "{\"type\":\"a\",\"options\":{\"maxAttempts\":\"x\"}}"), 422, "INVALID_FIELD");
        assertError(http.post("/api/admin/jobs", ADMIN.token(), "{\"type\":\"a\",\"options\":{\"delay\":\"banana\"}}"), 422, "INVALID_INPUT");
        assertError(http.post("/api/admin/jobs", ADMIN.token(), "{\"type\":\"a\",\"payload\":\"" + "x".repeat(600 * 1024) + "\"}"),
                413, "BODY_TOO_LARGE");
        assertError(http.get("/api/admin/jobs/no-such-job", VIEWER.token()), 404, "JOB_NOT_FOUND");
        assertError(http.get("/api/admin/schedules/no-such", VIEWER.token()), 404, "SCHEDULE_NOT_FOUND");
        assertError(http.get("/api/admin/queues/no-such/dlq", VIEWER.token()), 404, "QUEUE_NOT_FOUND");
        assertError(http.call("PATCH", "/api/admin/jobs", ADMIN.token(), "{}"), 405, "METHOD_NOT_ALLOWED");
        assertError(http.get("/api/admin/nothing-here", VIEWER.token()), 404, "ROUTE_NOT_FOUND");
        assertError(http.get("/api/admin/jobs?cursor=forged", VIEWER.token()), 422, "INVALID_INPUT");
        assertError(http.get("/api/admin/jobs?limit=0", VIEWER.token()), 400, "INVALID_PARAMETER");
        assertError(http.get("/api/admin/jobs?stauts=failed", VIEWER.token()), 400, "UNKNOWN_PARAMETER");
        assertError(http.get("/api/admin/jobs?status=lost", VIEWER.token()), 400, "INVALID_PARAMETER");
        assertError(http.get("/api/admin/jobs?tag=novalue", VIEWER.token()), 400, "INVALID_PARAMETER");
        assertError(http.get("/api/admin/jobs", "jk_not-a-real-token"), 401, "UNAUTHENTICATED");
        assertError(http.get("/api/admin/audit?since=yesterday", ADMIN.token()), 400, "INVALID_PARAMETER");
        assertThat(http.get("/api/admin/jobs?limit=1000", VIEWER.token()).json().get("jobs").size()).isEqualTo(before);
    }

    @Test
    void healthzAndPages_needNoToken_andNoTokenEverReachesTheLogs() {
        assertThat(http.get("/healthz", null).json().get("status").asText()).isEqualTo("ok");
        AdminHttp.Reply page = http.get("/", null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).contains("bearer token");
        assertThat(http.get("/dashboard/jobs", null).status()).as("seed 000's address redirects to /").isEqualTo(302);
        http.post("/api/admin/jobs", VIEWER.token(), "{\"type\":\"a\"}");
        http.post("/api/admin/queues/low/pause", ADMIN.token(), null);
        http.post("/api/admin/queues/low/resume", ADMIN.token(), null);
        assertThat(LOGS.list).isNotEmpty();
        for (ILoggingEvent e : new ArrayList<>(LOGS.list)) {
            for (AdminTokens.Issued t : List.of(VIEWER, OPERATOR, ADMIN)) {
                assertThat(e.getFormattedMessage()).doesNotContain(t.token());
            }
        }
        assertThat(new ArrayList<>(LOGS.list).stream().filter(e -> e.getLoggerName().equals("jobkit.audit")).map(ILoggingEvent::getFormattedMessage))
                .anyMatch(m -> m.contains("\"principal\":\"ada\"") && m.contains("/api/admin/queues/low/pause"));
    }

    private static void assertError(AdminHttp.Reply r, int status, String code) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.json().get("code").asText()).as(r.text()).isEqualTo(code);
        assertThat(r.json().get("error").asText()).isNotBlank();
    }

    private static void assertAudited(String action, String target, String principal) {
        JsonNode entries = http.get("/api/admin/audit?since=1h", ADMIN.token()).json().get("entries");
        assertThat(entries).as("audit entries").anySatisfy(e -> {
            assertThat(e.get("action").asText()).isEqualTo(action);
            assertThat(e.get("target").asText()).isEqualTo(target);
            assertThat(e.get("principal").asText()).isEqualTo(principal);
        });
    }

    private static long depth(String url) {
        Map<QueueAttributeName, String> a = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Long.parseLong(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Long.parseLong(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    /** Counts handler runs. */
    static final class AtomicRan {
        private final java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();

        Map<String, Boolean> hit() {
            n.incrementAndGet();
            return Map.of("ran", true);
        }

        int count() {
            return n.get();
        }
    }
}
