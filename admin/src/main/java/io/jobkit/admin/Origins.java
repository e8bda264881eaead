package io.jobkit.admin;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Same-origin checks that do not depend on cookies.
 *
 * <ul>
 *   <li>A state-changing call whose {@code Origin} header is present must come from the server's own origin. Browsers
 *       send Origin on every cross-site POST/PUT/DELETE, forms included, so this refuses cross-site requests in
 *       loopback mode, where there is no session to carry a CSRF token, and guards sign-in against login CSRF.</li>
 *   <li>In loopback mode the {@code Host} must be a loopback name: a page on {@code evil.example} that re-points its
 *       DNS name at 127.0.0.1 (DNS rebinding) is same-origin to the browser, but arrives with its own Host.</li>
 * </ul>
 * Own origin: loopback mode, {@code http://127.0.0.1|localhost|[::1]:<port>}; otherwise the scheme the browser used
 * (https under TLS or {@code X-Forwarded-Proto: https}) and the {@code Host} it sent.
 */
final class Origins {
    private static final Set<String> LOOPBACK_HOSTS = Set.of("127.0.0.1", "localhost", "[::1]");

    private Origins() {
    }

    /** Whether {@code origin} (an Origin header value, not null) is the server's own. */
    static boolean sameOrigin(String origin, String host, boolean secure, boolean loopbackMode, int port) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        if (loopbackMode) {
            for (String h : LOOPBACK_HOSTS) {
                if (o.equals("http://" + h + ":" + port)) return true;
            }
            return false;
        }
        if (host == null) return false;
        return o.equals((secure ? "https://" : "http://") + host.trim().toLowerCase(Locale.ROOT));
    }

    /** Whether the Host header names this machine's loopback interface (checked in loopback mode only). */
    static boolean loopbackHost(String host) {
        if (host == null) return true; // HTTP/1.0 without Host: not a browser
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            h = end < 0 ? h : h.substring(0, end + 1);
        } else if (h.indexOf(':') >= 0) {
            h = h.substring(0, h.indexOf(':'));
        }
        return LOOPBACK_HOSTS.contains(h) || h.startsWith("127.");
    }

    /** Whether the browser reached the server over https. */
    static boolean secure(boolean tls, String forwardedProto) {
        return tls || (forwardedProto != null && forwardedProto.trim().toLowerCase(Locale.ROOT).startsWith("https"));
    }

    /** The server's own base URL as the browser sees it, for the OIDC redirect URI. */
    static URI base(String host, boolean secure) {
        return URI.create((secure ? "https://" : "http://") + host.trim() + "/");
    }
}
