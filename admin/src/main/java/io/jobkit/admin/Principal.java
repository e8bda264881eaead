package io.jobkit.admin;

/**
 * Who makes a call: the name the audit log records, the role the call is checked against, and how they signed in.
 *
 * @param name   a token's holder name, a hash prefix for an unnamed token, or {@code local} in loopback mode
 * @param role   the role granted
 * @param method {@code token}, {@code oidc} or {@code loopback}
 */
record Principal(String name, Role role, String method) {
    static final Principal LOOPBACK = new Principal("local", Role.ADMIN, "loopback");
}
