package io.jobkit.admin;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Typed reads of JSON body fields; a field of the wrong type is a 422 naming the field and the type it needs. */
final class Fields {
    private Fields() {
    }

    static void allowOnly(JsonNode object, String where, Set<String> names) {
        Iterator<String> it = object.fieldNames();
        while (it.hasNext()) {
            String f = it.next();
            if (!names.contains(f)) {
                throw new ApiError(422, "UNKNOWN_FIELD", where + " has no field '" + f + "'; use "
                        + String.join(", ", names.stream().sorted().toList()));
            }
        }
    }

    static String text(JsonNode object, String field, boolean required) {
        JsonNode v = object.get(field);
        if (v == null || v.isNull()) {
            if (required) throw new ApiError(422, "MISSING_FIELD", "field '" + field + "' is required");
            return null;
        }
        if (!v.isTextual()) throw wrongType(field, "a string");
        return v.asText();
    }

    static Integer integer(JsonNode object, String field) {
        JsonNode v = object.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isIntegralNumber() || !v.canConvertToInt()) throw wrongType(field, "a whole number");
        return v.intValue();
    }

    static Boolean bool(JsonNode object, String field) {
        JsonNode v = object.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isBoolean()) throw wrongType(field, "true or false");
        return v.booleanValue();
    }

    /** An object field, or an empty object when absent. */
    static JsonNode object(JsonNode object, String field) {
        JsonNode v = object.get(field);
        if (v == null || v.isNull()) return Json.MAPPER.createObjectNode();
        if (!v.isObject()) throw wrongType(field, "a JSON object");
        return v;
    }

    /** A map of string to string (tags). */
    static Map<String, String> stringMap(JsonNode object, String field) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode v = object(object, field);
        Iterator<Map.Entry<String, JsonNode>> it = v.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) throw wrongType(field + "." + e.getKey(), "a string");
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    private static ApiError wrongType(String field, String type) {
        return new ApiError(422, "INVALID_FIELD", "field '" + field + "' must be " + type);
    }
}
