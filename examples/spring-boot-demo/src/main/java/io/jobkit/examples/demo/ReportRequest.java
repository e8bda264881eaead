package io.jobkit.examples.demo;

/** The payload of a {@code report.monthly} job. */
public record ReportRequest(String month) {
}
