package io.jobkit.cdk;

import io.jobkit.client.JobValidationException;
import software.constructs.Node;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Typed access to CDK context. A value comes either from {@code cdk.json} (JSON string, number or boolean) or from
 * {@code -c key=value} (always a string), so every getter accepts both and names the key in its error.
 */
final class ContextReader {
    private final Node node;

    ContextReader(Node node) {
        this.node = node;
    }

    Optional<String> string(String key) {
        Object v = node.tryGetContext(key);
        if (v == null) return Optional.empty();
        String s = v.toString().trim();
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    Optional<Integer> integer(String key) {
        return string(key).map(s -> {
            try {
                double d = Double.parseDouble(s); // JSON numbers may arrive as 10.0
                if (d != Math.rint(d)) throw new NumberFormatException();
                return (int) d;
            } catch (NumberFormatException e) {
                throw new JobValidationException("context '" + key + "' must be a whole number, was '" + s + "'");
            }
        });
    }

    Optional<Boolean> bool(String key) {
        return string(key).map(s -> switch (s.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new JobValidationException("context '" + key + "' must be true or false, was '" + s + "'");
        });
    }

    Optional<Duration> seconds(String key) {
        return integer(key).map(Duration::ofSeconds);
    }

    Optional<Duration> days(String key) {
        return integer(key).map(Duration::ofDays);
    }

    /** A comma-separated list; empty entries dropped. */
    List<String> list(String key) {
        List<String> out = new ArrayList<>();
        string(key).ifPresent(s -> {
            for (String part : s.split(",")) {
                if (!part.isBlank()) out.add(part.trim());
            }
        });
        return out;
    }

    /** Every context key (for spotting per-queue keys that name no queue). */
    List<String> keys() {
        Object all = node.getAllContext();
        List<String> out = new ArrayList<>();
        if (all instanceof java.util.Map<?, ?> map) map.keySet().forEach(k -> out.add(k.toString()));
        return out;
    }
}
