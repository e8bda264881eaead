package io.jobkit.handlers.processor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Handler threads that ignored their stop signal past the grace period. Java cannot stop a thread, so such a
 * handler keeps running after its attempt was recorded (and may finish side effects after a retry started
 * elsewhere). This counts them, logs when each is given up and when it finally ends, and bounds them: at
 * {@code limit} live abandoned threads the processor starts no new handlers (their messages go back) until some
 * end, so a handler that hangs on every input cannot grow the thread count without bound.
 */
final class AbandonedHandlers {
    private static final Logger LOG = LoggerFactory.getLogger(AbandonedHandlers.class);

    private final int limit;
    private final AtomicInteger alive = new AtomicInteger();
    private final AtomicLong total = new AtomicLong();

    AbandonedHandlers(int limit) {
        this.limit = limit;
    }

    /** Records that the handler of {@code job}, still running as {@code done}, is left behind. */
    void abandon(RunningJob job, CompletableFuture<?> done) {
        int now = alive.incrementAndGet();
        total.incrementAndGet();
        LOG.error("job {} attempt {}: handler thread abandoned (it ignored {} and is still running); {} abandoned"
                        + " handler thread(s) alive, limit {}", job.jobId(), job.attempt(), job.signal(), now, limit);
        done.whenComplete((r, e) -> {
            int left = alive.decrementAndGet();
            LOG.warn("job {} attempt {}: abandoned handler finally ended, after its attempt's outcome was recorded;"
                    + " {} abandoned handler thread(s) still alive", job.jobId(), job.attempt(), left);
        });
    }

    /** Abandoned handler threads still running. */
    int alive() {
        return alive.get();
    }

    /** Handler threads abandoned since start. */
    long total() {
        return total.get();
    }

    boolean atLimit() {
        return alive.get() >= limit;
    }

    int limit() {
        return limit;
    }
}
