package io.jobkit.local.dashboard;

import io.jobkit.admin.AdminServer;
import io.jobkit.client.EnqueueRequest;
import io.jobkit.client.JobClient;
import io.jobkit.client.JobOptions;
import io.jobkit.local.LocalCloud;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard benchmark, run by {@code scripts/dashboard-bench} (not by CI: it is skipped unless
 * {@code -Djobkit.dashboard.bench=true}). With 10,000 jobs in the table it measures, in Debian's chromium, the time
 * from navigation to the first data on screen (the page's {@code jobkit:first-render} mark) for the jobs page and the
 * overview, and the latency of the API calls those pages make. It prints figures; it asserts only that pages rendered.
 */
class DashboardBenchIT {
    private static final int JOBS = Integer.getInteger("jobkit.dashboard.bench.jobs", 10_000);
    private static final int ROUNDS = 9;

    @Test
    void firstRender_andApiLatency_with10000Jobs() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("jobkit.dashboard.bench"), "benchmark: run scripts/dashboard-bench");
        Browser.assumeInstalled();
        try (LocalCloud cloud = LocalCloud.builder().sqsPort(0).dynamoDbPort(0).schedulerPort(0).start();
             JobClient client = JobClient.fromEnvironment(cloud.clientEnvironment());
             DynamoDbClient dynamo = cloud.dynamoDbClient();
             AdminServer server = AdminServer.builder().jobClient(client).dynamoDbClient(dynamo).port(0).environment(Map.of()).start()) {
            long t0 = System.nanoTime();
            List<EnqueueRequest> batch = new ArrayList<>();
            String[] queues = {"critical", "high", "normal", "low"};
            for (int i = 0; i < JOBS; i++) {
                batch.add(EnqueueRequest.of("bench.type" + (i % 7), Map.of("n", i),
                        JobOptions.defaults().toBuilder().queue(queues[i % 4]).tags(Map.of("bench", "b" + (i % 10))).build()));
                if (batch.size() == 500) { client.enqueueAll(batch); batch.clear(); }
            }
            if (!batch.isEmpty()) client.enqueueAll(batch);
            double seeded = (System.nanoTime() - t0) / 1e9;

            StringBuilder out = new StringBuilder();
            out.append(String.format("dashboard benchmark: %,d QUEUED jobs (seeded in %.1f s), %d rounds each, median and max%n",
                    JOBS, seeded, ROUNDS));
            HttpClient http = HttpClient.newHttpClient();
            for (String path : List.of("/api/admin/jobs?limit=50", "/api/admin/jobs?status=QUEUED&type=bench.type3&limit=50",
                    "/api/admin/jobs?tag=bench:b4&limit=50", "/api/admin/queues", "/api/admin/stats?window=1h")) {
                List<Double> ms = new ArrayList<>();
                for (int i = 0; i < ROUNDS + 1; i++) {
                    long s = System.nanoTime();
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.url().resolve(path)).GET().build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode()).as(path).isEqualTo(200);
                    if (i > 0) ms.add((System.nanoTime() - s) / 1e6); // the first call warms the JIT and connections
                }
                out.append(String.format("  API %-55s median %7.1f ms  max %7.1f ms%n", path, median(ms), Collections.max(ms)));
            }
            try (Browser browser = Browser.open(server.url())) {
                for (String page : List.of("#/jobs", "#/")) {
                    List<Double> ms = new ArrayList<>();
                    for (int i = 0; i < ROUNDS + 1; i++) {
                        browser.driver.get("about:blank");
                        browser.driver.get(server.url().resolve("/" + page).toString());
                        Object t = browser.until(d -> ((org.openqa.selenium.JavascriptExecutor) d).executeScript(
                                "const m = performance.getEntriesByName('jobkit:first-render'); return m.length ? m[0].startTime : null;"));
                        if (i > 0) ms.add(((Number) t).doubleValue());
                    }
                    out.append(String.format("  first render %-47s median %7.1f ms  max %7.1f ms%n", page, median(ms), Collections.max(ms)));
                }
                assertThat(browser.driver.findElements(org.openqa.selenium.By.cssSelector("#count-waiting"))).isNotEmpty();
            }
            System.out.print(out);
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "dashboard-bench.txt"), out);
        }
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }
}
