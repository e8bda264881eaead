package io.jobkit.handlers;

import org.slf4j.event.Level;
import org.slf4j.helpers.FormattingTuple;
import org.slf4j.helpers.MessageFormatter;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * A job's levelled log, from {@link JobContext#log()}: each line goes to SLF4J (logger {@code io.jobkit.job}, with the
 * job's MDC and the fields as key-value pairs) and, with its time and level, to the last lines kept on the job record,
 * which {@code jobkit logs} shows.
 *
 * <pre>{@code
 * ctx.log().info("fetched {} rows", rows);
 * ctx.log().warn("slow upstream", Map.of("host", host, "ms", ms));
 * }</pre>
 */
@FunctionalInterface
public interface JobLog {

    /** Writes one line; {@code fields} are key-value metadata (may be empty, never null). */
    void log(Level level, String message, Map<String, ?> fields);

    default void debug(String format, Object... args) { log(Level.DEBUG, format(format, args), Map.of()); }
    default void info(String format, Object... args) { log(Level.INFO, format(format, args), Map.of()); }
    default void warn(String format, Object... args) { log(Level.WARN, format(format, args), Map.of()); }
    default void error(String format, Object... args) { log(Level.ERROR, format(format, args), Map.of()); }

    default void debug(String message, Map<String, ?> fields) { log(Level.DEBUG, message, fields); }
    default void info(String message, Map<String, ?> fields) { log(Level.INFO, message, fields); }
    default void warn(String message, Map<String, ?> fields) { log(Level.WARN, message, fields); }
    default void error(String message, Map<String, ?> fields) { log(Level.ERROR, message, fields); }

    /** SLF4J {@code {}} formatting; a trailing throwable is appended as its {@code toString()}. */
    static String format(String format, Object... args) {
        FormattingTuple t = MessageFormatter.arrayFormat(format, args);
        return t.getThrowable() == null ? t.getMessage() : t.getMessage() + ": " + t.getThrowable();
    }

    /** How fields appear on a stored line: {@code  key=value} pairs in the map's order. */
    static String render(Map<String, ?> fields) {
        if (fields == null || fields.isEmpty()) return "";
        return fields.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" ", " ", ""));
    }
}
