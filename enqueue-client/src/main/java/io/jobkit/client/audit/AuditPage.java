package io.jobkit.client.audit;

import java.util.List;

/**
 * What a read of the audit log returns: the instant it starts at and the entries, newest first. The JSON shape of
 * both {@code GET /api/admin/audit} and {@code jobkit audit --json}.
 */
public record AuditPage(String since, List<AuditEntry> entries) {
    public AuditPage {
        entries = List.copyOf(entries);
    }
}
