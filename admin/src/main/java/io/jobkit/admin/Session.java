package io.jobkit.admin;

import java.time.Instant;

/**
 * One signed-in browser: the id that sign-out revokes and the CSRF token derives from, who signed in, with which
 * role and how ({@code token} or {@code oidc}), and when the session ends.
 */
record Session(String id, String name, Role role, String mode, Instant expiresAt) {
    Principal principal() {
        return new Principal(name, role, mode);
    }
}
