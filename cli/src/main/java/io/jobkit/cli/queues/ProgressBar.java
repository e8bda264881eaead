package io.jobkit.cli.queues;

import io.jobkit.client.queues.RedriveProgress;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Redrive progress on stderr: {@code [########------------]  250/500  50%  123.4 msg/s  task RUNNING}. On a terminal
 * it redraws one line; otherwise (logs, CI, tests) it prints a line at most every 2 seconds, and the last one.
 */
final class ProgressBar implements Consumer<RedriveProgress> {
    private static final int WIDTH = 30;
    private static final long LINE_INTERVAL_NANOS = 2_000_000_000L;

    private final PrintWriter err;
    private final boolean terminal;
    private long lastLine = -LINE_INTERVAL_NANOS;
    private String lastText;

    ProgressBar(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public void accept(RedriveProgress p) {
        String text = render(p);
        if (terminal) {
            err.print("\r" + text);
        } else {
            long now = System.nanoTime();
            if (now - lastLine < LINE_INTERVAL_NANOS && "RUNNING".equals(p.status())) {
                lastText = text;
                return;
            }
            err.println(text);
            lastLine = now;
        }
        lastText = null;
        err.flush();
    }

    /** Ends the bar: a newline on a terminal, the last unprinted line otherwise. */
    void finish() {
        if (terminal) {
            err.println();
        } else if (lastText != null) {
            err.println(lastText);
        }
        err.flush();
    }

    static String render(RedriveProgress p) {
        long total = Math.max(p.total(), p.moved());
        int filled = total == 0 ? WIDTH : (int) (WIDTH * p.moved() / total);
        int percent = total == 0 ? 100 : (int) (100 * p.moved() / total);
        String method = p.method().name().equals("MOVE_TASK") ? "task" : "loop";
        return String.format(Locale.ROOT, "[%s%s] %d/%d %3d%% %.1f msg/s  %s %s", "#".repeat(filled),
                "-".repeat(WIDTH - filled), p.moved(), total, percent, p.ratePerSecond(), method, p.status());
    }
}
