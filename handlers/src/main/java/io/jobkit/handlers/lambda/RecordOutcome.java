package io.jobkit.handlers.lambda;

import io.jobkit.handlers.processor.Disposition;
import io.jobkit.handlers.processor.ProcessResult;

import java.time.Duration;

/**
 * What became of one record of a batch, and so what the invocation reports for it. Everything but {@link Done} is a
 * batch item failure: the event source mapping deletes only the records not reported.
 */
sealed interface RecordOutcome {

    /** True when the record must be reported in {@code batchItemFailures}. */
    default boolean failed() {
        return true;
    }

    /** The visibility to set before reporting the failure, or null to leave the message's visibility as it is. */
    default Duration returnAfter() {
        return null;
    }

    /** Finished (succeeded, failed into the DLQ, cancelled, duplicate): the event source mapping deletes it. */
    record Done(ProcessResult result) implements RecordOutcome {
        @Override
        public boolean failed() {
            return false;
        }
    }

    /** To run again after {@code delay} (retry backoff, early arrival, busy elsewhere, released). */
    record Retry(ProcessResult result, Duration delay) implements RecordOutcome {
        @Override
        public Duration returnAfter() {
            return delay;
        }
    }

    /** Lost lease, outcome not recorded, unreadable record: the message returns when its visibility runs out. */
    record Leave(String reason) implements RecordOutcome {
    }

    /** FIFO: an earlier record of the same message group failed, so this one waits to keep the group's order. */
    record HeldBack() implements RecordOutcome {
        @Override
        public Duration returnAfter() {
            return Duration.ZERO;
        }
    }

    /** Not started because the invocation's time was running out; visible again at once, no attempt counted. */
    record NotStarted() implements RecordOutcome {
        @Override
        public Duration returnAfter() {
            return Duration.ZERO;
        }
    }

    /** Maps the processor's result: delete means done, anything else comes back. */
    static RecordOutcome of(ProcessResult result) {
        Disposition d = result.disposition();
        if (d instanceof Disposition.Delete) return new Done(result);
        if (d instanceof Disposition.ReturnAfter after) return new Retry(result, after.delay());
        return new Leave("job " + result.jobId() + ": " + result.kind());
    }
}
