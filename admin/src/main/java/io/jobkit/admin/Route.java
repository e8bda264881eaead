package io.jobkit.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row of the route table: method, path template ({@code /api/admin/jobs/{id}}), the least role that may call it
 * (null: anyone), whether it changes state (then it is audited), a one-line summary for the OpenAPI document, and
 * the handler. The role matrix test and the OpenAPI document are both generated from these rows.
 */
record Route(String method, String path, Role leastRole, boolean changesState, String summary, Handler handler) {

    /** What a route does with a call: returns the response, or throws {@link ApiError}. */
    @FunctionalInterface
    interface Handler {
        Response handle(Call call);
    }

    /**
     * A JSON response; {@code body} is serialised with {@link Json} (null: no body, for 204 and 302). {@code headers}
     * are added as given, each name possibly more than once ({@code Set-Cookie}).
     */
    record Response(int status, Object body, List<Map.Entry<String, String>> headers) {
        Response(int status, Object body) {
            this(status, body, List.of());
        }

        static Response ok(Object body) {
            return new Response(200, body);
        }

        static Response created(Object body) {
            return new Response(201, body);
        }

        Response withHeader(String name, String value) {
            List<Map.Entry<String, String>> h = new ArrayList<>(headers);
            h.add(Map.entry(name, value));
            return new Response(status, body, List.copyOf(h));
        }
    }

    List<String> segments() {
        return split(path);
    }

    /** The path parameters when {@code requestPath} fits this route's template, else null. */
    Map<String, String> match(List<String> requestSegments) {
        List<String> template = segments();
        if (template.size() != requestSegments.size()) return null;
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < template.size(); i++) {
            String t = template.get(i);
            String s = requestSegments.get(i);
            if (t.startsWith("{") && t.endsWith("}")) {
                if (s.isEmpty()) return null;
                params.put(t.substring(1, t.length() - 1), s);
            } else if (!t.equals(s)) {
                return null;
            }
        }
        return params;
    }

    static List<String> split(String path) {
        List<String> parts = new ArrayList<>();
        for (String p : path.split("/")) {
            if (!p.isEmpty()) parts.add(p);
        }
        return parts;
    }
}
