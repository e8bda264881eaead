package io.jobkit.admin;

import java.time.Duration;
import java.util.List;

/**
 * Reads the {@code Cookie} request header and writes {@code Set-Cookie} values. Cookies the console sets are always
 * HttpOnly (no script reads them; the page learns what it needs from GET /api/admin/session) and Secure when the
 * browser reached the server over https (TLS here, or a proxy saying {@code X-Forwarded-Proto: https}).
 */
final class Cookies {
    private Cookies() {
    }

    /** The value of cookie {@code name} in the {@code Cookie} headers, or null. */
    static String read(List<String> cookieHeaders, String name) {
        if (cookieHeaders == null) return null;
        for (String header : cookieHeaders) {
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                if (eq < 0) continue;
                if (pair.substring(0, eq).trim().equals(name)) {
                    String v = pair.substring(eq + 1).trim();
                    if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) v = v.substring(1, v.length() - 1);
                    return v;
                }
            }
        }
        return null;
    }

    /**
     * A {@code Set-Cookie} value.
     *
     * @param sameSite {@code Strict} for the session; {@code Lax} for the sign-in state cookie, which must come back on
     *                 the identity provider's top-level redirect to the callback
     * @param maxAge   null for a browser-session cookie, zero to delete
     */
    static String set(String name, String value, String path, String sameSite, Duration maxAge, boolean secure) {
        StringBuilder sb = new StringBuilder(name).append('=').append(value).append("; Path=").append(path)
                .append("; HttpOnly; SameSite=").append(sameSite);
        if (maxAge != null) sb.append("; Max-Age=").append(Math.max(0, maxAge.toSeconds()));
        if (secure) sb.append("; Secure");
        return sb.toString();
    }

    static String clear(String name, String path, String sameSite, boolean secure) {
        return set(name, "", path, sameSite, Duration.ZERO, secure);
    }
}
