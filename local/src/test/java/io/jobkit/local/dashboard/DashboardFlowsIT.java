package io.jobkit.local.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobkit.admin.AdminServer;
import io.jobkit.admin.AdminTokens;
import io.jobkit.admin.Role;
import io.jobkit.client.EnqueueRequest;
import io.jobkit.client.Job;
import io.jobkit.client.JobClient;
import io.jobkit.client.JobOptions;
import io.jobkit.client.JobStatus;
import io.jobkit.client.workflow.BatchStatus;
import io.jobkit.client.workflow.ChainStatus;
import io.jobkit.client.workflow.Flow;
import io.jobkit.client.workflow.MemberResult;
import io.jobkit.handlers.FailJobException;
import io.jobkit.handlers.JobHandlers;
import io.jobkit.handlers.worker.Worker;
import io.jobkit.handlers.worker.WorkerOptions;
import io.jobkit.local.LocalCloud;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The batch and chain pages and the job page's Workflow block, in a real browser against the local cloud with a real
 * worker and the admin server in loopback mode. Batches and chains are started through the JobClient; the page is
 * compared with what the client reads from the job store.
 */
class DashboardFlowsIT {
    private static ConsoleUnderTest console;
    private static LocalCloud cloud;
    private static JobClient client;
    private static DynamoDbClient dynamo;
    private static AdminServer server;
    private static Worker worker;
    private static Browser browser;
    private static JobHandlers handlers;

    @BeforeAll
    static void start() {
        console = ConsoleUnderTest.start();
        cloud = console.cloud;
        client = console.client;
        dynamo = console.dynamo;
        server = console.serve(b -> b.environment(Map.of()));
        handlers = JobHandlers.builder()
                .handler("flow.ok", JsonNode.class, (p, ctx) -> Map.of("n", p.path("n").asInt()))
                .handler("flow.done", JsonNode.class, (p, ctx) -> Map.of("summary", ctx.batchCallback().orElseThrow().summary()))
                .handler("flow.broken", JsonNode.class, (p, ctx) -> {
                    throw new FailJobException("card declined");
                })
                .build();
        worker = console.work(handlers);
        browser = console.open(server);
    }

    @AfterAll
    static void stop() throws Exception {
        if (console != null) console.close();
    }

    @Test
    void batchPage_countsReachFiveSucceeded_theCallbackIsLinked_andAMemberLinksBack() {
        List<EnqueueRequest> members = IntStream.range(0, 5)
                .mapToObj(i -> EnqueueRequest.of("flow.ok", Map.of("n", i), JobOptions.builder().queue("normal").build())).toList();
        String batch = client.batch(members, o -> o.onComplete("flow.done", Map.of()));

        browser.go("#/batches/" + batch);
        browser.waitText("#batch-id", batch);
        browser.waitExact("#batch-total", "5");
        browser.waitExact("#batch-succeeded", "5");
        browser.waitText("#batch-outcome", "SUCCEEDED");
        assertThat(browser.text("#batch-pending")).isEqualTo("0");
        assertThat(browser.text("#batch-failed")).isEqualTo("0");
        assertThat(browser.find("#batch-bar").getAttribute("value")).isEqualTo("5");
        assertThat(browser.text("#batch-progress-text")).contains("5 of 5 finished");
        BatchStatus s = client.batchStatus(batch).orElseThrow();
        String callback = s.callbackJobs().get("onComplete");
        assertThat(callback).isNotNull();
        WebElement link = browser.find("#batch-callbacks [data-callback=onComplete] a");
        assertThat(link.getText()).isEqualTo(callback);
        assertThat(link.getAttribute("href")).endsWith("#/jobs/" + callback);

        List<String> memberIds = client.batchMembers(batch, null, 100).members().stream().map(MemberResult::id).toList();
        browser.until(d -> rows("#members-table").size() == 5 ? true : null);
        assertThat(rows("#members-table").stream().map(r -> r.getAttribute("data-id")).toList())
                .containsExactlyInAnyOrderElementsOf(memberIds);
        browser.waitText("#members-table tbody tr", "flow.ok");
        assertThat(browser.text("#members-table")).contains("SUCCEEDED");
        assertThat(browser.present("#cancel-batch")).as("no cancel once complete").isFalse();
        DashboardIT.copyToDocs(browser.screenshot("batch"), "dashboard-batch.png");

        browser.find("#members-table tbody tr[data-id] a").click();
        browser.waitText(".jobhead", "SUCCEEDED");
        WebElement back = browser.find("#workflow a[data-kind=batch]");
        assertThat(back.getText()).isEqualTo(batch);
        assertThat(browser.text("#workflow")).contains("Member of batch");
        back.click();
        browser.waitText("#batch-id", batch);

        // the callback's own page says whose callback it is
        browser.find("#batch-callbacks a").click();
        browser.waitText(".jobhead", "flow.done");
        browser.waitText("#workflow", "Callback of batch");
        assertThat(browser.find("#workflow a[data-kind=batch]").getText()).isEqualTo(batch);
    }

