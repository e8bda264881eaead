package io.jobkit.local.scheduler;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.jobkit.client.JobValidationException;
import io.jobkit.client.schedule.ScheduleValidation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The EventBridge Scheduler REST-JSON routes, as the service model (scheduler 2021-06-30) defines them:
 *
 * <pre>
 * POST   /schedules/{Name}              CreateSchedule       body: GroupName, ScheduleExpression, Target, ...
 * GET    /schedules/{Name}?groupName=   GetSchedule
 * PUT    /schedules/{Name}              UpdateSchedule       body as CreateSchedule
 * DELETE /schedules/{Name}?groupName=&amp;clientToken=   DeleteSchedule
 * GET    /schedules?ScheduleGroup=&amp;NamePrefix=&amp;State=&amp;MaxResults=&amp;NextToken=   ListSchedules
 * POST   /schedule-groups/{Name}        CreateScheduleGroup  body: ClientToken, Tags
 * GET    /schedule-groups/{Name}        GetScheduleGroup
 * DELETE /schedule-groups/{Name}?clientToken=   DeleteScheduleGroup
 * GET    /schedule-groups?NamePrefix=&amp;MaxResults=&amp;NextToken=   ListScheduleGroups
 * </pre>
 *
 * Errors carry the status the model gives each error shape, the {@code x-amzn-ErrorType} header and a JSON body with
 * {@code __type} and {@code Message}, which the SDK maps to its exception classes.
 */
