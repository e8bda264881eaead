package io.jobkit.handlers.builtin;

import io.jobkit.handlers.FailJobException;
import io.jobkit.handlers.JobContext;
import io.jobkit.handlers.JobHandler;
import io.jobkit.handlers.RetryJobException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The built-in {@code webhook} job: POSTs a JSON body to a URL. Opt-in: runtimes register it only when
 * {@code JOBKIT_WEBHOOK_ENABLED=true} (see {@link BuiltinHandlers}).
 *
 * <ul>
 *   <li>Only public addresses: the host is resolved once, every address is checked by {@link AddressPolicy}
 *       (allowlist {@code JOBKIT_WEBHOOK_ALLOW}), and the connection goes to the checked address. Redirects are
 *       never followed.</li>
 *   <li>Signed when a secret is configured: {@code X-Jobkit-Timestamp} (epoch seconds) and
 *       {@code X-Jobkit-Signature: v2=<hex HMAC-SHA256(secret, signedString)>}, where {@code signedString} is
 *       {@code timestamp + "\n" + "POST" + "\n" + url + "\n" + body} with {@code url} exactly as in the payload.
 *       Covering method and URL means a signature one receiver saw cannot be replayed to another.</li>
 *   <li>Payload headers may replace {@code Content-Type} and {@code User-Agent}; {@code X-Jobkit-*} and framing
 *       headers (Host, Content-Length, ...) are rejected, so the signature headers cannot be overridden or doubled.</li>
 *   <li>2xx is success; 408, 429 and 5xx are retried (after {@code Retry-After} when the server sends one, else with
 *       the job's backoff); any other status (3xx included) fails the job at once; network errors are retried.</li>
 *   <li>Errors, logs and DLQ reasons name the host only: the URL's path is often the credential.</li>
 * </ul>
 */
public final class WebhookHandler implements JobHandler<WebhookRequest, WebhookHandler.Delivery> {
    public static final String TYPE = "webhook";
    public static final String SECRET_ENV = "JOBKIT_WEBHOOK_SECRET";
    /** {@code true} registers the handler in discovering runtimes; anything else leaves it out. */
    public static final String ENABLED_ENV = "JOBKIT_WEBHOOK_ENABLED";
    /** Host names and CIDRs the handler may call although they are not public, e.g. {@code localhost,10.2.0.0/16}. */
    public static final String ALLOW_ENV = "JOBKIT_WEBHOOK_ALLOW";
    public static final String SIGNATURE_HEADER = "X-Jobkit-Signature";
    public static final String TIMESTAMP_HEADER = "X-Jobkit-Timestamp";
    private static final Set<Integer> RETRYABLE = Set.of(408, 429);
    private static final int MAX_EXCERPT = 500;
    /** Set by jobkit or by the HTTP framing; a payload may not give them. X-Jobkit-* is checked by prefix. */
    private static final Set<String> RESERVED = Set.of("host", "content-length", "transfer-encoding", "connection",
            "keep-alive", "proxy-connection", "te", "trailer", "upgrade", "expect");

    /** What the job records on success. */
    public record Delivery(int status, String responseExcerpt) {
    }

    /** Host name to addresses; the system resolver outside tests. */
    @FunctionalInterface
    interface Resolver {
        List<InetAddress> resolve(String host) throws UnknownHostException;
    }

    private final PinnedHttp http;
    private final byte[] secret;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Clock clock;
    private final AddressPolicy policy;
    private final Resolver resolver;

    /** Public addresses only. */
    public WebhookHandler(String secret, Duration connectTimeout, Duration readTimeout, Clock clock) {
        this(secret, connectTimeout, readTimeout, clock, null);
    }

    /** {@code allowlist}: as {@link #ALLOW_ENV}; null or blank for public addresses only. */
    public WebhookHandler(String secret, Duration connectTimeout, Duration readTimeout, Clock clock, String allowlist) {
        this(secret, connectTimeout, readTimeout, clock, AddressPolicy.parse(allowlist),
                host -> List.of(InetAddress.getAllByName(host)), (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    WebhookHandler(String secret, Duration connectTimeout, Duration readTimeout, Clock clock, AddressPolicy policy,
                   Resolver resolver, SSLSocketFactory tls) {
        this.http = new PinnedHttp(tls);
        this.secret = secret == null || secret.isEmpty() ? null : secret.getBytes(StandardCharsets.UTF_8);
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.clock = clock;
        this.policy = policy;
        this.resolver = resolver;
    }

    /**
     * Secret from {@code JOBKIT_WEBHOOK_SECRET} (unsigned when absent), allowlist from {@code JOBKIT_WEBHOOK_ALLOW},
     * 5 s connect and 30 s read timeouts.
     */
    public static WebhookHandler fromEnvironment(Map<String, String> env) {
        return new WebhookHandler(env.get(SECRET_ENV), Duration.ofSeconds(5), Duration.ofSeconds(30), Clock.systemUTC(),
                env.get(ALLOW_ENV));
    }

    /** Whether {@code JOBKIT_WEBHOOK_ENABLED} opts in. */
    public static boolean enabled(Map<String, String> env) {
        return "true".equalsIgnoreCase(String.valueOf(env.get(ENABLED_ENV)).trim());
    }

    @Override
    public Delivery handle(WebhookRequest request, JobContext context) throws IOException, InterruptedException {
        URI uri = validate(request);
        String host = uri.getHost();
        List<Map.Entry<String, String>> headers = headers(request.headers());
        InetAddress address = policy.check(host, resolve(host));
        String body = request.body() == null ? "null" : request.body().toString();
        headers.add(Map.entry("X-Jobkit-Job-Id", context.jobId()));
        headers.add(Map.entry("X-Jobkit-Attempt", Integer.toString(context.attempt())));
        if (secret != null) {
            String timestamp = Long.toString(clock.instant().getEpochSecond());
            headers.add(Map.entry(TIMESTAMP_HEADER, timestamp));
            headers.add(Map.entry(SIGNATURE_HEADER, "v2=" + sign(signedString(timestamp, "POST", request.url(), body))));
        }
        Duration timeout = context.remaining().compareTo(readTimeout) < 0 ? context.remaining() : readTimeout;
        PinnedHttp.Response response;
        try {
            response = http.post(uri, address, headers, body.getBytes(StandardCharsets.UTF_8), connectTimeout,
                    timeout.isZero() || timeout.isNegative() ? Duration.ofMillis(1) : timeout);
        } catch (IOException e) {
            // the exception's own text may carry the address, never the path: keep the class and message, name the host
            throw new IOException("webhook to host " + host + " failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
        int status = response.status();
        String excerpt = excerpt(response.body());
        context.log("webhook to host {} answered {}", host, status);
        if (status >= 200 && status < 300) return new Delivery(status, excerpt);
        String message = "webhook to host " + host + " answered " + status
                + (status >= 300 && status < 400 ? " (redirects are not followed)" : "")
                + (excerpt.isEmpty() ? "" : ": " + excerpt);
        if (RETRYABLE.contains(status) || status >= 500) {
            Duration retryAfter = retryAfter(response.headers().get("retry-after"));
            if (retryAfter != null) throw new RetryJobException(retryAfter, message);
            throw new IOException(message);
        }
        throw new FailJobException(message);
    }

    /**
     * What the signature covers: {@code timestamp \n method \n url \n body}. None of the first three can contain a
     * line break, so no two different requests share a signed string.
     */
    static String signedString(String timestamp, String method, String url, String body) {
        return timestamp + "\n" + method + "\n" + url + "\n" + body;
    }

    private List<InetAddress> resolve(String host) throws IOException {
        String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try {
            return resolver.resolve(name);
        } catch (UnknownHostException e) {
            // retried: a name that does not resolve now may resolve after a DNS hiccup
            throw new IOException("webhook host " + host + " did not resolve");
        }
    }

    /** Default headers, then the payload's (checked), in the order they are sent; jobkit's own go last. */
    static List<Map.Entry<String, String>> headers(Map<String, String> given) {
        Map<String, Map.Entry<String, String>> byName = new LinkedHashMap<>();
        byName.put("content-type", Map.entry("Content-Type", "application/json"));
        byName.put("user-agent", Map.entry("User-Agent", "jobkit-webhook/1"));
        if (given != null) {
            Set<String> seen = new HashSet<>();
            for (Map.Entry<String, String> e : given.entrySet()) {
                String name = e.getKey() == null ? "" : e.getKey().trim();
                String lower = name.toLowerCase(Locale.ROOT);
                if (!name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                    throw new FailJobException("webhook payload has a header name that is not a valid HTTP token");
                }
                if (lower.startsWith("x-jobkit-") || RESERVED.contains(lower)) {
                    throw new FailJobException("webhook header '" + name + "' is set by jobkit or by HTTP itself and"
                            + " cannot be given in the payload; remove it");
                }
                if (!seen.add(lower)) {
                    throw new FailJobException("webhook header '" + name + "' is given twice (names are case-insensitive)");
                }
                String value = e.getValue() == null ? "" : e.getValue();
                if (value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                    throw new FailJobException("webhook header '" + name + "' has a line break in its value");
                }
                byName.put(lower, Map.entry(name, value));
            }
        }
        return new ArrayList<>(byName.values());
    }

    /** What {@code JobClient.get} and schedule reads show in place of credentials (PayloadRedaction). */
    static final String REDACTED = "[redacted]";

    private static URI validate(WebhookRequest request) {
        if (request == null || request.url() == null || request.url().isBlank()) {
            throw new FailJobException("webhook payload has no \"url\"");
        }
        // a payload copied from a redacted view (the dashboard's "enqueue a copy", a script's get-then-enqueue) would
        // post to the wrong path with a literal "[redacted]" credential: refuse it instead of sending
        boolean redacted = request.url().equals(REDACTED) || request.url().endsWith("/" + REDACTED)
                || request.headers() != null && request.headers().containsValue(REDACTED);
        if (redacted) {
            throw new FailJobException("webhook payload is a redacted copy (it contains \"" + REDACTED + "\" where the URL"
                    + " path or a credential header was hidden); enqueue it with the real values");
        }
        URI uri;
        try {
            uri = new URI(request.url());
        } catch (URISyntaxException e) {
            // getReason() is the parser's complaint without the input, which may hold a secret path
            throw new FailJobException("webhook url is not a valid URL: " + e.getReason());
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
            throw new FailJobException("webhook url must be an http or https URL");
        }
        if (uri.getHost() == null) throw new FailJobException("webhook url has no host");
        if (uri.getRawUserInfo() != null) throw new FailJobException("webhook url must not carry user:password; use an Authorization header");
        return uri;
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
