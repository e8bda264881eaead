package io.jobkit.handlers;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Says why a payload could not be decoded into a handler's payload type: which field, what it must be, and what to
 * do about it. It names fields and expected forms, never the values that were sent: the sentence ends up in logs,
 * on the job record and in DLQ attributes, and payloads carry personal data and secrets.
 */
final class PayloadErrors {
    private static final String FIX = "; send a payload that matches the handler's payload type, or change that type";

    private PayloadErrors() {
    }

    static String describe(IllegalArgumentException conversion) {
        if (!(conversion.getCause() instanceof JsonMappingException e)) {
            return "the payload could not be decoded" + FIX;
        }
        String where = e.getPath().isEmpty() ? "the payload" : "field '" + path(e) + "'";
        if (e instanceof ValueInstantiationException v) {
            Throwable root = v.getCause() != null ? v.getCause() : v;
            // the payload type's own constructor refused it: its message is the handler author's fix-it
            return where + " was refused by " + v.getType().getRawClass().getSimpleName() + ": "
                    + root.getClass().getSimpleName() + (root.getMessage() != null ? " (" + root.getMessage() + ")" : "");
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            return where + " must be " + expectation(m.getTargetType(), e instanceof InvalidFormatException) + FIX;
        }
        return where + " has the wrong form" + FIX;
    }

    private static String expectation(Class<?> type, boolean badFormat) {
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(Object::toString).collect(Collectors.joining(", "));
        }
        if (type == byte[].class) return badFormat ? "valid base64 text" : "base64 text";
        if (type == String.class || type == char.class || type == Character.class) return "a string";
        if (type == boolean.class || type == Boolean.class) return "true or false";
        if (type.isPrimitive() || Number.class.isAssignableFrom(type)) return "a number (" + type.getSimpleName() + ")";
        if (Temporal.class.isAssignableFrom(type)) return "an ISO-8601 time such as 2026-01-31T09:00:00Z";
        if (Collection.class.isAssignableFrom(type) || type.isArray()) return "an array";
        if (Map.class.isAssignableFrom(type)) return "a JSON object";
        return "a JSON object of the form " + type.getSimpleName();
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                sb.append(sb.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }
}