final class SchedulerApi implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(SchedulerApi.class);
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    private static final int DEFAULT_MAX_RESULTS = 100;

    private final ScheduleStore store;

    SchedulerApi(ScheduleStore store) {
        this.store = store;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String requestId = UUID.randomUUID().toString();
            exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
            try {
                reply(exchange, 200, route(exchange));
            } catch (ApiException e) {
                error(exchange, e.status, e.type, e.getMessage());
            } catch (RuntimeException e) {
                log.error("scheduler request {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                error(exchange, 500, "InternalServerException", "Internal error: " + e);
            }
        }
    }

    private ObjectNode route(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        List<String> path = segments(exchange.getRequestURI().getRawPath());
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        String resource = path.isEmpty() ? "" : path.get(0);
        if (path.size() == 1 && "GET".equals(method) && resource.equals("schedules")) {
            return listSchedules(query);
        }
        if (path.size() == 1 && "GET".equals(method) && resource.equals("schedule-groups")) {
            return listGroups(query);
        }
        if (path.size() == 2 && resource.equals("schedules")) {
            String name = name(path.get(1));
            switch (method) {
                case "POST": return createSchedule(name, body(exchange));
                case "GET": return getSchedule(name, group(query.get("groupName")));
                case "PUT": return updateSchedule(name, body(exchange));
                case "DELETE":
                    store.delete(group(query.get("groupName")), name);
                    return MAPPER.createObjectNode();
                default: break;
            }
        }
        if (path.size() == 2 && resource.equals("schedule-groups")) {
            String name = groupName(path.get(1));
            switch (method) {
                case "POST": {
                    body(exchange); // ClientToken and Tags are accepted; tags are not stored
                    ObjectNode out = MAPPER.createObjectNode();
                    out.put("ScheduleGroupArn", store.createGroup(name).arn());
                    return out;
                }
                case "GET": return ScheduleRequests.groupSummary(store.group(name));
                case "DELETE":
                    store.deleteGroup(name);
                    return MAPPER.createObjectNode();
                default: break;
            }
        }
        throw ApiException.unknownOperation("No operation " + method + " " + exchange.getRequestURI().getPath()
                + " in this local EventBridge Scheduler.");
    }

    private ObjectNode createSchedule(String name, JsonNode body) {
        String group = group(body.path("GroupName").isTextual() ? body.get("GroupName").asText() : null);
        ObjectNode spec = ScheduleRequests.validate(body);
        String token = body.path("ClientToken").isTextual() ? body.get("ClientToken").asText() : null;
        ObjectNode out = MAPPER.createObjectNode();
        out.put("ScheduleArn", store.create(group, name, spec, token).arn());
        return out;
    }

    private ObjectNode updateSchedule(String name, JsonNode body) {
        String group = group(body.path("GroupName").isTextual() ? body.get("GroupName").asText() : null);
        ObjectNode spec = ScheduleRequests.validate(body);
        ObjectNode out = MAPPER.createObjectNode();
        out.put("ScheduleArn", store.update(group, name, spec).arn());
        return out;
    }

    private ObjectNode getSchedule(String name, String group) {
        return ScheduleRequests.getScheduleOutput(store.schedule(group, name));
    }

    private ObjectNode listSchedules(Map<String, String> query) {
        String group = query.get("ScheduleGroup");
        if (group != null) store.group(groupName(group));
        String prefix = prefix(query.get("NamePrefix"));
        String state = query.get("State");
        if (state != null && !state.equals("ENABLED") && !state.equals("DISABLED")) {
            throw ApiException.validation("State '" + state + "' is not valid; use ENABLED or DISABLED.");
        }
        int max = maxResults(query.get("MaxResults"));
        List<ScheduleStore.StoredSchedule> matches = store.list(afterKey(query.get("NextToken")), s ->
                (group == null || s.group().equals(group))
                        && (prefix == null || s.name().startsWith(prefix))
                        && (state == null || state.equals(s.spec().path("State").asText("ENABLED"))));
        ObjectNode out = MAPPER.createObjectNode();
        ArrayNode list = out.putArray("Schedules");
        for (int i = 0; i < Math.min(max, matches.size()); i++) list.add(ScheduleRequests.scheduleSummary(matches.get(i)));
        if (matches.size() > max) {
            ScheduleStore.StoredSchedule last = matches.get(max - 1);
            out.put("NextToken", token(ScheduleStore.key(last.group(), last.name())));
        }
        return out;
    }

    private ObjectNode listGroups(Map<String, String> query) {
        String prefix = prefix(query.get("NamePrefix"));
        int max = maxResults(query.get("MaxResults"));
        String after = afterKey(query.get("NextToken"));
        List<ScheduleStore.Group> matches = new ArrayList<>();
        for (ScheduleStore.Group g : store.groups(prefix)) {
            if (after == null || g.name().compareTo(after) > 0) matches.add(g);
        }
        ObjectNode out = MAPPER.createObjectNode();
        ArrayNode list = out.putArray("ScheduleGroups");
        for (int i = 0; i < Math.min(max, matches.size()); i++) list.add(ScheduleRequests.groupSummary(matches.get(i)));
        if (matches.size() > max) out.put("NextToken", token(matches.get(max - 1).name()));
        return out;
    }

    // ---- parameters

    private static String name(String name) {
        try {
            return ScheduleValidation.requireScheduleName(name);
        } catch (JobValidationException e) {
            throw ApiException.validation(e.getMessage());
        }
    }

    private static String groupName(String name) {
        try {
            return ScheduleValidation.requireGroupName(name);
        } catch (JobValidationException e) {
            throw ApiException.validation(e.getMessage());
        }
    }

    private static String group(String name) {
        return name == null || name.isEmpty() ? ScheduleStore.DEFAULT_GROUP : groupName(name);
    }

    private static String prefix(String prefix) {
        if (prefix == null) return null;
        if (prefix.isEmpty() || prefix.length() > 64 || !prefix.matches("[0-9a-zA-Z._-]+")) {
            throw ApiException.validation("NamePrefix '" + prefix + "' must be 1-64 letters, digits, '-', '_' or '.'.");
        }
        return prefix;
    }

    private static int maxResults(String value) {
        if (value == null) return DEFAULT_MAX_RESULTS;
        try {
            int max = Integer.parseInt(value);
            if (max >= 1 && max <= 100) return max;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.validation("MaxResults '" + value + "' must be a number from 1 to 100.");
    }

    private static String token(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    private static String afterKey(String token) {
        if (token == null) return null;
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.validation("NextToken '" + token + "' is not a token this service returned.");
        }
    }

    // ---- HTTP plumbing

    private static JsonNode body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readAllBytes();
            if (bytes.length == 0) return MAPPER.createObjectNode();
            return MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw ApiException.validation("The request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static List<String> segments(String rawPath) {
        List<String> out = new ArrayList<>();
        for (String s : rawPath.split("/")) {
            if (!s.isEmpty()) out.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> out = new HashMap<>();
        if (rawQuery == null) return out;
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            out.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        exchange.getResponseHeaders().set("x-amzn-ErrorType", type);
        ObjectNode body = MAPPER.createObjectNode();
        body.put("__type", type);
        body.put("Message", message);
        reply(exchange, status, body);
    }

    private static void reply(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
