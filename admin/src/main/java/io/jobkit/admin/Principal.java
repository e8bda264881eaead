package io.jobkit.admin;

/**
 * Who makes a call: the name the audit log records, the role the call is checked against, and how they signed in.
 *
 * @param name   a token's holder name, a hash prefix for an unnamed token, or {@code local} in loopback mode
 * @param role   the role granted; null only for {@link #ANONYMOUS}
 * @param method {@code token}, {@code oidc}, {@code loopback} or {@code none}
 */
record Principal(String name, Role role, String method) {
    static final Principal LOOPBACK = new Principal("local", Role.ADMIN, "loopback");
    /** The caller of a public route (sign-in, health) before any credential is checked. */
    static final Principal ANONYMOUS = new Principal("anonymous", null, "none");
}
