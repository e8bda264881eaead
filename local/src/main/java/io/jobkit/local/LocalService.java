package io.jobkit.local;

/**
 * The AWS services the local cloud emulates, with what a person needs to know about each: its default port, the
 * {@code local/run} flag that moves it and the standard SDK variable that points clients at it.
 */
enum LocalService {
    SQS("SQS", 9324, "--sqs-port", "AWS_ENDPOINT_URL_SQS"),
    DYNAMODB("DynamoDB", 8000, "--dynamodb-port", "AWS_ENDPOINT_URL_DYNAMODB"),
    SCHEDULER("EventBridge Scheduler", 8085, "--scheduler-port", "AWS_ENDPOINT_URL_SCHEDULER");

    private final String displayName;
    private final int defaultPort;
    private final String portFlag;
    private final String endpointVariable;

    LocalService(String displayName, int defaultPort, String portFlag, String endpointVariable) {
        this.displayName = displayName;
        this.defaultPort = defaultPort;
        this.portFlag = portFlag;
        this.endpointVariable = endpointVariable;
    }

    String displayName() {
        return displayName;
    }

    int defaultPort() {
        return defaultPort;
    }

    String portFlag() {
        return portFlag;
    }

    /** The variable the AWS SDKs and CLI read this service's endpoint from, e.g. {@code AWS_ENDPOINT_URL_SQS}. */
    String endpointVariable() {
        return endpointVariable;
    }
}
