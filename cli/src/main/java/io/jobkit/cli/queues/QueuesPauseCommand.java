package io.jobkit.cli.queues;

import io.jobkit.cli.CliCommand;
import io.jobkit.client.JobClient;
import io.jobkit.client.control.QueueControl;
import io.jobkit.client.control.QueueControls;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;

/**
 * {@code jobkit queues pause|resume Q}: writes the queue's control item ({@code QUEUE#<name>}/{@code CONTROL}), which
 * container workers and the local event source read (cached at most 5 s) before each receive. The same item the
 * admin API's pause and resume write.
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
        QueueControls controls = new QueueControls(client.runtime().dynamoDb(), client.topology().tableName(),
                client.runtime().clock());
        String who = "cli:" + cli().environment().getOrDefault("USER", "unknown");
        QueueControl c = pause() ? controls.pause(name, who) : controls.resume(name, who);
        output().print(new Control(c.queue(), c.paused(), c.changedBy(), c.changedAt().toString()), () ->
                output().fields(List.of(new String[]{"queue", c.queue()}, new String[]{"state", c.paused() ? "PAUSED" : "running"},
                        new String[]{"by", c.changedBy()}, new String[]{"at", c.changedAt().toString()})));
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
