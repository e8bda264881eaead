package io.jobkit.handlers.processor;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import java.util.List;
import java.util.StringJoiner;

/**
 * Describes why a payload did not decode without quoting it. Jackson's own messages embed the offending value
 * ({@code from String "4111 1111 ..."}), and the reason goes to a WARN log, the job record and the DLQ message's
 * attributes, where a payload's secrets must not travel. The description keeps what a developer needs to fix the
 * sender — the field path, the expected type, the kind of mismatch — and drops every value.
 */
final class PayloadErrors {
    private PayloadErrors() {
    }

    static String describe(IllegalArgumentException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        if (!(cause instanceof JsonMappingException jme)) {
            return "the payload could not be decoded (" + cause.getClass().getSimpleName() + ")";
        }
        String at = path(jme.getPath());
        if (jme instanceof UnrecognizedPropertyException u) {
            return "unknown property '" + u.getPropertyName() + "'" + at;
        }
        if (jme instanceof InvalidTypeIdException) {
            return "missing or unknown type id" + at;
        }
        if (jme instanceof InvalidFormatException f) {
            return "value of the wrong format for " + simple(f.getTargetType()) + at;
        }
        if (jme instanceof MismatchedInputException m) {
            return "value of the wrong shape for " + simple(m.getTargetType()) + at;
        }
        return jme.getClass().getSimpleName() + at;
    }

    private static String path(List<JsonMappingException.Reference> refs) {
        if (refs == null || refs.isEmpty()) return "";
        StringJoiner p = new StringJoiner("", " at $", "");
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) p.add("." + r.getFieldName());
            else if (r.getIndex() >= 0) p.add("[" + r.getIndex() + "]");
        }
        return p.toString();
    }

    private static String simple(Class<?> type) {
        return type == null ? "the expected type" : type.getSimpleName();
    }
}
