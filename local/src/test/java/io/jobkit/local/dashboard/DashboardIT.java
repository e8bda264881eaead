package io.jobkit.local.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobkit.admin.AdminServer;
import io.jobkit.client.Job;
import io.jobkit.client.JobClient;
import io.jobkit.client.JobStatus;
import io.jobkit.client.schedule.RecurringSchedule;
import io.jobkit.handlers.FailJobException;
import io.jobkit.handlers.JobHandlers;
import io.jobkit.handlers.worker.Worker;
import io.jobkit.handlers.worker.WorkerOptions;
import io.jobkit.local.LocalCloud;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard in a real browser (Debian chromium, headless) against the local cloud with a real worker and the
 * admin server in loopback mode. Every check reads what the page shows after it refreshed itself; the job store is
 * the source of truth the page is compared with. Methods run in order: the first one counts a known mix before the
 * later scenarios add jobs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardIT {
    private static final Set<String> FAILED_ONCE = ConcurrentHashMap.newKeySet();
    private static final CountDownLatch GATE = new CountDownLatch(1);

    private static ConsoleUnderTest console;
    private static LocalCloud cloud;
    private static JobClient client;
    private static DynamoDbClient dynamo;
    private static AdminServer server;
    private static Worker worker;
    private static Browser browser;
    private static final List<String> ok = new ArrayList<>();
    private static final List<String> failed = new ArrayList<>();
    private static final List<String> scheduled = new ArrayList<>();

    @BeforeAll
    static void start() {
        console = ConsoleUnderTest.start();
        cloud = console.cloud;
        client = console.client;
        dynamo = console.dynamo;
        server = console.serve(b -> b.environment(Map.of()));
        JobHandlers handlers = JobHandlers.builder()
                .handler("mix.ok", JsonNode.class, (p, ctx) -> Map.of("done", p.path("n").asInt()))
                .handler("mix.broken", JsonNode.class, (p, ctx) -> {
                    ctx.log().warn("the upstream answered 503");
                    throw new FailJobException("upstream refused the report");
                })
                // fails for good in its first cycle; a retried cycle reports progress and waits for the test's gate
                .handler("flaky.gated", JsonNode.class, (p, ctx) -> {
                    if (FAILED_ONCE.add(ctx.jobId())) throw new FailJobException("first cycle fails on purpose");
                    ctx.progress(50, "halfway");
                    ctx.log("waiting at the gate");
                    if (!GATE.await(60, TimeUnit.SECONDS)) throw new IllegalStateException("the test never opened the gate");
                    return Map.of("passed", true);
                })
                // fails twice with an error, then succeeds (the timeline scenario)
                .handler("retry.twice", JsonNode.class, (p, ctx) -> {
                    Thread.sleep(150);
                    if (ctx.attempt() < 3) throw new IllegalStateException("the ledger was locked (attempt " + ctx.attempt() + ")");
                    return Map.of("attempts", ctx.attempt());
                })
                // runs until cancelled (the cancel scenario), checking the flag the worker sets
                .handler("long.loop", JsonNode.class, (p, ctx) -> {
                    for (int i = 0; i < 600; i++) {
                        ctx.throwIfCancelled();
                        Thread.sleep(100);
                    }
                    return Map.of();
                })
                .build();
        worker = console.work(handlers);
        browser = console.open(server);
    }

    @AfterAll
    static void stop() throws Exception {
        GATE.countDown();
        if (console != null) console.close();
    }

    @Test
    @Order(1)
    void overview_showsTheRealCountsOfAKnownMix() throws Exception {
        for (int i = 0; i < 5; i++) ok.add(client.enqueue("mix.ok", Map.of("n", i), o -> o.queue("normal").tag("mix", "a")));
        for (int i = 0; i < 3; i++) failed.add(client.enqueue("mix.broken", Map.of("n", i), o -> o.queue("high").tag("mix", "a")));
        for (int i = 0; i < 2; i++) scheduled.add(client.enqueue("mix.ok", Map.of("n", 10 + i),
                o -> o.queue("normal").runAt(Instant.now().plus(Duration.ofHours(2)))));
        await().atMost(Duration.ofSeconds(60)).until(() -> statusOf(ok, JobStatus.SUCCEEDED) && statusOf(failed, JobStatus.FAILED)
                && statusOf(scheduled, JobStatus.SCHEDULED));

        browser.go("#/");
        // succeeded-in-window comes from the workers' per-minute stats, written once each minute has ended
        browser.waitExact("#count-succeeded", "5", Duration.ofSeconds(90));
        browser.waitExact("#count-failed", "3");
        browser.waitExact("#count-scheduled", "2");
        browser.waitExact("#count-deadLettered", "3");
        assertThat(browser.text("#count-running")).isEqualTo("0");
        assertThat(browser.text("#count-waiting")).isEqualTo("0");
        assertThat(browser.present("#throughput canvas")).as("uPlot drew the chart").isTrue();
        assertThat(browser.text("#queue-table")).contains("high").contains("normal");
        assertThat(browser.text("#banner")).contains("Loopback mode");
        assertThat(browser.text("#role")).isEqualTo("admin");
        Path shot = browser.screenshot("overview");
        copyToDocs(shot, "dashboard-overview.png");
    }

    @Test
    @Order(2)
    void jobsPage_filtersKeptInTheUrl_andSearchById_findTheExpectedJobs() {
        browser.go("#/jobs");
        new Select(browser.find("#f-status")).selectByValue("FAILED");
        browser.find("#f-type").sendKeys("mix.broken");
        browser.find("#apply").click();
        browser.until(d -> d.getCurrentUrl().contains("status=FAILED") && d.getCurrentUrl().contains("type=mix.broken") ? true : null);
        browser.until(d -> rowIds().size() == 3 ? true : null);
        assertThat(rowIds()).containsExactlyInAnyOrderElementsOf(failed);
        browser.screenshot("jobs");

        browser.go("#/jobs?status=SUCCEEDED&tag=mix:a");
        browser.until(d -> rowIds().containsAll(ok) ? true : null);
        assertThat(rowIds()).doesNotContainAnyElementsOf(failed);

        browser.go("#/jobs?type=no.such.type");
        browser.waitText("#jobs-table", "No job matches");

        browser.find("#search-id").sendKeys(failed.get(1));
        browser.find("#search button").click();
        browser.waitText("#job-id", failed.get(1));
        browser.waitText("#error-message", "upstream refused the report");
        assertThat(browser.text("#logs")).contains("WARN").contains("the upstream answered 503");
        // the level is read off the stored line and drives the level filter
        assertThat(browser.text("#logs .log.l-warn .lvl")).isEqualTo("WARN");
        assertThat(browser.text("#logs .log.l-warn .msg")).isEqualTo("the upstream answered 503");
        new Select(browser.find("#log-level")).selectByValue("ERROR");
        browser.waitText("#logs", "No line at this level.");
        new Select(browser.find("#log-level")).selectByValue("WARN");
        browser.waitText("#logs", "the upstream answered 503");
    }

    @Test
    @Order(3)
    void failedJob_retriedFromItsPage_showsRunningThenItsNewOutcome_withoutAReload() {
        String id = client.enqueue("flaky.gated", Map.of(), o -> o.queue("normal"));
        await().atMost(Duration.ofSeconds(30)).until(() -> statusOf(List.of(id), JobStatus.FAILED));
        browser.go("#/jobs/" + id);
        browser.waitText(".jobhead", "FAILED");
        browser.driver.executeScript("window.__sameDocument = true");
        browser.find("#retry").click();
        browser.waitText(".jobhead", "RUNNING");
        browser.waitText("#progress-text", "50 %");
        assertThat(browser.find("#progress-bar").getAttribute("value")).isEqualTo("50");
        assertThat(browser.text("#timeline")).contains("Attempt 1 running");
        assertThat(browser.present("#retry")).as("no retry while running").isFalse();
        browser.screenshot("job-running");
        GATE.countDown();
        browser.waitText(".jobhead", "SUCCEEDED");
        browser.waitText("#result", "\"passed\": true");
        assertThat(browser.driver.executeScript("return window.__sameDocument === true")).as("no reload").isEqualTo(true);
        assertThat(client.get(id).orElseThrow().cycle()).isEqualTo(2);
        Path shot = browser.screenshot("job");
        copyToDocs(shot, "dashboard-job.png");
    }

    @Test
    @Order(4)
    void runningJob_cancelledFromItsPage_endsCancelled() {
        String id = client.enqueue("long.loop", Map.of(), o -> o.queue("low"));
        browser.go("#/jobs/" + id);
        browser.waitText(".jobhead", "RUNNING");
        browser.find("#cancel").click();
        browser.waitText(".jobhead", "CANCELLED");
        assertThat(client.get(id).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(browser.present("#cancel")).isFalse();
    }

    @Test
    @Order(5)
    void pausedQueue_keepsNewJobsWaiting_untilResumedFromThePage() {
        browser.go("#/queues");
        browser.find("#pause-critical").click();
        browser.find("#resume-critical");
        assertThat(browser.text("tr[data-queue=critical]")).contains("paused");
        // a worker for critical starts after the pause, so its first look at the control item already sees it
        JobHandlers handlers = JobHandlers.builder().handler("crit.ok", JsonNode.class, (p, ctx) -> Map.of()).build();
        try (Worker critical = Worker.create(client, handlers, WorkerOptions.builder().queues(List.of("critical"))
                .pollWait(Duration.ofSeconds(1)).shutdownTimeout(Duration.ofSeconds(3)).build()).start()) {
            String id = client.enqueue("crit.ok", Map.of(), o -> o.queue("critical"));
            browser.until(d -> cell("critical", 2).equals("1") ? true : null);
            // the worker looks at the control item every second while paused; 4 s is several looks
            await().pollDelay(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(5)).until(() -> true);
            assertThat(client.get(id).orElseThrow().status()).as("waits while paused").isEqualTo(JobStatus.QUEUED);
            browser.screenshot("queues");
            browser.find("#resume-critical").click();
            browser.find("#pause-critical");
            await().atMost(Duration.ofSeconds(20)).until(() -> statusOf(List.of(id), JobStatus.SUCCEEDED));
            browser.until(d -> cell("critical", 2).equals("0") ? true : null);
        }
    }

    @Test
    @Order(6)
    void dlq_redrivenFromThePage_movesItsMessagesBack() {
        browser.go("#/queues/high/dlq");
        browser.waitText("#dlq-depth", "3");
        browser.until(d -> d.findElements(By.cssSelector("#dlq-table tbody tr")).size() == 3 ? true : null);
        assertThat(browser.text("#dlq-table")).contains("upstream refused the report").contains(failed.get(0));
        browser.screenshot("dlq");
        browser.find("#redrive").click();
        browser.waitText("#redrive-text", "moved 3 of 3");
        // the redriven jobs ran again (a fresh cycle) and failed for good again: back in the DLQ with cycle 2
        await().atMost(Duration.ofSeconds(30)).until(() -> failed.stream().allMatch(id -> client.get(id)
                .filter(j -> j.status() == JobStatus.FAILED && j.cycle() == 2).isPresent()));
        browser.waitText("#dlq-depth", "3");
        browser.find("#purge").click();
        assertThat(browser.text("dialog.confirm")).contains("all 3 messages").contains("queue \"high\"");
        browser.find("#confirm-no").click();
        assertThat(browser.text("#dlq-depth")).isEqualTo("3");
    }

    @Test
    @Order(7)
    void schedulesAndWorkers_showDescriptionsFireTimesAndLiveWorkers() {
        client.schedules().upsert(RecurringSchedule.builder().name("weekly-digest").type("mix.ok").expression("0 9 * * 1")
                .timeZone("Europe/Berlin").payload(Map.of("n", 1)).build());
        browser.go("#/schedules");
        browser.waitText("tr[data-name=weekly-digest]", "0 9 * * 1");
        WebElement row = browser.find("tr[data-name=weekly-digest]");
        assertThat(row.findElement(By.cssSelector(".describe")).getText()).containsIgnoringCase("monday");
        assertThat(row.findElements(By.cssSelector(".fires li"))).hasSize(5);
        assertThat(row.findElement(By.cssSelector(".fires time")).getAttribute("title")).endsWith("UTC");
        browser.find("#pause-weekly-digest").click();
        browser.find("#resume-weekly-digest");
        assertThat(client.schedules().get("weekly-digest").orElseThrow().schedule().enabled()).isFalse();
        browser.screenshot("schedules");

        browser.go("#/workers");
        browser.until(d -> d.findElements(By.cssSelector("#workers-table tbody tr[data-id]")).size() >= 1 ? true : null);
        assertThat(browser.text("#workers-table")).contains("high, normal, low");
        browser.find("#cleanup").click();
        browser.waitText("#cleanup-result", "stale");
        browser.screenshot("workers");
    }

    @Test
    @Order(8)
    void jobTimeline_showsEachAttemptWithItsStartDurationWorkerAndError() {
        String id = client.enqueue("retry.twice", Map.of(), o -> o.maxAttempts(5)
                .backoff(io.jobkit.client.Backoff.fixed(Duration.ofSeconds(1))));
        await().atMost(Duration.ofSeconds(60)).until(() -> statusOf(List.of(id), JobStatus.SUCCEEDED));
        browser.go("#/jobs/" + id);
        browser.waitText("#timeline", "Succeeded");
        List<WebElement> steps = browser.driver.findElements(By.cssSelector("#timeline li"));
        List<String> labels = steps.stream().map(e -> e.findElement(By.cssSelector(".step")).getText()).toList();
        assertThat(labels).containsExactly("Created", "Attempt 1 failed", "Attempt 2 failed", "Attempt 3 started", "Succeeded");
        for (int attempt = 1; attempt <= 2; attempt++) {
            WebElement step = steps.get(attempt);
            assertThat(step.findElements(By.cssSelector("time"))).as("attempt %d: start and end", attempt).hasSize(2);
            assertThat(step.getText()).contains("ran ").contains(" on ")
                    .contains("java.lang.IllegalStateException: the ledger was locked (attempt " + attempt + ")");
        }
        assertThat(steps.get(3).getText()).contains("ran ");
        copyToDocs(browser.screenshot("job-timeline"), "dashboard-timeline.png");
    }

    private static List<String> rowIds() {
        return browser.driver.findElements(By.cssSelector("#jobs-table tbody tr[data-id]")).stream()
                .map(e -> e.getAttribute("data-id")).toList();
    }

    private static String cell(String queue, int column) {
        return browser.driver.findElement(By.cssSelector("tr[data-queue=" + queue + "] td:nth-child(" + column + ")")).getText();
    }

    private static boolean statusOf(List<String> ids, JobStatus status) {
        return ids.stream().allMatch(id -> client.get(id).map(Job::status).orElse(null) == status);
    }

    /** The README shows two of the screenshots; the tests refresh them (module dir is local/, docs/ is one up). */
    static void copyToDocs(Path shot, String name) {
        try {
            Path docs = Path.of("..", "docs");
            if (Files.isDirectory(docs)) Files.copy(shot, docs.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
