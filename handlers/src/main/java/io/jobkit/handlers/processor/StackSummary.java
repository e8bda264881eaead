package io.jobkit.handlers.processor;

/** A short stack trace for the job record: a few frames of the exception and of each cause, bounded in size. */
final class StackSummary {
    private static final int FRAMES_PER_CAUSE = 8;
    private static final int MAX_CHARS = 4000;

    private StackSummary() {
    }

    static String of(Throwable t) {
        StringBuilder sb = new StringBuilder();
        int depth = 0;
        for (Throwable c = t; c != null && depth < 5; c = c.getCause(), depth++) {
            if (depth > 0) sb.append("Caused by: ");
            sb.append(c).append('\n');
            StackTraceElement[] frames = c.getStackTrace();
            for (int i = 0; i < Math.min(FRAMES_PER_CAUSE, frames.length); i++) {
                sb.append("    at ").append(frames[i]).append('\n');
            }
            if (frames.length > FRAMES_PER_CAUSE) sb.append("    ... ").append(frames.length - FRAMES_PER_CAUSE).append(" more\n");
            if (sb.length() > MAX_CHARS) break;
        }
        return sb.length() > MAX_CHARS ? sb.substring(0, MAX_CHARS) + "\n    ...(truncated)" : sb.toString();
    }

    /** The exception's message, or its class name when it has none. */
    static String message(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }
}
