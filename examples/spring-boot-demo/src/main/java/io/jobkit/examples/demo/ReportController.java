package io.jobkit.examples.demo;

import io.jobkit.client.JobEnqueuer;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.Map;

/** {@code POST /reports/{month}} enqueues one report per month: the caller-chosen id makes retries harmless. */
@RestController
class ReportController {
    private final JobEnqueuer jobs;

    ReportController(JobEnqueuer jobs) {
        this.jobs = jobs;
    }

    @PostMapping("/reports/{month}")
    ResponseEntity<Map<String, String>> request(@PathVariable String month) {
        String id = jobs.enqueue("report.monthly", new ReportRequest(month), o -> o.jobId("report-" + month));
        return ResponseEntity.accepted().location(URI.create("/jobs/" + id)).body(Map.of("jobId", id));
    }
}
