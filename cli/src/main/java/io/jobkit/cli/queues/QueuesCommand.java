package io.jobkit.cli.queues;

import io.jobkit.client.control.QueueControl;
import io.jobkit.client.control.QueueControls;

import io.jobkit.cli.CliCommand;
import io.jobkit.cli.Text;
import io.jobkit.client.JobClient;
import io.jobkit.client.queues.QueueStats;
import io.jobkit.client.topology.QueueDef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** {@code jobkit queues}: depths of every queue and its DLQ. */
@Command(name = "queues", mixinStandardHelpOptions = true,
        description = {"Show each queue: visible, in flight, delayed, DLQ depth, oldest message age.",
                "Counts are SQS's approximate ones. SQS has no oldest-age attribute (CloudWatch's",
                "ApproximateAgeOfOldestMessage is the exact one): the DLQ's is the oldest of a sample of up to 10",
                "messages; the queue's is shown only with --sample-age, because sampling a working queue counts as",
                "a receive of the sampled messages (towards its redrive policy's maxReceiveCount)."},
        footer = {"", "Example:", "  jobkit queues", "  jobkit queues --json | jq '.queues[] | select(.dlqDepth > 0)'",
                "  jobkit queues pause reports"},
        subcommands = {QueuesPauseCommand.class, QueuesPauseCommand.Resume.class})
public final class QueuesCommand extends CliCommand {
    /** The JSON shape of the result. */
    public record Queues(List<QueueView> queues) {
    }

    /** One queue in {@code --json} output; ages in whole seconds, null when not measured. */
    public record QueueView(String queue, String sqsName, long visible, long inFlight, long delayed, String dlqSqsName,
                            long dlqDepth, Long oldestAgeSeconds, Long dlqOldestAgeSeconds) {
        static QueueView of(QueueStats s) {
            return new QueueView(s.queue(), s.sqsName(), s.visible(), s.inFlight(), s.delayed(), s.dlqSqsName(),
                    s.dlqDepth(), Text.seconds(s.oldestAge()), Text.seconds(s.dlqOldestAge()));
        }
    }

    @Option(names = "--sample-age", description = "Also estimate each queue's oldest message age from a sample (counts as a receive).")
    boolean sampleAge;

    @Override
    public Integer call() {
        JobClient client = cli().client();
        List<QueueStats> stats = new ArrayList<>();
        for (QueueDef q : client.topology().queues()) stats.add(client.queueStats(q.name(), sampleAge));
        output().print(new Queues(stats.stream().map(QueueView::of).toList()), () -> {
            List<List<String>> rows = new ArrayList<>();
            for (QueueStats s : stats) {
                rows.add(Arrays.asList(s.queue(), Long.toString(s.visible()), Long.toString(s.inFlight()),
                        Long.toString(s.delayed()), sampleAge ? age(s.oldestAge(), s.visible()) : "n/a",
                        Long.toString(s.dlqDepth()), age(s.dlqOldestAge(), s.dlqDepth())));
            }
            output().table(List.of("QUEUE", "VISIBLE", "IN-FLIGHT", "DELAYED", "OLDEST", "DLQ", "DLQ-OLDEST"), rows);
            if (!sampleAge) output().note("OLDEST: n/a without --sample-age (see --help); ages are approximate, from a sample");
            QueueControls controls = new QueueControls(client.runtime().dynamoDb(), client.topology().tableName(),
                    client.runtime().clock());
            for (QueueStats s : stats) {
                QueueControl c = controls.read(s.queue());
                if (c.paused()) output().note("paused: " + s.queue() + " (by " + c.changedBy() + " at " + c.changedAt() + ")");
            }
        });
        return 0;
    }

    static String age(java.time.Duration age, long depth) {
        if (age != null) return ">=" + Text.age(age);
        return depth == 0 ? "-" : "?";
    }
}
