package io.jobkit.cli.jobs;

import java.util.List;

/**
 * Which of a record's last lines are new since the previous read. The record keeps only the last N lines, so the tail
 * finds the last line it printed in the new window and prints what follows; a window that no longer contains it
 * (more than N lines came in between reads) is printed whole — lines can be missed then, never printed twice.
 */
final class LogTail {
    private String last;

    List<String> newLines(List<String> lines) {
        if (lines.isEmpty()) return List.of();
        int from = 0;
        if (last != null) {
            int i = lines.lastIndexOf(last);
            if (i >= 0) from = i + 1;
        }
        last = lines.get(lines.size() - 1);
        return List.copyOf(lines.subList(from, lines.size()));
    }
}