    @Test
    void membersTable_pagesWithTheApisCursor() {
        List<EnqueueRequest> members = IntStream.range(0, 60)
                .mapToObj(i -> EnqueueRequest.of("flow.ok", Map.of("n", i), JobOptions.builder().queue("low").build())).toList();
        String batch = client.batch(members, o -> { });
        browser.go("#/batches/" + batch);
        browser.waitExact("#batch-total", "60");
        browser.until(d -> rows("#members-table").size() == 50 ? true : null);
        List<String> first = rows("#members-table").stream().map(r -> r.getAttribute("data-id")).toList();
        browser.find("#next-members").click();
        browser.until(d -> d.getCurrentUrl().contains("cursor=") && rows("#members-table").size() == 10 ? true : null);
        List<String> second = rows("#members-table").stream().map(r -> r.getAttribute("data-id")).toList();
        assertThat(second).doesNotContainAnyElementsOf(first);
        List<String> all = new java.util.ArrayList<>(first);
        all.addAll(second);
        assertThat(all).containsExactlyInAnyOrderElementsOf(
                client.batchMembers(batch, null, 1000).members().stream().map(MemberResult::id).toList());
        assertThat(browser.present("#next-members")).isFalse();
        browser.find("#first-members").click();
        browser.until(d -> rows("#members-table").size() == 50 ? true : null);
    }

    @Test
    void chainPages_showThreeSucceededSteps_andAFailedStepWithLaterStepsCancelled() {
        String chain = client.chain(Flow.job("flow.ok", Map.of("n", 1)), Flow.job("flow.ok", Map.of("n", 2)),
                Flow.job("flow.ok", Map.of("n", 3)));
        browser.go("#/chains/" + chain);
        browser.waitText("#chain-id", chain);
        browser.waitText(".jobhead", "SUCCEEDED");
        browser.until(d -> rows("#steps-table").stream().filter(r -> "SUCCEEDED".equals(r.getAttribute("data-status"))).count() == 3 ? true : null);
        ChainStatus c = client.chainStatus(chain).orElseThrow();
        List<WebElement> links = browser.driver.findElements(By.cssSelector("#steps-table tbody a[data-kind=job]"));
        assertThat(links.stream().map(WebElement::getText).toList())
                .containsExactlyElementsOf(c.steps().stream().map(ChainStatus.Step::id).toList());
        assertThat(browser.present("#cancel-chain")).isFalse();
        browser.screenshot("chain");

        // a step's job page links back to its chain
        links.get(1).click();
        browser.waitText("#workflow", "Step of chain");
        assertThat(browser.text("#workflow")).contains("(step 2)");
        assertThat(browser.find("#workflow a[data-kind=chain]").getText()).isEqualTo(chain);

        String failing = client.chain(Flow.job("flow.ok", Map.of("n", 1)), Flow.job("flow.broken", Map.of()),
                Flow.job("flow.ok", Map.of("n", 3)));
        browser.go("#/chains/" + failing);
        browser.waitText(".jobhead", "FAILED");
        WebElement failedRow = browser.find("#steps-table tr.failed-step");
        assertThat(failedRow.getAttribute("data-index")).isEqualTo("1");
        assertThat(failedRow.getText()).contains("flow.broken").contains("FAILED");
        WebElement third = browser.find("#steps-table tr[data-index='2']");
        assertThat(third.getAttribute("data-status")).isEqualTo("CANCELLED");
        assertThat(third.getText()).contains("step 2 of 3").contains("card declined");
        assertThat(browser.text("#chain-reason-text")).contains("card declined");
        assertThat(client.chainStatus(failing).orElseThrow().failedStep()).isEqualTo(1);
        browser.screenshot("chain-failed");
    }

