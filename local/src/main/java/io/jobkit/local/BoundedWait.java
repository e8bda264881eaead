package io.jobkit.local;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for a shutdown step, but never for long: a stop path that can hang turns Ctrl-C into kill -9. A step that
 * times out or fails is logged at WARN and the caller moves on to the next one.
 */
final class BoundedWait {
    private static final Logger log = LoggerFactory.getLogger(BoundedWait.class);

    private BoundedWait() {
    }

    /** Returns whether {@code step} completed normally within {@code limit}. */
    static boolean await(CompletionStage<?> step, Duration limit, String what) {
        try {
            step.toCompletableFuture().get(limit.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            log.warn("{} did not finish within {} ms; moving on", what, limit.toMillis());
        } catch (ExecutionException e) {
            log.warn("{} failed: {}", what, e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("{} interrupted", what);
        }
        return false;
    }

    /** Runs {@code step}, logging instead of throwing: one part that fails to stop must not keep the others up. */
    static void run(String what, ThrowingRunnable step) {
        try {
            step.run();
        } catch (Exception e) {
            log.warn("{} failed: {}", what, e.toString());
        }
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
