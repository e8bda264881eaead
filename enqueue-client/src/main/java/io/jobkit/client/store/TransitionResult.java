package io.jobkit.client.store;

import io.jobkit.client.Job;

/**
 * The outcome of one conditional state change. A lost race is a value, not an exception: callers switch on it.
 */
public sealed interface TransitionResult {

    /** The write happened; {@code job} is the record after it. */
    record Applied(Job job) implements TransitionResult {
    }

    /**
     * The record was not in a state this transition may start from (or the caller no longer holds the lease);
     * {@code current} is the record as it was, for the caller to decide what that means.
     */
    record Conflict(Job current) implements TransitionResult {
    }

    /** No such job. */
    record NotFound(String id) implements TransitionResult {
    }

    default boolean applied() {
        return this instanceof Applied;
    }
}
