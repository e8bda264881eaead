package io.jobkit.handlers.processor;

/**
 * Told of every outcome the processor recorded, on the thread that recorded it (metrics, tracing). Must be quick and
 * must not throw; the processor logs and ignores an observer that does, so a failing observer never changes an
 * outcome.
 */
@FunctionalInterface
public interface JobObserver {
    JobObserver NONE = outcome -> { };

    void onOutcome(ObservedOutcome outcome);
}
