package io.jobkit.local.lambda;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What a local event source has done so far.
 *
 * @param invocations    function invocations
 * @param records        records sent in them
 * @param deleted        records deleted after a response (succeeded)
 * @param itemFailures   records a response reported in {@code batchItemFailures}
 * @param functionErrors invocations that failed as a whole (error, timeout, init failure, invalid response)
 */
public record EventSourceStats(long invocations, long records, long deleted, long itemFailures, long functionErrors) {

    /** Live counters, shared by a source's mappings. */
    static final class Counters {
        private final AtomicLong invocations = new AtomicLong();
        private final AtomicLong records = new AtomicLong();
        private final AtomicLong deleted = new AtomicLong();
        private final AtomicLong itemFailures = new AtomicLong();
        private final AtomicLong functionErrors = new AtomicLong();

        void invoked(int batchSize) {
            invocations.incrementAndGet();
            records.addAndGet(batchSize);
        }

        void settled(int deletedRecords, int failedRecords) {
            deleted.addAndGet(deletedRecords);
            itemFailures.addAndGet(failedRecords);
        }

        void functionError() {
            functionErrors.incrementAndGet();
        }

        EventSourceStats snapshot() {
            return new EventSourceStats(invocations.get(), records.get(), deleted.get(), itemFailures.get(),
                    functionErrors.get());
        }
    }
}
