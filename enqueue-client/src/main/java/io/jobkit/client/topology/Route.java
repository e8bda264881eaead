package io.jobkit.client.topology;

import io.jobkit.client.JobValidationException;

import java.util.regex.Pattern;

/**
 * Routes job types matching a glob pattern to a named queue: {@code report.*} matches {@code report.daily} and
 * {@code report.daily.pdf}; a pattern without {@code *} matches that type only.
 */
public record Route(String pattern, String queue) {

    public Route {
        if (pattern == null || pattern.isBlank()) {
            throw new JobValidationException("route pattern is empty; use a job type or a glob like 'report.*'");
        }
        if (queue == null || queue.isBlank()) {
            throw new JobValidationException("route '" + pattern + "' names no queue");
        }
    }

    public boolean matches(String type) {
        return compiled().matcher(type).matches();
    }

    private Pattern compiled() {
        String[] parts = pattern.split("\\*", -1);
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) regex.append(".*");
            if (!parts[i].isEmpty()) regex.append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(regex.toString());
    }
}
