package io.jobkit.handlers.worker;

import io.jobkit.handlers.processor.ProcessResult;

import java.util.concurrent.atomic.AtomicLong;

/** The worker's counters, reported in its heartbeat. */
final class WorkerStats {
    final AtomicLong processed = new AtomicLong();
    final AtomicLong succeeded = new AtomicLong();
    final AtomicLong failed = new AtomicLong();

    void count(ProcessResult result) {
        if (result.countsAsProcessed()) processed.incrementAndGet();
        if (result.kind() == ProcessResult.Kind.SUCCEEDED) succeeded.incrementAndGet();
        if (result.kind() == ProcessResult.Kind.FAILED || result.kind() == ProcessResult.Kind.REJECTED) failed.incrementAndGet();
    }
}
