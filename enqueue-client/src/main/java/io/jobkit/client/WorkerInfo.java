package io.jobkit.client;

import java.time.Instant;
import java.util.List;

/**
 * A worker's heartbeat, as {@link JobClient#workers()} lists it.
 *
 * @param runtime               {@code worker} (container) or {@code lambda}
 * @param inFlight              jobs running at the last beat
 * @param processed             messages that ran an attempt or reached a final state since start
 * @param types                 the job types this runtime runs (its {@code --types}, else every type it has a
 *                              handler for); empty when the heartbeat predates this field
 * @param declinedTypes         job types this worker received and put back for another worker because they are not
 *                              among its {@code --types}
 * @param averageProcessingMs   mean handler time of the attempts since start, or null before the first
 */
public record WorkerInfo(String id, String runtime, String host, long pid, List<String> queues, int concurrency,
                         int inFlight, long processed, long succeeded, long failed, Instant startedAt, Instant lastBeatAt,
                         int abandonedHandlers, List<String> types, List<String> declinedTypes, Long averageProcessingMs) {

    public WorkerInfo {
        queues = queues == null ? List.of() : List.copyOf(queues);
        types = types == null ? List.of() : List.copyOf(types);
        declinedTypes = declinedTypes == null ? List.of() : List.copyOf(declinedTypes);
    }

    /** Without types, declined types or average processing time. */
    public WorkerInfo(String id, String runtime, String host, long pid, List<String> queues, int concurrency,
                      int inFlight, long processed, long succeeded, long failed, Instant startedAt, Instant lastBeatAt,
                      int abandonedHandlers) {
        this(id, runtime, host, pid, queues, concurrency, inFlight, processed, succeeded, failed, startedAt, lastBeatAt,
                abandonedHandlers, List.of(), List.of(), null);
    }

    /** Without a count of abandoned handler threads (none). */
    public WorkerInfo(String id, String runtime, String host, long pid, List<String> queues, int concurrency,
                      int inFlight, long processed, long succeeded, long failed, Instant startedAt, Instant lastBeatAt) {
        this(id, runtime, host, pid, queues, concurrency, inFlight, processed, succeeded, failed, startedAt, lastBeatAt, 0);
    }

    /** Time since the worker started, as of its last beat. */
    public java.time.Duration uptime() {
        return startedAt == null || lastBeatAt == null ? java.time.Duration.ZERO
                : java.time.Duration.between(startedAt, lastBeatAt);
    }
}
