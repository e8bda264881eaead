package io.jobkit.local.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobkit.client.JobValidationException;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates CreateSchedule/UpdateSchedule bodies against the service model's constraints (required members, enums,
 * lengths, ARN patterns) plus the expression and time zone, and renders the API's JSON shapes. Timestamps travel as
 * epoch seconds, the rest-json default.
 */
final class ScheduleRequests {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Pattern ROLE_ARN = Pattern.compile("^arn:aws(-[a-z]+)?:iam::\\d{12}:role\\/[\\w+=,.@\\/-]+$");
    private static final Pattern DLQ_ARN = Pattern.compile("^arn:aws(-[a-z]+)?:sqs:[a-z0-9\\-]+:\\d{12}:[a-zA-Z0-9\\-_]+$");
    private static final Set<String> TIMESTAMPS = Set.of("StartDate", "EndDate");

    private ScheduleRequests() {
    }

    /** The stored spec: the body minus the members that are not part of the schedule (name, group, token). */
    static ObjectNode validate(JsonNode body) {
        if (body == null || !body.isObject()) throw ApiException.validation("The request body must be a JSON object.");
        ObjectNode spec = ((ObjectNode) body).deepCopy();
        spec.remove("ClientToken");
        spec.remove("GroupName");
        spec.remove("Name");

        String expression = requiredString(spec, "ScheduleExpression", 256);
        String timezone = optionalString(spec, "ScheduleExpressionTimezone", 50);
        try {
            Timing.validate(expression, timezone);
        } catch (JobValidationException e) {
            throw ApiException.validation("Invalid Schedule Expression " + expression + ": " + e.getMessage());
        }
        oneOf(spec, "State", "ENABLED", "DISABLED");
        oneOf(spec, "ActionAfterCompletion", "NONE", "DELETE");
        optionalString(spec, "Description", 512);
        optionalString(spec, "KmsKeyArn", 2048);
        for (String field : TIMESTAMPS) {
            if (spec.hasNonNull(field)) spec.put(field, seconds(timestamp(spec.get(field), field)));
        }
        Instant start = instant(spec, "StartDate");
        Instant end = instant(spec, "EndDate");
        if (start != null && end != null && !end.isAfter(start)) {
            throw ApiException.validation("The EndDate must be after the StartDate.");
        }

        JsonNode window = spec.get("FlexibleTimeWindow");
        if (window == null || !window.isObject()) {
            throw ApiException.validation("FlexibleTimeWindow is required, e.g. {\"Mode\": \"OFF\"}.");
        }
        String mode = oneOf((ObjectNode) window, "Mode", "OFF", "FLEXIBLE");
        if (mode == null) throw ApiException.validation("FlexibleTimeWindow.Mode is required: OFF or FLEXIBLE.");
        JsonNode maxWindow = window.get("MaximumWindowInMinutes");
        if ("FLEXIBLE".equals(mode)) {
            if (maxWindow == null || !maxWindow.canConvertToInt() || maxWindow.asInt() < 1 || maxWindow.asInt() > 1440) {
                throw ApiException.validation("FlexibleTimeWindow.MaximumWindowInMinutes must be 1-1440 when Mode is"
                        + " FLEXIBLE.");
            }
        } else if (maxWindow != null && !maxWindow.isNull()) {
            throw ApiException.validation("FlexibleTimeWindow.MaximumWindowInMinutes is only allowed when Mode is"
                    + " FLEXIBLE.");
        }
        validateTarget(spec.get("Target"));
        return spec;
    }

    private static void validateTarget(JsonNode target) {
        if (target == null || !target.isObject()) {
            throw ApiException.validation("Target is required, with at least Arn and RoleArn.");
        }
        ObjectNode t = (ObjectNode) target;
        requiredString(t, "Arn", 1600, "Target.Arn");
        String role = requiredString(t, "RoleArn", 1600, "Target.RoleArn");
        if (!ROLE_ARN.matcher(role).matches()) {
            throw ApiException.validation("Target.RoleArn '" + role + "' is not an IAM role ARN"
                    + " (arn:aws:iam::<account>:role/<name>).");
        }
        if (t.has("Input") && (!t.get("Input").isTextual() || t.get("Input").asText().isEmpty())) {
            throw ApiException.validation("Target.Input must be a non-empty string.");
        }
        JsonNode sqs = t.get("SqsParameters");
        if (sqs != null && sqs.has("MessageGroupId")) {
            String group = sqs.get("MessageGroupId").asText();
            if (group.isEmpty() || group.length() > 128) {
                throw ApiException.validation("Target.SqsParameters.MessageGroupId must be 1-128 characters.");
            }
        }
        JsonNode retry = t.get("RetryPolicy");
        if (retry != null) {
            range(retry, "MaximumRetryAttempts", 0, 185);
            range(retry, "MaximumEventAgeInSeconds", 60, 86400);
        }
        JsonNode dlq = t.get("DeadLetterConfig");
        if (dlq != null && dlq.has("Arn") && !DLQ_ARN.matcher(dlq.get("Arn").asText()).matches()) {
            throw ApiException.validation("Target.DeadLetterConfig.Arn '" + dlq.get("Arn").asText()
                    + "' is not an SQS queue ARN (arn:aws:sqs:<region>:<account>:<queue>).");
        }
    }

