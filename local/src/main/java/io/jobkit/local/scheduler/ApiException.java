package io.jobkit.local.scheduler;

/** An error in the Scheduler API's shape: HTTP status plus the error type the SDK maps to an exception class. */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String type;

    private ApiException(int status, String type, String message) {
        super(message);
        this.status = status;
        this.type = type;
    }

    static ApiException validation(String message) {
        return new ApiException(400, "ValidationException", message);
    }

    static ApiException notFound(String message) {
        return new ApiException(404, "ResourceNotFoundException", message);
    }

    static ApiException conflict(String message) {
        return new ApiException(409, "ConflictException", message);
    }

    static ApiException unknownOperation(String message) {
        return new ApiException(404, "UnknownOperationException", message);
    }
}
