package io.jobkit.handlers.worker;

import io.jobkit.handlers.processor.JobObserver;
import io.jobkit.handlers.processor.ObservedOutcome;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** The worker's lifetime figures for {@link Worker#metrics()}, fed by the processor's observer. */
final class PoolFigures implements JobObserver {
    final AtomicLong completed = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong retried = new AtomicLong();
    private final AtomicLong timed = new AtomicLong();
    private final AtomicLong totalMillis = new AtomicLong();

    @Override
    public void onOutcome(ObservedOutcome o) {
        switch (o.kind()) {
            case SUCCEEDED -> completed.incrementAndGet();
            case FAILED, REJECTED -> failed.incrementAndGet();
            case RETRYING -> retried.incrementAndGet();
            default -> { }
        }
        if (o.duration() != null) {
            timed.incrementAndGet();
            totalMillis.addAndGet(o.duration().toMillis());
        }
    }

    Duration average() {
        long n = timed.get();
        return n == 0 ? null : Duration.ofMillis(totalMillis.get() / n);
    }
}
