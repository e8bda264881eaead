package io.jobkit.local.chaos;

/** What {@link FaultProxy} did to one request instead of (or after) forwarding it. */
public enum FaultKind {
    /** HTTP 500 with the service's InternalServerError/InternalFailure body; not forwarded. */
    SERVER_ERROR_500("500"),
    /** HTTP 503 ServiceUnavailable; not forwarded. */
    UNAVAILABLE_503("503"),
    /** HTTP 400 with the service's throttling code (ProvisionedThroughputExceededException, RequestThrottled). */
    THROTTLED("throttled"),
    /** The connection is reset (TCP RST) before the request is forwarded. */
    CONNECTION_RESET("reset"),
    /** Forwarded and applied by the emulator, then the connection is reset instead of answering. */
    RESPONSE_LOST("lost response"),
    /** Nothing is answered for longer than the SDK's socket timeout, then the connection is closed. */
    HANG("hang"),
    /** Inside an outage window every request gets a 503. */
    OUTAGE("outage 503");

    private final String label;

    FaultKind(String label) {
        this.label = label;
    }

    /** The short name used in the figures table. */
    public String label() {
        return label;
    }

    /** The kinds drawn at random at the configured rate (the outage is not random). */
    static final FaultKind[] RANDOM = {SERVER_ERROR_500, UNAVAILABLE_503, THROTTLED, CONNECTION_RESET, RESPONSE_LOST, HANG};
}
