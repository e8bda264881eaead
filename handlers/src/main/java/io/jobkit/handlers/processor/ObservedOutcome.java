package io.jobkit.handlers.processor;

import java.time.Duration;
import java.time.Instant;

/**
 * One recorded outcome as a {@link JobObserver} sees it.
 *
 * @param queue     the logical queue the message came from
 * @param type      the job type, or null for a body that was not an envelope
 * @param kind      what was recorded
 * @param attempt   the attempt that ran (0 for a rejected message)
 * @param duration  how long the handler ran, or null when it did not run (cancel before start, rejection)
 * @param queueWait from the job's creation or not-before time to the start of its first attempt; null for later
 *                  attempts (their wait is the backoff) and when the handler did not run
 * @param at        when the outcome was recorded
 */
public record ObservedOutcome(String queue, String type, ProcessResult.Kind kind, int attempt, Duration duration,
                              Duration queueWait, Instant at) {
}
