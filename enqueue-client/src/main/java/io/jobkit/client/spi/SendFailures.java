package io.jobkit.client.spi;

import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Tells a SendMessage that SQS refused from one whose outcome is unknown. A service error with a 4xx status that is
 * not throttling (queue missing, access denied, invalid attribute) is a definite refusal: SQS answered and did not
 * accept the message. Everything else — a client-side error (timeout, reset connection, the attempt or call timeout),
 * a 5xx, throttling that outlasted the retries — may hide an earlier attempt that SQS applied and whose response was
 * lost, so it is ambiguous.
 */
public final class SendFailures {
    private SendFailures() {
    }

    public static boolean isDefiniteRefusal(Throwable e) {
        if (!(e instanceof AwsServiceException service)) return false;
        int status = service.statusCode();
        return status >= 400 && status < 500 && !service.isThrottlingException();
    }
}
