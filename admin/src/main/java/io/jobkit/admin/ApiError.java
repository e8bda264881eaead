package io.jobkit.admin;

/**
 * A call that ends in an error response: {@code {"error": "<one sentence>", "code": "<UPPER_SNAKE>"}} with
 * {@link #status}. Thrown by routes and by the dispatcher; nothing has changed when one is thrown before a route
 * acted.
 */
final class ApiError extends RuntimeException {
    private final int status;
    private final String code;

    ApiError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    static ApiError badRequest(String code, String message) {
        return new ApiError(400, code, message);
    }

    static ApiError invalid(String message) {
        return new ApiError(422, "INVALID_INPUT", message);
    }

    static ApiError notFound(String code, String message) {
        return new ApiError(404, code, message);
    }

    static ApiError conflict(String code, String message) {
        return new ApiError(409, code, message);
    }
}
