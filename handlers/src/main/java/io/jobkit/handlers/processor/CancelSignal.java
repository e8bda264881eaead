package io.jobkit.handlers.processor;

/** Why a running attempt was told to stop. The reason decides the outcome, whatever the handler then throws. */
enum CancelSignal {
    TIMEOUT("timed out"),
    CANCEL_REQUESTED("cancel requested"),
    LEASE_LOST("lease lost to another worker"),
    SHUTDOWN("worker shutting down");

    private final String description;

    CancelSignal(String description) {
        this.description = description;
    }

    String description() {
        return description;
    }
}
