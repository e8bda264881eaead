package io.jobkit.handlers.builtin;

import io.jobkit.handlers.FailJobException;
import io.jobkit.handlers.JobContext;
import io.jobkit.handlers.JobHandler;
import io.jobkit.handlers.RetryJobException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * The built-in {@code webhook} job: POSTs a JSON body to a URL.
 *
 * <ul>
 *   <li>Signed when a secret is configured: {@code X-Jobkit-Timestamp} (epoch seconds) and {@code X-Jobkit-Signature:
 *       v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>}, so receivers can reject forgeries and replays.</li>
 *   <li>2xx is success; 408, 429 and 5xx are retried (after {@code Retry-After} when the server sends one, else with
 *       the job's backoff); any other status fails the job at once; network errors are retried.</li>
 * </ul>
 */
public final class WebhookHandler implements JobHandler<WebhookRequest, WebhookHandler.Delivery> {
    public static final String TYPE = "webhook";
    public static final String SECRET_ENV = "JOBKIT_WEBHOOK_SECRET";
    private static final Set<Integer> RETRYABLE = Set.of(408, 429);
    private static final int MAX_EXCERPT = 500;

    /** What the job records on success. */
    public record Delivery(int status, String responseExcerpt) {
    }

    private final HttpClient http;
    private final byte[] secret;
    private final Duration readTimeout;
    private final Clock clock;

    public WebhookHandler(String secret, Duration connectTimeout, Duration readTimeout, Clock clock) {
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.secret = secret == null || secret.isEmpty() ? null : secret.getBytes(StandardCharsets.UTF_8);
        this.readTimeout = readTimeout;
        this.clock = clock;
    }

    /** Secret from {@code JOBKIT_WEBHOOK_SECRET} (unsigned when absent), 5 s connect and 30 s read timeouts. */
    public static WebhookHandler fromEnvironment(Map<String, String> env) {
        return new WebhookHandler(env.get(SECRET_ENV), Duration.ofSeconds(5), Duration.ofSeconds(30), Clock.systemUTC());
    }

    @Override
    public Delivery handle(WebhookRequest request, JobContext context) throws IOException, InterruptedException {
        URI uri = validate(request);
        String body = request.body() == null ? "null" : request.body().toString();
        Duration timeout = context.remaining().compareTo(readTimeout) < 0 ? context.remaining() : readTimeout;
        HttpRequest.Builder post = HttpRequest.newBuilder(uri).timeout(timeout.isZero() ? Duration.ofMillis(1) : timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "jobkit-webhook/1")
                .header("X-Jobkit-Job-Id", context.jobId())
                .header("X-Jobkit-Attempt", Integer.toString(context.attempt()))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (request.headers() != null) request.headers().forEach(post::header);
        if (secret != null) {
            String timestamp = Long.toString(clock.instant().getEpochSecond());
            post.header("X-Jobkit-Timestamp", timestamp).header("X-Jobkit-Signature", "v1=" + sign(timestamp + "." + body));
        }
        HttpResponse<String> response = http.send(post.build(), HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        String excerpt = excerpt(response.body());
        context.log("POST {} -> {}", uri, status);
        if (status >= 200 && status < 300) return new Delivery(status, excerpt);
        String message = "webhook " + uri + " answered " + status + (excerpt.isEmpty() ? "" : ": " + excerpt);
        if (RETRYABLE.contains(status) || status >= 500) {
            Duration retryAfter = retryAfter(response.headers().firstValue("Retry-After").orElse(null));
            if (retryAfter != null) throw new RetryJobException(retryAfter, message);
            throw new IOException(message);
        }
        throw new FailJobException(message);
    }

    private static URI validate(WebhookRequest request) {
        if (request == null || request.url() == null || request.url().isBlank()) {
            throw new FailJobException("webhook payload has no \"url\"");
        }
        try {
            URI uri = new URI(request.url());
            if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                throw new FailJobException("webhook url '" + request.url() + "' must be an http or https URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new FailJobException("webhook url '" + request.url() + "' is not a valid URL: " + e.getReason());
        }
    }

    /** Retry-After as seconds or an HTTP date; null when absent or unreadable. */
    Duration retryAfter(String header) {
        if (header == null || header.isBlank()) return null;
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(clock.instant(), at.toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException ignored) {
                return null;
            }
        }
    }

    String sign(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable in this JVM", e);
        }
    }

    private static String excerpt(String body) {
        if (body == null) return "";
        String b = body.strip();
        return b.length() > MAX_EXCERPT ? b.substring(0, MAX_EXCERPT) + "…" : b;
    }
}
