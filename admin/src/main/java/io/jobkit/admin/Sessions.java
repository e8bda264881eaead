package io.jobkit.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Browser sessions as HMAC-SHA256-signed cookie values: {@code base64url(json) "." base64url(hmac)}, the JSON holding
 * the session id, name, role, mode and expiry.
 *
 * <p>Why signed values and not opaque ids in a server-side map: the console can run as more than one process (a
 * Lambda function scales out, a restart replaces the Fargate task), and a signed value is valid on every process that
 * holds the same {@code JOBKIT_ADMIN_SESSION_KEY} with no shared store. What a signed value cannot do alone is die
 * early, so sign-out also records the session id in a {@link Revocations} kept until the session would have expired:
 * on a server, {@link SessionItems} in the jobs table, so a sign-out holds on every process. Without a configured key
 * each process draws a random one, so a restart signs everyone out.
 *
 * <p>The CSRF token is {@code hmac("csrf|" + id)}: bound to one session, never stored, and not derivable from the
 * cookie value by a page that can read neither.
 */
final class Sessions {
    static final String COOKIE = "jobkit_session";
    /** The header a cookie-authenticated POST/PUT/DELETE carries its CSRF token in. */
    static final String CSRF_HEADER = "X-Jobkit-Csrf";
    static final Duration DEFAULT_TTL = Duration.ofHours(8);
    static final int MIN_KEY_LENGTH = 32;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What a cookie value turned out to be. */
    sealed interface Read {
        record Valid(Session session) implements Read {
        }

        /** Signed by this key but past its expiry. */
        record Expired() implements Read {
        }

        /** Malformed, signed by another key, or signed out. */
        record Invalid() implements Read {
        }
    }

    /** Where signed-out sessions are remembered until they would have expired. */
    interface Revocations {
        void revoke(Session session);

        boolean revoked(Session session);

        /** This process's memory only: for a single process (and the unit tests), never for a scaled-out console. */
        static Revocations inMemory(Clock clock) {
            Map<String, Instant> revoked = new ConcurrentHashMap<>();
            return new Revocations() {
                @Override
                public void revoke(Session s) {
                    Instant now = clock.instant();
                    revoked.values().removeIf(until -> !now.isBefore(until)); // past its expiry anyway
                    revoked.put(s.id(), s.expiresAt());
                }

                @Override
                public boolean revoked(Session s) {
                    return revoked.containsKey(s.id());
                }
            };
        }
    }

    private final SecretKeySpec key;
    private final Duration ttl;
    private final Clock clock;
    private final Revocations revocations;

    Sessions(byte[] key, Duration ttl, Clock clock, Revocations revocations) {
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
        this.ttl = ttl;
        this.clock = clock;
        this.revocations = revocations;
    }

    /** Sessions signed with {@code configuredKey} (at least {@value #MIN_KEY_LENGTH} characters), or a random key when null. */
    static Sessions fromConfig(String configuredKey, String configuredTtl, Clock clock) {
        return fromConfig(configuredKey, configuredTtl, clock, Revocations.inMemory(clock));
    }

    static Sessions fromConfig(String configuredKey, String configuredTtl, Clock clock, Revocations revocations) {
        byte[] key;
        if (configuredKey == null || configuredKey.isBlank()) {
            key = randomBytes(32);
        } else if (configuredKey.trim().length() < MIN_KEY_LENGTH) {
            throw new IllegalArgumentException(AdminServer.SESSION_KEY + " is " + configuredKey.trim().length()
                    + " characters; use at least " + MIN_KEY_LENGTH + " random ones (e.g. `openssl rand -base64 32`)");
        } else {
            key = configuredKey.trim().getBytes(StandardCharsets.UTF_8);
        }
        return new Sessions(key, parseTtl(configuredTtl), clock, revocations);
    }

