package io.jobkit.cli.queues;

import io.jobkit.cli.CliCommand;
import io.jobkit.cli.Text;
import io.jobkit.client.queues.QueueStats;
import picocli.CommandLine.Command;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** {@code jobkit dlq list}: every DLQ with its depth. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the dead-letter queues with their depth and oldest message age (from a sample of up to 10).",
        footer = {"", "Example:", "  jobkit dlq list"})
public final class DlqListCommand extends CliCommand {
    /** The JSON shape of the result. */
    public record DeadLetterQueues(List<DlqView> deadLetterQueues) {
    }

    /** One DLQ in {@code --json} output. */
    public record DlqView(String queue, String dlqSqsName, long depth, Long oldestAgeSeconds) {
    }

    @Override
    public Integer call() {
        List<QueueStats> stats = cli().client().queueStats();
        List<DlqView> views = stats.stream().map(s -> new DlqView(s.queue(), s.dlqSqsName(), s.dlqDepth(),
                Text.seconds(s.dlqOldestAge()))).toList();
        output().print(new DeadLetterQueues(views), () -> {
            List<List<String>> rows = new ArrayList<>();
            for (QueueStats s : stats) {
                rows.add(Arrays.asList(s.queue(), s.dlqSqsName(), Long.toString(s.dlqDepth()),
                        QueuesCommand.age(s.dlqOldestAge(), s.dlqDepth())));
            }
            output().table(List.of("QUEUE", "DLQ", "MESSAGES", "OLDEST"), rows);
        });
        return 0;
    }
}