    /** The engine's view of a stored schedule. */
    static ScheduleDefinition definition(String group, String name, String arn, ObjectNode spec, Instant modified) {
        JsonNode t = spec.get("Target");
        JsonNode retry = t.path("RetryPolicy");
        ScheduleDefinition.Target target = new ScheduleDefinition.Target(
                t.get("Arn").asText(),
                t.hasNonNull("Input") ? t.get("Input").asText() : null,
                t.path("SqsParameters").hasNonNull("MessageGroupId") ? t.path("SqsParameters").get("MessageGroupId").asText() : null,
                retry.hasNonNull("MaximumRetryAttempts") ? retry.get("MaximumRetryAttempts").asInt() : null,
                retry.hasNonNull("MaximumEventAgeInSeconds") ? retry.get("MaximumEventAgeInSeconds").asInt() : null,
                t.path("DeadLetterConfig").hasNonNull("Arn") ? t.path("DeadLetterConfig").get("Arn").asText() : null);
        return new ScheduleDefinition(group, name, arn, spec.get("ScheduleExpression").asText(),
                spec.hasNonNull("ScheduleExpressionTimezone") ? spec.get("ScheduleExpressionTimezone").asText() : null,
                !"DISABLED".equals(spec.path("State").asText("ENABLED")),
                instant(spec, "StartDate"), instant(spec, "EndDate"),
                "DELETE".equals(spec.path("ActionAfterCompletion").asText("NONE")), target, modified);
    }

    // ---- rendering

    static ObjectNode getScheduleOutput(ScheduleStore.StoredSchedule s) {
        ObjectNode out = s.spec().deepCopy();
        out.put("Arn", s.arn());
        out.put("Name", s.name());
        out.put("GroupName", s.group());
        out.put("CreationDate", seconds(s.created()));
        out.put("LastModificationDate", seconds(s.modified()));
        if (!out.hasNonNull("State")) out.put("State", "ENABLED");
        if (!out.hasNonNull("ActionAfterCompletion")) out.put("ActionAfterCompletion", "NONE");
        if (!out.hasNonNull("ScheduleExpressionTimezone")) out.put("ScheduleExpressionTimezone", "UTC");
        return out;
    }

    static ObjectNode scheduleSummary(ScheduleStore.StoredSchedule s) {
        ObjectNode out = JSON.objectNode();
        out.put("Arn", s.arn());
        out.put("CreationDate", seconds(s.created()));
        out.put("GroupName", s.group());
        out.put("LastModificationDate", seconds(s.modified()));
        out.put("Name", s.name());
        out.put("State", s.spec().path("State").asText("ENABLED"));
        out.putObject("Target").put("Arn", s.spec().path("Target").path("Arn").asText());
        return out;
    }

    static ObjectNode groupSummary(ScheduleStore.Group g) {
        ObjectNode out = JSON.objectNode();
        out.put("Arn", g.arn());
        out.put("CreationDate", seconds(g.created()));
        out.put("LastModificationDate", seconds(g.modified()));
        out.put("Name", g.name());
        out.put("State", "ACTIVE");
        return out;
    }

    static BigDecimal seconds(Instant t) {
        return BigDecimal.valueOf(t.toEpochMilli()).movePointLeft(3);
    }

    // ---- member checks

    private static Instant instant(ObjectNode spec, String field) {
        return spec.hasNonNull(field) ? timestamp(spec.get(field), field) : null;
    }

    private static Instant timestamp(JsonNode node, String field) {
        try {
            if (node.isNumber()) {
                BigDecimal seconds = node.decimalValue();
                return Instant.ofEpochMilli(seconds.movePointRight(3).longValue());
            }
            if (node.isTextual()) {
                String text = node.asText();
                return text.matches("-?\\d+(\\.\\d+)?")
                        ? Instant.ofEpochMilli(new BigDecimal(text).movePointRight(3).longValue())
                        : Instant.parse(text);
            }
        } catch (DateTimeParseException | ArithmeticException e) {
            // fall through to the error below
        }
        throw ApiException.validation(field + " '" + node + "' is not a timestamp (epoch seconds or ISO-8601).");
    }

    private static String requiredString(ObjectNode node, String field, int max) {
        return requiredString(node, field, max, field);
    }

    private static String requiredString(ObjectNode node, String field, int max, String label) {
        String value = optionalString(node, field, max, label);
        if (value == null || value.isEmpty()) throw ApiException.validation(label + " is required.");
        return value;
    }

    private static String optionalString(ObjectNode node, String field, int max) {
        return optionalString(node, field, max, field);
    }

    private static String optionalString(ObjectNode node, String field, int max, String label) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw ApiException.validation(label + " must be a string.");
        if (v.asText().length() > max) {
            throw ApiException.validation(label + " is " + v.asText().length() + " characters; the maximum is " + max + ".");
        }
        return v.asText();
    }

    private static String oneOf(ObjectNode node, String field, String... allowed) {
        String value = optionalString(node, field, 64);
        if (value == null) return null;
        for (String a : allowed) {
            if (a.equals(value)) return value;
        }
        throw ApiException.validation(field + " '" + value + "' is not valid; use one of " + String.join(", ", allowed) + ".");
    }

    private static void range(JsonNode node, String field, int min, int max) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return;
        if (!v.canConvertToInt() || v.asInt() < min || v.asInt() > max) {
            throw ApiException.validation("Target.RetryPolicy." + field + " must be " + min + "-" + max + ", got " + v + ".");
        }
    }
}
