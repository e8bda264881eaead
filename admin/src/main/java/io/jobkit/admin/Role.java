package io.jobkit.admin;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The console's roles, each including the ones before it: viewer ⊂ operator ⊂ admin. */
public enum Role {
    /** Reads jobs, queues, schedules, workers and stats. */
    VIEWER,
    /** Also retries, cancels, redrives, pauses and resumes. */
    OPERATOR,
    /** Also enqueues, purges DLQs, creates and deletes schedules, reads the audit log. */
    ADMIN;

    /** Whether a holder of this role may make a call that needs {@code needed}. */
    public boolean includes(Role needed) {
        return compareTo(needed) >= 0;
    }

    /** The lower-case name used in tokens, groups and messages. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> parse(String text) {
        if (text == null) return Optional.empty();
        return Arrays.stream(values()).filter(r -> r.label().equals(text.trim().toLowerCase(Locale.ROOT))).findFirst();
    }

    static String choices() {
        return Arrays.stream(values()).map(Role::label).collect(Collectors.joining(", "));
    }
}
