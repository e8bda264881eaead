package io.jobkit.tests.builtin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jobkit.client.Backoff;
import io.jobkit.client.Job;
import io.jobkit.client.JobClient;
import io.jobkit.client.JobStatus;
import io.jobkit.handlers.JobHandlers;
import io.jobkit.handlers.builtin.WebhookHandler;
import io.jobkit.handlers.builtin.WebhookRequest;
import io.jobkit.handlers.processor.ProcessorOptions;
import io.jobkit.handlers.worker.Worker;
import io.jobkit.handlers.worker.WorkerOptions;
import io.jobkit.tests.support.LocalCloudExtension;
import io.jobkit.tests.support.TestCloud;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The built-in webhook job through a worker against a real HTTP server on loopback (allowlisted). */
@ExtendWith(LocalCloudExtension.class)
class WebhookIT {
    private static final String SECRET = "whsec-test";

    /** What the receiver saw. */
    record Delivery(String path, String body, String timestamp, String signature, String jobId, String attempt, Instant at) {
    }

    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final AtomicInteger busyCalls = new AtomicInteger();
    private HttpServer server;
    private String base;

    @BeforeEach
    void startReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::receive);
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stopReceiver() {
        server.stop(0);
    }

    private void receive(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = ex.getRequestURI().getPath();
        deliveries.add(new Delivery(path, body, ex.getRequestHeaders().getFirst("X-Jobkit-Timestamp"),
                ex.getRequestHeaders().getFirst("X-Jobkit-Signature"), ex.getRequestHeaders().getFirst("X-Jobkit-Job-Id"),
                ex.getRequestHeaders().getFirst("X-Jobkit-Attempt"), Instant.now()));
        int status = switch (path) {
            case "/ok" -> 202;
            case "/busy" -> busyCalls.incrementAndGet() == 1 ? 503 : 200;
            case "/gone" -> 404;
            default -> 500;
        };
        if (status == 503) ex.getResponseHeaders().add("Retry-After", "2");
        byte[] answer = ("{\"answer\":" + status + "}").getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, answer.length);
        ex.getResponseBody().write(answer);
        ex.close();
    }

    @Test
    void webhookJobs_areSigned_retryOnRetryAfter_andFailOnClientErrors(TestCloud cloud) throws Exception {
        JobClient client = cloud.client();
        // a long backoff, so a retry that came back quickly can only have honoured Retry-After
        var options = io.jobkit.client.JobOptions.of(o -> o.maxAttempts(3).backoff(Backoff.fixed(Duration.ofMinutes(10))));
        String ok = client.enqueue(WebhookHandler.TYPE, Map.of("url", base + "/ok", "body", Map.of("event", "order.paid", "order", 17)), options);
        String busy = client.enqueue(WebhookHandler.TYPE, Map.of("url", base + "/busy", "body", Map.of("n", 1)), options);
        String gone = client.enqueue(WebhookHandler.TYPE, Map.of("url", base + "/gone", "body", Map.of()), options);
        JobHandlers handlers = JobHandlers.builder().handler(WebhookHandler.TYPE, WebhookRequest.class,
                new WebhookHandler(SECRET, Duration.ofSeconds(2), Duration.ofSeconds(5), Clock.systemUTC(), "127.0.0.1/32")).build();

        try (Worker ignored = Worker.create(client, handlers, WorkerOptions.builder().pollWait(Duration.ofSeconds(1))
                .processor(ProcessorOptions.builder().leaseDuration(Duration.ofSeconds(6)).build()).build()).start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> finished(client, ok) && finished(client, busy) && finished(client, gone));
        }

        Job delivered = client.get(ok).orElseThrow();
        assertThat(delivered.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(delivered.result().get("status").asInt()).isEqualTo(202);
        Delivery first = deliveries.stream().filter(d -> d.path().equals("/ok")).findFirst().orElseThrow();
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(first.body()))
                .isEqualTo(new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"event\":\"order.paid\",\"order\":17}"));
        assertThat(first.jobId()).isEqualTo(ok);
        assertThat(first.signature()).isEqualTo("v2=" + hmac(first.timestamp() + "\nPOST\n" + base + "/ok\n" + first.body()));
        assertThat(Long.parseLong(first.timestamp())).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(60L));

        Job retried = client.get(busy).orElseThrow();
        assertThat(retried.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(retried.attempt()).isEqualTo(2);
        List<Delivery> busyCallsSeen = deliveries.stream().filter(d -> d.path().equals("/busy")).toList();
        assertThat(busyCallsSeen).extracting(Delivery::attempt).containsExactly("1", "2");
        assertThat(Duration.between(busyCallsSeen.get(0).at(), busyCallsSeen.get(1).at()))
                .isBetween(Duration.ofMillis(1900), Duration.ofSeconds(15));

        Job failed = client.get(gone).orElseThrow();
        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.attempt()).isEqualTo(1);
        assertThat(failed.lastError().message()).contains("webhook to host 127.0.0.1 answered 404").doesNotContain("/gone");
        // get shows the job without the URL's path
        assertThat(client.get(gone).orElseThrow().payload().path("url").asText()).isEqualTo(base + "/[redacted]");
    }

    private static boolean finished(JobClient client, String id) {
        return client.get(id).map(Job::isTerminal).orElse(false);
    }

    private static String hmac(String text) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }
}
