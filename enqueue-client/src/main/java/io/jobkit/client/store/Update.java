package io.jobkit.client.store;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds one UpdateItem's update and condition expressions with generated name and value placeholders. */
final class Update {
    private final List<String> sets = new ArrayList<>();
    private final List<String> removes = new ArrayList<>();
    private final List<String> conditions = new ArrayList<>();
    private final Map<String, String> names = new HashMap<>();
    private final Map<String, AttributeValue> values = new HashMap<>();

    Update set(String attribute, AttributeValue value) {
        sets.add(name(attribute) + " = " + value(value));
        return this;
    }

    Update setIfAbsent(String attribute, AttributeValue value) {
        String n = name(attribute);
        sets.add(n + " = if_not_exists(" + n + ", " + value(value) + ")");
        return this;
    }

    /** {@code attribute = attribute + by}, starting from {@code start} when absent. */
    Update increment(String attribute, long start, long by) {
        String n = name(attribute);
        sets.add(n + " = if_not_exists(" + n + ", " + value(JobItems.n(start)) + ") + " + value(JobItems.n(by)));
        return this;
    }

    Update remove(String attribute) {
        removes.add(name(attribute));
        return this;
    }

    /** Adds a condition; all conditions are ANDed. Write attribute names as {@code #name} via {@link #name}. */
    Update condition(String expression) {
        conditions.add("(" + expression + ")");
        return this;
    }

    String name(String attribute) {
        String placeholder = PLACEHOLDERS.computeIfAbsent(attribute, Update::placeholderOf);
        names.put(placeholder, attribute);
        return placeholder;
    }

    /**
     * Placeholders per attribute name, computed once: every transition names a dozen attributes, and a regex
     * replace per name showed up as 6 % of a worker's CPU in the profile (README, "Where a worker's CPU goes").
     * The attribute names are the store's own constants, so the map stays small.
     */
    private static final java.util.concurrent.ConcurrentHashMap<String, String> PLACEHOLDERS = new java.util.concurrent.ConcurrentHashMap<>();

    static String placeholderOf(String attribute) {
        StringBuilder sb = new StringBuilder(attribute.length() + 1).append('#');
        for (int i = 0; i < attribute.length(); i++) {
            char c = attribute.charAt(i);
            boolean plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
            sb.append(plain ? c : '_');
        }
        return sb.toString();
    }

    /** Value placeholders {@code :v0}..{@code :v63}, made once: a claim names about 25 values. */
    private static final String[] VALUE_PLACEHOLDERS = new String[64];

    static {
        for (int i = 0; i < VALUE_PLACEHOLDERS.length; i++) VALUE_PLACEHOLDERS[i] = ":v" + i;
    }

    String value(AttributeValue value) {
        int n = values.size();
        String placeholder = n < VALUE_PLACEHOLDERS.length ? VALUE_PLACEHOLDERS[n] : ":v" + n;
        values.put(placeholder, value);
        return placeholder;
    }

    boolean setsAnything(String attribute) {
        String n = "#" + attribute + " =";
        return sets.stream().anyMatch(s -> s.startsWith(n));
    }

    String updateExpression() {
        StringBuilder sb = new StringBuilder();
        if (!sets.isEmpty()) sb.append("SET ").append(String.join(", ", sets));
        if (!removes.isEmpty()) sb.append(sb.length() > 0 ? " " : "").append("REMOVE ").append(String.join(", ", removes));
        return sb.toString();
    }

    String conditionExpression() {
        return conditions.isEmpty() ? null : String.join(" AND ", conditions);
    }

    Map<String, String> names() {
        return names;
    }

    Map<String, AttributeValue> values() {
        return values.isEmpty() ? null : values;
    }
}
