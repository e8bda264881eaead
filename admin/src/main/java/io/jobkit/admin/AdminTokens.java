package io.jobkit.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bearer tokens for the admin API. The server knows only SHA-256 hashes: {@code JOBKIT_ADMIN_TOKENS} holds
 * comma-separated {@code role:<sha256 hex>} entries, optionally {@code name=role:<sha256 hex>} to name the holder in
 * the audit log. {@link #issue} makes a fresh random token and the entry to add; the token itself is shown once, to
 * the person who asked for it, and is never stored or logged.
 */
public final class AdminTokens {
    /** The environment variable holding the entries. */
    public static final String VARIABLE = "JOBKIT_ADMIN_TOKENS";
    private static final Pattern ENTRY = Pattern.compile("(?:([A-Za-z0-9._@-]{1,64})=)?([a-z]+):([0-9a-f]{64})");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Principal> byHash;

    private AdminTokens(Map<String, Principal> byHash) {
        this.byHash = Map.copyOf(byHash);
    }

    /** A fresh token and its {@code JOBKIT_ADMIN_TOKENS} entry. */
    public record Issued(String token, String entry) {
        @Override
        public String toString() {
            return "Issued[entry=" + entry + "]"; // never the token
        }
    }

    /**
     * A new random token (32 bytes from {@link SecureRandom}, URL-safe base64 with a {@code jk_} prefix so secret
     * scanners can spot it) for {@code role}, and its entry, named when {@code name} is not null.
     *
     * @throws IllegalArgumentException the name has characters an entry cannot hold
     */
    public static Issued issue(Role role, String name) {
        if (name != null && !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("token name '" + name + "' must be 1-64 letters, digits or . _ @ -");
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = "jk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String entry = (name == null ? "" : name + "=") + role.label() + ":" + sha256Hex(token);
        return new Issued(token, entry);
    }

    /**
     * Parses {@code JOBKIT_ADMIN_TOKENS}; empty or null means no tokens.
     *
     * @throws IllegalArgumentException an entry is malformed (the message shows the entry's shape, never a hash)
     */
    static AdminTokens parse(String entries) {
        Map<String, Principal> byHash = new LinkedHashMap<>();
        if (entries == null || entries.isBlank()) return new AdminTokens(byHash);
        int n = 0;
        for (String raw : entries.split(",")) {
            n++;
            String entry = raw.trim();
            if (entry.isEmpty()) continue;
            Matcher m = ENTRY.matcher(entry);
            if (!m.matches()) {
                throw new IllegalArgumentException(VARIABLE + " entry " + n + " is not role:<sha256 hex> or"
                        + " name=role:<sha256 hex> (64 lower-case hex digits); make one with `jobkit admin token --role R`");
            }
            int index = n;
            Role role = Role.parse(m.group(2)).orElseThrow(() -> new IllegalArgumentException(VARIABLE + " entry "
                    + index + " names an unknown role '" + m.group(2) + "'; use " + Role.choices()));
            String name = m.group(1) != null ? m.group(1) : "token-" + m.group(3).substring(0, 8);
            byHash.put(m.group(3), new Principal(name, role, "token"));
        }
        return new AdminTokens(byHash);
    }

    boolean isEmpty() {
        return byHash.isEmpty();
    }

    int size() {
        return byHash.size();
    }

    /** The holder of {@code token}, compared by hash in constant time per entry. */
    Optional<Principal> lookup(String token) {
        byte[] hash = sha256Hex(token).getBytes(StandardCharsets.US_ASCII);
        Principal found = null;
        for (Map.Entry<String, Principal> e : byHash.entrySet()) {
            if (MessageDigest.isEqual(hash, e.getKey().getBytes(StandardCharsets.US_ASCII))) found = e.getValue();
        }
        return Optional.ofNullable(found);
    }

    static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
