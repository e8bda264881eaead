package io.jobkit.client;

import java.time.Instant;
import java.util.List;

/**
 * A worker's heartbeat, as {@link JobClient#workers()} lists it.
 *
 * @param runtime     {@code worker} (container) or {@code lambda}
 * @param inFlight    jobs running at the last beat
 * @param processed   messages that ran an attempt or reached a final state since start
 */
public record WorkerInfo(String id, String runtime, String host, long pid, List<String> queues, int concurrency,
                         int inFlight, long processed, long succeeded, long failed, Instant startedAt, Instant lastBeatAt,
                         int abandonedHandlers) {

    public WorkerInfo {
        queues = queues == null ? List.of() : List.copyOf(queues);
    }

    /** Without a count of abandoned handler threads (none). */
    public WorkerInfo(String id, String runtime, String host, long pid, List<String> queues, int concurrency,
                      int inFlight, long processed, long succeeded, long failed, Instant startedAt, Instant lastBeatAt) {
        this(id, runtime, host, pid, queues, concurrency, inFlight, processed, succeeded, failed, startedAt, lastBeatAt, 0);
    }
}
