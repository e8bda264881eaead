package io.jobkit.local.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;

import java.time.Instant;

/** One execution environment of a local function: it runs one invocation at a time, as on AWS. */
interface FunctionEnvironment extends AutoCloseable {

    InvocationResult invoke(String requestId, SQSEvent event, Instant deadline);

    /** False once the environment must be thrown away (it timed out or its runtime died). */
    boolean usable();

    @Override
    void close();
}
