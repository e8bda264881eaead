package io.jobkit.handlers.worker;

import java.time.Duration;

/**
 * A worker's pool figures since it started, as {@link Worker#metrics()} reports them.
 *
 * @param activeJobs            handlers running now
 * @param completed             attempts that ended SUCCEEDED
 * @param failed                jobs that ended FAILED (including rejected messages)
 * @param retried               attempts that failed and will be retried
 * @param averageProcessingTime mean handler time of the attempts that ran a handler, or null before the first
 * @param uptime                since the worker was created
 */
public record WorkerMetrics(String workerId, int activeJobs, long completed, long failed, long retried,
                            Duration averageProcessingTime, Duration uptime) {
}
