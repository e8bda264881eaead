package io.jobkit.handlers.worker;

import java.time.Instant;
import java.util.List;

/**
 * A worker's readiness, as {@code /readyz} reports it.
 *
 * @param ready            polling, not draining, and AWS answered recently
 * @param reasons          why it is not ready; empty when ready
 * @param lastAwsContactAt the last successful heartbeat write (a DynamoDB call), or null before the first
 */
public record WorkerHealth(String workerId, boolean ready, List<String> reasons, Instant lastAwsContactAt) {
    public WorkerHealth {
        reasons = List.copyOf(reasons);
    }
}