    @Test
    void waitingBatch_cancelledFromItsPage_endsWithEveryMemberCancelled() {
        // pause a queue before any worker polls it, so the batch's members stay waiting in SQS
        browser.go("#/queues");
        browser.find("#pause-critical").click();
        browser.find("#resume-critical");
        try (Worker critical = Worker.create(client, handlers, WorkerOptions.builder().queues(List.of("critical"))
                .pollWait(Duration.ofSeconds(1)).shutdownTimeout(Duration.ofSeconds(3)).build()).start()) {
            List<EnqueueRequest> members = IntStream.range(0, 4)
                    .mapToObj(i -> EnqueueRequest.of("flow.ok", Map.of("n", i), JobOptions.builder().queue("critical").build())).toList();
            String batch = client.batch(members, o -> o.onComplete("flow.done", Map.of()));
            browser.go("#/batches/" + batch);
            browser.waitExact("#batch-pending", "4");
            browser.find("#cancel-batch").click();
            assertThat(browser.text("dialog.confirm")).contains("4 unfinished members");
            browser.find("#confirm-yes").click();
            browser.waitText("#flash", "Cancelled 4 waiting member(s)");
            browser.waitExact("#batch-cancelled", "4");
            browser.waitText("#batch-outcome", "CANCELLED");
            browser.until(d -> rows("#members-table").stream().allMatch(r -> "CANCELLED".equals(r.getAttribute("data-state"))) ? true : null);
            List<String> ids = client.batchMembers(batch, null, 100).members().stream().map(MemberResult::id).toList();
            assertThat(ids).hasSize(4).allMatch(id -> client.get(id).map(Job::status).orElseThrow() == JobStatus.CANCELLED);
            assertThat(browser.present("#cancel-batch")).isFalse();
            // onComplete still fires once every member is terminal; it runs on normal, which is not paused
            String callback = client.batchStatus(batch).orElseThrow().callbackJobs().get("onComplete");
            browser.waitText("#batch-callbacks", callback);
            browser.screenshot("batch-cancelled");
        } finally {
            browser.go("#/queues");
            browser.find("#resume-critical").click();
            browser.find("#pause-critical");
        }
    }

    @Test
    void cancelButtons_areOfferedToOperators_andHiddenFromViewers() {
        AdminTokens.Issued viewer = AdminTokens.issue(Role.VIEWER, "vera");
        AdminTokens.Issued operator = AdminTokens.issue(Role.OPERATOR, "otto");
        // nothing polls "critical" here (the cancel scenario pauses it before its worker starts), so both stay waiting
        String batch = client.batch(List.of(EnqueueRequest.of("flow.ok", Map.of("n", 1), JobOptions.builder().queue("critical").build())), o -> { });
        String chain = client.chain(Flow.job("flow.ok", Map.of("n", 1), o -> o.queue("critical")), Flow.job("flow.ok", Map.of("n", 2)));
        try (AdminServer secured = AdminServer.builder().jobClient(client).dynamoDbClient(dynamo).port(0)
                .environment(Map.of(AdminTokens.VARIABLE, viewer.entry() + "," + operator.entry())).start()) {
            for (AdminTokens.Issued who : List.of(viewer, operator)) {
                try (Browser b = Browser.open(secured.url())) {
                    b.go("#/batches/" + batch);
                    b.find("#token").sendKeys(who.token());
                    b.find("#sign-in").click();
                    b.waitText("#role", who == viewer ? "viewer" : "operator");
                    b.waitExact("#batch-pending", "1");
                    assertThat(b.present("#cancel-batch")).as(who.entry()).isEqualTo(who == operator);
                    b.hash("#/chains/" + chain);
                    b.waitText(".jobhead", "RUNNING");
                    assertThat(b.present("#cancel-chain")).isEqualTo(who == operator);
                }
            }
        } finally {
            client.cancelBatch(batch);
            client.cancelChain(chain);
        }
    }

