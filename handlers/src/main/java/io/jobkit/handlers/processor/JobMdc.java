package io.jobkit.handlers.processor;

import org.slf4j.MDC;

/** The SLF4J MDC keys a handler thread carries while its job runs, so every log line names the job. */
final class JobMdc {
    static final String JOB_ID = "jobId";
    static final String JOB_TYPE = "jobType";
    static final String ATTEMPT = "attempt";
    static final String QUEUE = "queue";
    static final String TRACE_ID = "traceId";
    static final String SPAN_ID = "spanId";

    private JobMdc() {
    }

    static void put(RunningJob job) {
        MDC.put(JOB_ID, job.jobId());
        MDC.put(JOB_TYPE, job.type());
        MDC.put(ATTEMPT, Integer.toString(job.attempt()));
        if (job.queue() != null) MDC.put(QUEUE, job.queue());
    }

    static void clear() {
        MDC.remove(JOB_ID);
        MDC.remove(JOB_TYPE);
        MDC.remove(ATTEMPT);
        MDC.remove(QUEUE);
        MDC.remove(TRACE_ID);
        MDC.remove(SPAN_ID);
    }
}
