package io.jobkit.handlers.builtin;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.jobkit.client.JobClient;
import io.jobkit.handlers.FailJobException;
import io.jobkit.handlers.JobContext;
import io.jobkit.handlers.JobHandlers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookHandlerTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
    private static final String SECRET_PATH = "/services/T000/B000/very-secret-token";

    /** What the receiver saw: header names as sent (the JDK server capitalises them), values, body. */
    record Seen(String method, String path, Map<String, List<String>> headers, String body) {
    }

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private int port;

    @BeforeEach
    void startReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            seen.add(new Seen(ex.getRequestMethod(), ex.getRequestURI().toString(), Map.copyOf(ex.getRequestHeaders()),
                    new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            int status = ex.getRequestURI().getPath().startsWith("/moved") ? 302 : 200;
            if (status == 302) ex.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data/");
            byte[] answer = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, answer.length);
            ex.getResponseBody().write(answer);
            ex.close();
        });
        server.start();
        port = server.getAddress().getPort();
    }

    @AfterEach
    void stopReceiver() {
        server.stop(0);
    }

    /** "receiver.test" resolves to loopback, which the allowlist admits: the connection must use that address. */
    private WebhookHandler handler(String allowlist) {
        return new WebhookHandler("s3cret", Duration.ofSeconds(2), Duration.ofSeconds(5), CLOCK,
                AddressPolicy.parse(allowlist), host -> List.of(InetAddress.getByName("127.0.0.1")),
                (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    private static WebhookRequest request(String url, Map<String, String> headers) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("event", "order.paid").put("order", 17);
        return new WebhookRequest(url, body, headers);
    }

    @Test
    void signature_isHexHmacSha256OfTimestampMethodUrlAndBody() {
        // printf '1795428000\nPOST\nhttps://hooks.example/a\n{"a":1}' | openssl dgst -sha256 -hmac s3cret
        assertThat(WebhookHandler.signedString("1795428000", "POST", "https://hooks.example/a", "{\"a\":1}"))
                .isEqualTo("1795428000\nPOST\nhttps://hooks.example/a\n{\"a\":1}");
        assertThat(handler(null).sign("1795428000\nPOST\nhttps://hooks.example/a\n{\"a\":1}"))
                .isEqualTo("1d2aa772cee7fb7461cd09bd5e6605fa1640cd02c671d64712d414da4ab131a1");
    }

    @Test
    void delivery_goesToTheCheckedAddress_signedOverMethodUrlAndBody() throws Exception {
        String url = "http://receiver.test:" + port + SECRET_PATH + "?x=1";
        WebhookHandler.Delivery d = handler("127.0.0.1/32").handle(request(url, Map.of("Authorization", "Bearer t")), context());

        assertThat(d.status()).isEqualTo(200);
        assertThat(d.responseExcerpt()).isEqualTo("{\"ok\":true}");
        Seen s = seen.get(0);
        assertThat(s.method()).isEqualTo("POST");
        assertThat(s.path()).isEqualTo(SECRET_PATH + "?x=1");
        assertThat(s.headers().get("Host")).containsExactly("receiver.test:" + port);
        assertThat(s.headers().get("Authorization")).containsExactly("Bearer t");
        assertThat(s.headers().get("Content-type")).containsExactly("application/json");
        assertThat(s.headers().get("X-jobkit-job-id")).containsExactly("job-1");
        String timestamp = s.headers().get("X-jobkit-timestamp").get(0);
        assertThat(timestamp).isEqualTo(Long.toString(CLOCK.instant().getEpochSecond()));
        assertThat(s.headers().get("X-jobkit-signature")).containsExactly(
                "v2=" + handler(null).sign(timestamp + "\nPOST\n" + url + "\n" + s.body()));
        // the same body and timestamp for another URL signs differently: no replay across receivers
        assertThat(handler(null).sign(WebhookHandler.signedString(timestamp, "POST", "https://other.example/hook", s.body())))
                .isNotEqualTo(s.headers().get("X-jobkit-signature").get(0).substring(3));
    }

    @Test
    void loopback_isRefusedWithoutAllowlist_andTheReasonHasNoUrl() {
        String url = "http://receiver.test:" + port + SECRET_PATH;
        assertThatThrownBy(() -> handler(null).handle(request(url, null), context()))
                .isInstanceOf(FailJobException.class)
                .hasMessageContaining("receiver.test").hasMessageContaining("loopback")
                .hasMessageNotContaining("very-secret-token").hasMessageNotContaining("/services");
        assertThat(seen).isEmpty();
    }

    @Test
    void aRedactedCopyOfAPayload_isRefused_andNothingIsSent() {
        String base = "http://receiver.test:" + port;
        assertThatThrownBy(() -> handler("127.0.0.1").handle(request(base + "/[redacted]", null), context()))
                .isInstanceOf(FailJobException.class).hasMessageContaining("redacted copy");
        assertThatThrownBy(() -> handler("127.0.0.1").handle(request(base + "/hook",
                        java.util.Map.of("Authorization", "[redacted]")), context()))
                .isInstanceOf(FailJobException.class).hasMessageContaining("enqueue it with the real values");
        assertThat(seen).isEmpty();
    }

    @Test
    void redirects_areNotFollowed_andTheFailureNamesTheHostOnly() {
        String url = "http://receiver.test:" + port + "/moved" + SECRET_PATH;
        assertThatThrownBy(() -> handler("127.0.0.1").handle(request(url, null), context()))
                .isInstanceOf(FailJobException.class)
                .hasMessageContaining("webhook to host receiver.test answered 302 (redirects are not followed)")
                .hasMessageNotContaining("very-secret-token");
        assertThat(seen).hasSize(1);
    }

    @Test
    void payloadHeaders_cannotOverrideOrDoubleJobkitOrFramingHeaders() {
        for (String name : List.of("X-Jobkit-Signature", "x-jobkit-signature", "X-JOBKIT-TIMESTAMP", "x-jobkit-job-id",
                "Host", "content-length", "Transfer-Encoding")) {
            assertThatThrownBy(() -> WebhookHandler.headers(Map.of(name, "forged")))
                    .isInstanceOf(FailJobException.class).hasMessageContaining(name).hasMessageContaining("remove it");
        }
        assertThatThrownBy(() -> WebhookHandler.headers(new java.util.LinkedHashMap<>(Map.of("X-Trace", "a", "x-trace", "b"))))
                .isInstanceOf(FailJobException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> WebhookHandler.headers(Map.of("X-Evil", "a\r\nX-Jobkit-Signature: v2=0")))
                .isInstanceOf(FailJobException.class).hasMessageContaining("line break");
        assertThat(WebhookHandler.headers(Map.of("content-type", "application/cloudevents+json")))
                .containsExactly(Map.entry("content-type", "application/cloudevents+json"),
                        Map.entry("User-Agent", "jobkit-webhook/1"));
    }

    @Test
    void invalidUrls_failWithoutEchoingTheUrl() {
        for (String url : List.of("ftp://host" + SECRET_PATH, "http://exa mple.com" + SECRET_PATH,
                "https://user:very-secret-token@host/x", "mailto:someone")) {
            assertThatThrownBy(() -> handler(null).handle(request(url, null), context()))
                    .isInstanceOf(FailJobException.class).hasMessageNotContaining("very-secret-token")
                    .hasMessageNotContaining("/services");
        }
    }

    @Test
    void retryAfter_acceptsSecondsAndHttpDates() {
        WebhookHandler handler = handler(null);
        assertThat(handler.retryAfter("120")).isEqualTo(Duration.ofSeconds(120));
        assertThat(handler.retryAfter("Mon, 23 Nov 2026 10:01:30 GMT")).isEqualTo(Duration.ofSeconds(90));
        assertThat(handler.retryAfter("Mon, 23 Nov 2026 09:00:00 GMT")).isZero();
        assertThat(handler.retryAfter("soon")).isNull();
        assertThat(handler.retryAfter(null)).isNull();
    }

    @Test
    void discovery_registersTheWebhookOnlyWhenEnabled() {
        assertThat(JobHandlers.discover(Map.of(JobHandlers.PROVIDER_ENV, DemoHandlers.class.getName())).types())
                .doesNotContain(WebhookHandler.TYPE).contains("demo.noop");
        assertThat(JobHandlers.discover(Map.of(JobHandlers.PROVIDER_ENV, DemoHandlers.class.getName(),
                WebhookHandler.ENABLED_ENV, "true")).types()).contains(WebhookHandler.TYPE, "demo.noop");
        assertThat(JobHandlers.discover(Map.of(WebhookHandler.ENABLED_ENV, "TRUE")).types())
                .containsExactly(WebhookHandler.TYPE);
        assertThat(JobHandlers.discover(Map.of(JobHandlers.PROVIDER_ENV, BuiltinHandlers.class.getName(),
                WebhookHandler.ENABLED_ENV, "true")).types()).containsExactly(WebhookHandler.TYPE);
        assertThatThrownBy(() -> JobHandlers.discover(Map.of(WebhookHandler.ENABLED_ENV, "yes")))
                .hasMessageContaining("no job handlers found");
    }

    private static JobContext context() {
        return new JobContext() {
            public String jobId() { return "job-1"; }
            public String type() { return WebhookHandler.TYPE; }
            public int attempt() { return 1; }
            public int maxAttempts() { return 3; }
            public String queue() { return "normal"; }
            public Instant deadline() { return Instant.now().plusSeconds(30); }
            public Duration remaining() { return Duration.ofSeconds(30); }
            public void progress(int percent, String message) { }
            public void log(String format, Object... args) { }
            public boolean isCancelled() { return false; }
            public String cancelReason() { return null; }
            public JobClient client() { return null; }
        };
    }
}
