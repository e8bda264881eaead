package io.jobkit.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One authenticated call as a route sees it: path parameters, query parameters, the body (already size-checked)
 * and who calls.
 */
final class Call {
    private final Map<String, String> pathParams;
    private final Map<String, String> query;
    private final byte[] body;
    private final Principal principal;
    private final Request request;
    private String auditNote;
    private Principal actor;

    /** What of the HTTP request a route may read besides path, query and body. */
    /** The request's headers, read through whichever {@link Exchange} carried it, and whether it came over https. */
    record Request(Exchange exchange, boolean secure) {
        String header(String name) {
            return exchange.requestHeader(name);
        }

        List<String> all(String name) {
            return exchange.requestHeaders(name);
        }
    }

    Call(Map<String, String> pathParams, Map<String, String> query, byte[] body, Principal principal, Request request) {
        this.pathParams = pathParams;
        this.query = query;
        this.body = body;
        this.principal = principal;
        this.request = request;
    }

    Principal principal() {
        return principal;
    }

    Request request() {
        return request;
    }

    /** Names who the audit entry records when the route itself established it (a sign-in). */
    void actAs(Principal who) {
        this.actor = who;
    }

    /** Who the audit entry of this call names. */
    Principal actor() {
        return actor == null ? principal : actor;
    }

    /** What the audit entry of this call should say besides its route and status (what was enqueued, how many). */
    void audit(String note) {
        this.auditNote = note;
    }

    String auditNote() {
        return auditNote;
    }

    String path(String name) {
        return pathParams.get(name);
    }

    /** A query parameter, or null when absent or empty. */
    String query(String name) {
        String v = query.get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    /** Refuses query parameters the route does not know, so a typo never silently widens a listing. */
    void allowOnly(Set<String> names) {
        for (String k : query.keySet()) {
            if (!names.contains(k)) {
                throw ApiError.badRequest("UNKNOWN_PARAMETER", "query parameter '" + k + "' is not known here; use "
                        + (names.isEmpty() ? "none" : String.join(", ", names.stream().sorted().toList())));
            }
        }
    }

    int intQuery(String name, int defaultValue, int min, int max) {
        String v = query(name);
        if (v == null) return defaultValue;
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) return n;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiError.badRequest("INVALID_PARAMETER", name + " '" + v + "' must be a whole number from " + min + " to " + max);
    }

    /** The body as a JSON object; an empty body is an empty object. */
    JsonNode jsonObject() {
        if (body.length == 0) return Json.MAPPER.createObjectNode();
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("MALFORMED_JSON", "the body is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw ApiError.badRequest("MALFORMED_JSON", "the body could not be read");
        }
        if (node == null || node.getNodeType() != JsonNodeType.OBJECT) {
            throw ApiError.badRequest("MALFORMED_JSON", "the body must be a JSON object");
        }
        return node;
    }

    static Map<String, String> parseQuery(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) return q;
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (q.containsKey(k)) throw ApiError.badRequest("INVALID_PARAMETER", "query parameter '" + k + "' is given twice");
            q.put(k, v);
        }
        return q;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("INVALID_PARAMETER", "the query string is not URL-encoded correctly");
        }
    }
}