    @Test
    void aBatchWhoseCreatorStopped_showsItWasSealedByTheReconciler_andHowManyMembersWereNeverEnqueued() throws Exception {
        // a creator whose DynamoDB calls freeze on its beat before page 2: page 1 (500 members) is out, page 2 never is;
        // the reconciler then runs as it would 20 minutes later
        java.util.concurrent.CountDownLatch frozen = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch thaw = new java.util.concurrent.CountDownLatch(1);
        software.amazon.awssdk.core.interceptor.ExecutionInterceptor freezeOnSecondBeat =
                new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(software.amazon.awssdk.core.interceptor.Context.BeforeExecution context,
                                                software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
                        if (context.request() instanceof software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest u
                                && u.updateExpression().contains("pageInFlight")) {
                            frozen.countDown();
                            try {
                                thaw.await();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                    }
                };
        Map<String, String> env = cloud.clientEnvironment();
        try (DynamoDbClient frozenDynamo = DynamoDbClient.builder()
                .endpointOverride(java.net.URI.create(env.get("AWS_ENDPOINT_URL_DYNAMODB")))
                .region(software.amazon.awssdk.regions.Region.of(env.get("AWS_REGION")))
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(env.get("AWS_ACCESS_KEY_ID"),
                                env.get("AWS_SECRET_ACCESS_KEY"))))
                .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.addExecutionInterceptor(freezeOnSecondBeat)).build();
             JobClient creator = JobClient.builder().sqsClient(cloud.sqsClient()).dynamoDbClient(frozenDynamo)
                     .topology(client.topology()).build();
             JobClient later = JobClient.builder().sqsClient(cloud.sqsClient()).dynamoDbClient(cloud.dynamoDbClient())
                     .topology(client.topology())
                     .clock(java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofMinutes(20))).build()) {
            List<EnqueueRequest> members = IntStream.range(0, 600)
                    .mapToObj(i -> EnqueueRequest.of("flow.ok", Map.of("n", i), JobOptions.builder().queue("normal").build())).toList();
            java.util.concurrent.CompletableFuture<String> creating = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> creator.batch(members, o -> o.onComplete("flow.done", Map.of())));
            assertThat(frozen.await(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            var report = later.reconcile(o -> o.olderThan(Duration.ofMinutes(1)).limit(5000));
            String batch = report.repairs().stream()
                    .filter(r -> r.action() == io.jobkit.client.ReconcileReport.Action.BATCH_SEALED)
                    .findFirst().orElseThrow().jobId();

            browser.go("#/batches/" + batch);
            browser.waitText("#batch-id", batch);
            browser.waitText("#batch-outcome", "FAILED");
            browser.waitText("#batch-sealed", "by the reconciler: its creator stopped");
            assertThat(browser.text("#batch-not-enqueued")).startsWith("100 members");
            browser.waitExact("#batch-succeeded", "500");
            assertThat(browser.text("#batch-total")).isEqualTo("500");
            BatchStatus s = client.batchStatus(batch).orElseThrow();
            assertThat(s.notEnqueued()).isEqualTo(100);
            assertThat(s.outcome()).isEqualTo("FAILED");
            browser.screenshot("batch-abandoned");
            thaw.countDown();
            assertThat(creating.handle((id, e) -> e).get(60, java.util.concurrent.TimeUnit.SECONDS))
                    .hasMessageContaining("was given up by the reconciler");
        } finally {
            thaw.countDown();
        }
    }

    private static List<WebElement> rows(String table) {
        return browser.driver.findElements(By.cssSelector(table + " tbody tr[data-id], " + table + " tbody tr[data-index]"));
    }
}
