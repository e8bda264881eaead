package io.jobkit.local.lambda;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** The Lambda {@link Context} of an in-process invocation: {@link #getRemainingTimeInMillis()} really counts down. */
final class LocalContext implements Context {
    private static final Logger FUNCTION_LOG = LoggerFactory.getLogger("io.jobkit.local.lambda.function");

    private final String requestId;
    private final FunctionSettings function;
    private final String functionArn;
    private final Instant deadline;
    private final Clock clock;

    LocalContext(String requestId, FunctionSettings function, String functionArn, Instant deadline, Clock clock) {
        this.requestId = requestId;
        this.function = function;
        this.functionArn = functionArn;
        this.deadline = deadline;
        this.clock = clock;
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + function.name();
    }

    @Override
    public String getLogStreamName() {
        return "local/[$LATEST]" + requestId.substring(0, 8);
    }

    @Override
    public String getFunctionName() {
        return function.name();
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return functionArn;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.max(0, Duration.between(clock.instant(), deadline).toMillis());
    }

    @Override
    public int getMemoryLimitInMB() {
        return function.memoryMiB();
    }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                FUNCTION_LOG.info("[{}] {}", requestId, message.strip());
            }

            @Override
            public void log(byte[] message) {
                log(new String(message, StandardCharsets.UTF_8));
            }
        };
    }
}