    /**
     * {@code JOBKIT_ADMIN_SESSION_TTL}: an ISO-8601 duration ({@code PT8H}) or a number with s, m, h or d
     * ({@code 8h}, {@code 30m}); blank means {@link #DEFAULT_TTL}. From one minute to 30 days.
     */
    static Duration parseTtl(String text) {
        if (text == null || text.isBlank()) return DEFAULT_TTL;
        String t = text.trim();
        Duration d = null;
        try {
            if (t.regionMatches(true, 0, "P", 0, 1)) {
                d = Duration.parse(t);
            } else if (t.matches("\\d{1,7}[smhdSMHD]")) {
                long n = Long.parseLong(t.substring(0, t.length() - 1));
                d = switch (Character.toLowerCase(t.charAt(t.length() - 1))) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
        } catch (java.time.format.DateTimeParseException e) {
            d = null;
        }
        if (d == null || d.compareTo(Duration.ofMinutes(1)) < 0 || d.compareTo(Duration.ofDays(30)) > 0) {
            throw new IllegalArgumentException(AdminServer.SESSION_TTL + " '" + text + "' is not a duration from 1 minute"
                    + " to 30 days; write it as 8h, 30m, 1d or ISO-8601 (PT8H)");
        }
        return d;
    }

    Duration ttl() {
        return ttl;
    }

    /** A new session for {@code who}, valid for the configured TTL from now. */
    Session open(Principal who) {
        return new Session(B64.encodeToString(randomBytes(16)), who.name(), who.role(), who.method(),
                clock.instant().plus(ttl));
    }

    /** The cookie value that carries {@code session}. */
    String encode(Session s) {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("sid", s.id());
        json.put("sub", s.name());
        json.put("role", s.role().label());
        json.put("mode", s.mode());
        json.put("exp", s.expiresAt().getEpochSecond());
        String payload = B64.encodeToString(json.toString().getBytes(StandardCharsets.UTF_8));
        return payload + "." + B64.encodeToString(mac(payload));
    }

    /** Reads a cookie value: valid, expired (signature good, time passed) or invalid (anything else, or signed out). */
    Read read(String value) {
        if (value == null) return new Read.Invalid();
        int dot = value.indexOf('.');
        if (dot <= 0 || dot != value.lastIndexOf('.')) return new Read.Invalid();
        String payload = value.substring(0, dot);
        byte[] given;
        try {
            given = B64D.decode(value.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return new Read.Invalid();
        }
        if (!MessageDigest.isEqual(mac(payload), given)) return new Read.Invalid();
        Session s;
        try {
            JsonNode json = Json.MAPPER.readTree(B64D.decode(payload));
            Optional<Role> role = Role.parse(json.path("role").asText(null));
            if (role.isEmpty() || !json.path("exp").canConvertToLong()) return new Read.Invalid();
            s = new Session(json.path("sid").asText(), json.path("sub").asText(), role.get(), json.path("mode").asText(),
                    Instant.ofEpochSecond(json.path("exp").asLong()));
        } catch (java.io.IOException | IllegalArgumentException e) {
            return new Read.Invalid();
        }
        if (!clock.instant().isBefore(s.expiresAt())) return new Read.Expired();
        // last, so a forged or expired value never costs a read of the revocations
        if (revocations.revoked(s)) return new Read.Invalid();
        return new Read.Valid(s);
    }

    /** Signs {@code session} out: its cookie value is refused from now on (see {@link SessionItems} for how soon elsewhere). */
    void revoke(Session session) {
        revocations.revoke(session);
    }

    /**
     * A 256-bit key for {@code purpose}, derived from the session key (HMAC-SHA256 of a label, as HKDF's expand step
     * does with one block), so one configured secret yields independent keys: a value made for one purpose is
     * worthless for another.
     */
    byte[] derivedKey(String purpose) {
        return mac("jobkit key|" + purpose);
    }

    /** The CSRF token of a session. */
    String csrfToken(Session session) {
        return csrfToken("session|" + session.id());
    }

    /** The CSRF token the loopback page gets (loopback mode has no session; its calls are guarded by Origin). */
    String loopbackCsrfToken() {
        return csrfToken("loopback");
    }

    /** Whether {@code header} is the CSRF token of {@code session}, compared in constant time. */
    boolean csrfMatches(Session session, String header) {
        if (header == null) return false;
        return MessageDigest.isEqual(csrfToken(session).getBytes(StandardCharsets.US_ASCII),
                header.trim().getBytes(StandardCharsets.US_ASCII));
    }

    private String csrfToken(String subject) {
        return B64.encodeToString(mac("csrf|" + subject));
    }

    private byte[] mac(String data) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(key);
            return m.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    static String randomToken(int bytes) {
        return B64.encodeToString(randomBytes(bytes));
    }
}
