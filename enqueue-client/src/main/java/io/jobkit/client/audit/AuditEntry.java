package io.jobkit.client.audit;

/**
 * One audit entry: who did what, and how it ended. The admin API's {@code GET /api/admin/audit} and
 * {@code jobkit audit --json} both print this record, so their field names cannot drift.
 *
 * @param at        when, ISO-8601 UTC
 * @param principal the caller's name (a token holder, an OIDC user, {@code local} in loopback mode)
 * @param role      the role the caller had
 * @param method    how the caller signed in: {@code token}, {@code oidc} or {@code loopback}
 * @param action    the route, e.g. {@code POST /api/admin/queues/{queue}/pause}
 * @param target    the path called, e.g. {@code /api/admin/queues/low/pause}
 * @param status    the HTTP status the call got
 * @param outcome   {@code OK}, an error code, or what was done ("moved 3 of 3")
 */
public record AuditEntry(String at, String principal, String role, String method, String action, String target,
                         int status, String outcome) {
}
