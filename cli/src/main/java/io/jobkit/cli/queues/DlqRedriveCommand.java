package io.jobkit.cli.queues;

import io.jobkit.cli.CliCommand;
import io.jobkit.cli.CliFailure;
import io.jobkit.cli.ExitCodes;
import io.jobkit.client.queues.RedriveMethod;
import io.jobkit.client.queues.RedriveOptions;
import io.jobkit.client.queues.RedriveResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.Locale;

/** {@code jobkit dlq redrive QUEUE}: dead letters back to their queue, each a fresh attempt cycle of its job. */
@Command(name = "redrive", mixinStandardHelpOptions = true,
        description = {"Move QUEUE's dead letters back to QUEUE; each starts a fresh attempt cycle of its FAILED job.",
                "Uses SQS StartMessageMoveTask (the AWS console's \"Start DLQ redrive\") and shows its progress until it",
                "ends; stopping this command does not stop the task. Where the endpoint lacks that API, and for FIFO",
                "queues, a move loop sends each message before deleting it: an interruption can duplicate a",
                "message (the worker drops the second copy) but never lose one."},
        footer = {"", "Examples:", "  jobkit dlq redrive normal", "  jobkit dlq redrive reports --max-per-second 50"})
public final class DlqRedriveCommand extends CliCommand {
    /** The JSON shape of the result; {@code method} is {@code task} or {@code loop}. */
    public record Redriven(String queue, String from, String to, String method, String status, long moved, long total,
                           String taskHandle, String failureReason, double elapsedSeconds, long skipped,
                           long duplicatesDropped) {
    }

    /** The {@code --method} values. */
    enum Method {
        AUTO(RedriveMethod.AUTO), TASK(RedriveMethod.MOVE_TASK), LOOP(RedriveMethod.MOVE_LOOP);

        final RedriveMethod value;

        Method(RedriveMethod value) {
            this.value = value;
        }
    }

    @Parameters(index = "0", paramLabel = "QUEUE", description = "The queue whose DLQ to redrive, e.g. normal.")
    String queue;

    @Option(names = "--max-per-second", paramLabel = "N", description = "Move at most N messages per second (1-500).")
    Integer maxPerSecond;

    @Option(names = "--method", paramLabel = "M", defaultValue = "auto",
            description = "auto (default): the move task where available; task: only the move task; loop: only the move loop.")
    Method method;

    @Option(names = "--watch-timeout", paramLabel = "D", defaultValue = "1h",
            description = "Stop watching a move task after D (it goes on in SQS; default ${DEFAULT-VALUE}).")
    Duration watchTimeout;

    @Override
    public Integer call() {
        ProgressBar bar = new ProgressBar(cli().err(), cli().interactive());
        RedriveResult r;
        try {
            r = cli().client().redrive(queue, RedriveOptions.builder().method(method.value).maxPerSecond(maxPerSecond)
                    .watchTimeout(watchTimeout).progress(bar).build());
        } finally {
            bar.finish();
        }
        String how = r.method() == RedriveMethod.MOVE_TASK ? "task" : "loop";
        double seconds = r.elapsed().toMillis() / 1000.0;
        output().print(new Redriven(r.queue(), r.from(), r.to(), how, r.status(), r.moved(), r.total(), r.taskHandle(),
                r.failureReason(), seconds, r.skipped(), r.duplicatesDropped()), () -> output().line(String.format(Locale.ROOT,
                "%s: moved %d of %d messages from %s to %s (%s, %.2f s)%s", r.status().toLowerCase(Locale.ROOT), r.moved(),
                r.total(), r.from(), r.to(), how.equals("task") ? "SQS move task" : "move loop", seconds, extras(r))));
        if ("RUNNING".equals(r.status())) {
            output().note("jobkit dlq redrive: still running after " + watchTimeout + "; the move task goes on in SQS");
            return ExitCodes.OK;
        }
        if (!r.completed()) {
            throw new CliFailure("redrive of " + r.from() + " ended " + r.status()
                    + (r.failureReason() == null ? "" : ": " + r.failureReason()) + " after moving " + r.moved() + " messages");
        }
        return ExitCodes.OK;
    }

    /** The move loop's skipped and dropped copies, when there were any. */
    private static String extras(RedriveResult r) {
        String s = "";
        if (r.skipped() > 0) s += "; left " + r.skipped() + " dead-lettered after the start in the DLQ (redrive again to move them)";
        if (r.duplicatesDropped() > 0) s += "; dropped " + r.duplicatesDropped() + " second copies of a job and cycle";
        return s;
    }
}
