package io.jobkit.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Locale;

/**
 * The OpenAPI 3 document of the admin API, generated from the route table: every route's path, method, summary,
 * path parameters and least role ({@code x-jobkit-role}, absent for public routes). A test checks that the copy in
 * docs/admin-openapi.json is current.
 */
final class OpenApi {
    private OpenApi() {
    }

    static ObjectNode document(List<Route> routes) {
        ObjectNode doc = Json.MAPPER.createObjectNode();
        doc.put("openapi", "3.0.3");
        ObjectNode info = doc.putObject("info");
        info.put("title", "jobkit admin API");
        info.put("version", "1");
        info.put("description", "Roles: viewer (read) ⊂ operator (retry, cancel, redrive, pause/resume) ⊂ admin"
                + " (enqueue, purge, schedule create/delete, audit). Errors are {\"error\", \"code\"}.");
        ObjectNode components = doc.putObject("components");
        ObjectNode schemes = components.putObject("securitySchemes");
        schemes.putObject("bearer").put("type", "http").put("scheme", "bearer");
        // the browser's alternative to the bearer header; state-changing calls with it also send X-Jobkit-Csrf
        schemes.putObject("session").put("type", "apiKey").put("in", "cookie").put("name", Sessions.COOKIE);
        ObjectNode error = components.putObject("schemas").putObject("Error");
        error.put("type", "object");
        error.putArray("required").add("error").add("code");
        ObjectNode properties = error.putObject("properties");
        properties.putObject("error").put("type", "string");
        properties.putObject("code").put("type", "string");
        ObjectNode paths = doc.putObject("paths");
        for (Route r : routes) {
            // not paths.with(path): Jackson reads that argument as a JSON Pointer
            ObjectNode path = paths.has(r.path()) ? (ObjectNode) paths.get(r.path()) : paths.putObject(r.path());
            ObjectNode op = path.putObject(r.method().toLowerCase(Locale.ROOT));
            op.put("operationId", operationId(r));
            op.put("summary", r.summary());
            if (r.leastRole() != null) {
                op.put("x-jobkit-role", r.leastRole().label());
                ArrayNode security = op.putArray("security");
                security.addObject().putArray("bearer");
                security.addObject().putArray("session");
            } else {
                op.putArray("security");
            }
            ArrayNode params = null;
            for (String seg : r.segments()) {
                if (!seg.startsWith("{")) continue;
                if (params == null) params = op.putArray("parameters");
                params.addObject().put("name", seg.substring(1, seg.length() - 1)).put("in", "path").put("required", true)
                        .putObject("schema").put("type", "string");
            }
            ObjectNode responses = op.putObject("responses");
            String success = r.method().equals("POST") && r.summary().contains("201") ? "201"
                    : r.summary().contains("302") ? "302" : r.summary().contains("204") ? "204" : "200";
            ObjectNode ok = responses.putObject(success).put("description", "success");
            if (success.equals("200") || success.equals("201")) ok.putObject("content").putObject("application/json");
            for (String code : List.of("400", "401", "403", "404", "409", "413", "422")) {
                if (r.leastRole() == null && (code.equals("401") || code.equals("403"))) continue;
                responses.putObject(code).put("description", "error").putObject("content").putObject("application/json")
                        .putObject("schema").put("$ref", "#/components/schemas/Error");
            }
        }
        return doc;
    }

    private static String operationId(Route r) {
        StringBuilder sb = new StringBuilder(r.method().toLowerCase(Locale.ROOT));
        for (String seg : r.segments()) {
            if (seg.equals("api")) continue;
            String s = seg.startsWith("{") ? "By" + seg.substring(1, seg.length() - 1) : seg;
            for (String part : s.split("[^A-Za-z0-9]")) {
                if (!part.isEmpty()) sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return sb.toString();
    }
}
