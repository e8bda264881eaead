package io.jobkit.local.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;

/** How one invocation ended, as the event source mapping sees it. */
public sealed interface InvocationResult {

    /** The function returned; {@code response} may be null (a handler that returns nothing). */
    record Response(SQSBatchResponse response) implements InvocationResult {
    }

    /**
     * The function failed: it threw ({@code errorType} is the exception class), timed out ({@code Sandbox.Timedout}),
     * its runtime died ({@code Runtime.ExitError}) or its init failed ({@code Runtime.InitError}). The event source
     * deletes nothing; every record returns after its visibility timeout.
     */
    record Failure(String errorType, String message) implements InvocationResult {
    }
}
