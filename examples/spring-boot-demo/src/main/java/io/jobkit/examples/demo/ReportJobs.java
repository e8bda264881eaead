package io.jobkit.examples.demo;

import io.jobkit.handlers.JobContext;
import io.jobkit.spring.JobkitHandler;
import org.springframework.stereotype.Component;

import java.util.Map;

/** The handler bean: jobkit binds the payload into {@link ReportRequest} and stores the returned map as the result. */
@Component
class ReportJobs {

    @JobkitHandler("report.monthly")
    Map<String, Object> monthly(ReportRequest request, JobContext ctx) {
        ctx.progress(50, "summing " + request.month());
        ctx.log("report for {} built", request.month());
        return Map.of("month", request.month(), "rows", 42);
    }
}
