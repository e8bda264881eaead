package io.jobkit.testkit;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * Payload matchers for {@link FakeJobClient#assertEnqueued(String, Predicate, Predicate)}. Payloads are compared as
 * JSON, the way a worker receives them, so a record and a map with the same fields match.
 */
public final class Payloads {

    private Payloads() {
    }

    public static Predicate<JsonNode> any() {
        return p -> true;
    }

    /** The whole payload equals {@code expected} as the client would send it (objects serialised, strings as JSON text). */
    public static Predicate<JsonNode> equalTo(Object expected) {
        JsonNode want = FakeJobClient.toJson(expected);
        return p -> want.equals(p);
    }

    /**
     * The field at {@code path} ({@code to}, {@code address.city}, or a JSON pointer {@code /lines/0}) equals
     * {@code expected} as a JSON value (a string is a JSON string here, not JSON text).
     */
    public static Predicate<JsonNode> field(String path, Object expected) {
        String pointer = path.startsWith("/") ? path : "/" + path.replace('.', '/');
        JsonNode want = FakeJobClient.MAPPER.valueToTree(expected);
        return p -> p != null && Objects.equals(want, p.at(pointer));
    }
}
