package io.jobkit.cli.queues;

import io.jobkit.cli.CliCommand;
import io.jobkit.admin.QueuePause;
import io.jobkit.cli.CliFailure;
import io.jobkit.client.JobClient;
import io.jobkit.client.control.QueueControl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;

/**
 * {@code jobkit queues pause|resume Q}: writes the queue's control item ({@code QUEUE#<name>}/{@code CONTROL}), which
 * container workers and the local event source read (cached at most 5 s) before each receive, and with
 * {@code JOBKIT_ADMIN_PAUSE_LAMBDA=true} disables (enables) the queue's Lambda event source mappings: the same
 * {@link QueuePause} the admin API's pause and resume run.
 */
@Command(name = "pause", mixinStandardHelpOptions = true,
        description = "Pause a queue: workers stop receiving from it within 5 s.",
        footer = {"", "Example:", "  jobkit queues pause reports", "  jobkit queues resume reports"})
public class QueuesPauseCommand extends CliCommand {
    /** The JSON shape of the result. */
    public record Control(String queue, boolean paused, String changedBy, String changedAt) {
    }

    @Parameters(index = "0", paramLabel = "QUEUE", description = "The queue, e.g. normal.")
    String queue;

    boolean pause() {
        return true;
    }

    @Override
    public Integer call() {
        JobClient client = cli().client();
        String name = client.topology().queue(queue).name();
        String who = "cli:" + cli().environment().getOrDefault("USER", "unknown");
        QueuePause.Result r;
        try (QueuePause pauses = QueuePause.fromEnvironment(client, cli().environment(), client.runtime().clock())) {
            r = pause() ? pauses.pause(name, who) : pauses.resume(name, who);
        } catch (QueuePause.EventSourcesFailed e) {
            throw new CliFailure(e.getMessage());
        }
        QueueControl c = r.control();
        output().print(new Control(c.queue(), c.paused(), c.changedBy(), c.changedAt().toString()), () ->
                output().fields(List.of(new String[]{"queue", c.queue()}, new String[]{"state", c.paused() ? "PAUSED" : "running"},
                        new String[]{"by", c.changedBy()}, new String[]{"at", c.changedAt().toString()},
                        new String[]{c.paused() ? "disabled" : "enabled", r.eventSourceMappings().isEmpty() ? null
                                : "Lambda event source mappings " + String.join(", ", r.eventSourceMappings())})));
        return 0;
    }

    /** {@code jobkit queues resume Q}. */
    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume a paused queue.",
            footer = {"", "Example:", "  jobkit queues resume reports"})
    public static final class Resume extends QueuesPauseCommand {
        @Override
        boolean pause() {
            return false;
        }
    }
}
