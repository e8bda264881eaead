package io.jobkit.cli.queues;

import io.jobkit.cli.CliCommand;
import io.jobkit.cli.Text;
import io.jobkit.client.queues.DeadLetter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@code jobkit dlq peek QUEUE}: read dead letters without removing them. */
@Command(name = "peek", mixinStandardHelpOptions = true,
        description = {"Show messages in QUEUE's DLQ without removing them: job id and type, why it was",
                "dead-lettered, the queue and attempt cycle it came from, when, and its receive count.",
                "SQS cannot read a message without receiving it: peeked messages are invisible while the peek",
                "runs (and for at most 30 s should it be interrupted), then visible again; each peek adds one to",
                "their receive count."},
        footer = {"", "Example:", "  jobkit dlq peek normal --limit 20"})
public final class DlqPeekCommand extends CliCommand {
    /** The JSON shape of the result. */
    public record Peek(String queue, String dlqSqsName, List<DeadLetterView> messages) {
    }

    /** One dead letter in {@code --json} output; {@code body} is the message body (the job's envelope) as text. */
    public record DeadLetterView(String messageId, String jobId, String type, String reason, String source, Integer cycle,
                                 String deadLetteredAt, Long ageSeconds, int receiveCount, String body) {
    }

    @Parameters(index = "0", paramLabel = "QUEUE", description = "The queue whose DLQ to read, e.g. normal.")
    String queue;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "10", description = "At most N messages, 1-1000 (default ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        var client = cli().client();
        String dlqName = client.topology().dlqSqsName(client.topology().queue(queue));
        List<DeadLetter> letters = client.peekDeadLetters(queue, limit);
        Instant now = client.runtime().clock().instant();
        List<DeadLetterView> views = new ArrayList<>();
        for (DeadLetter d : letters) {
            Duration age = d.deadLetteredAt() == null ? null : Duration.between(d.deadLetteredAt(), now);
            views.add(new DeadLetterView(d.messageId(), d.jobId(), d.type(), d.reason(), d.source(), d.cycle(),
                    Text.iso(d.deadLetteredAt()), Text.seconds(age), d.receiveCount(), d.body()));
        }
        output().print(new Peek(queue, dlqName, views), () -> {
            if (letters.isEmpty()) output().note(dlqName + " is empty");
            for (DeadLetter d : letters) {
                output().fields(List.of(
                        new String[]{"message", d.messageId()},
                        new String[]{"job", (d.jobId() == null ? "(no jobkit-id)" : d.jobId()) + (d.type() == null ? "" : "  " + d.type())},
                        new String[]{"reason", d.reason() == null ? "(none: moved by the redrive policy, not by a worker)" : d.reason()},
                        new String[]{"from", d.source() == null ? null : d.source() + (d.cycle() == null ? "" : ", attempt cycle " + d.cycle())},
                        new String[]{"dead-lettered", Text.when(d.deadLetteredAt(), now)},
                        new String[]{"receives", Integer.toString(d.receiveCount())}));
                output().line("");
            }
        });
        return 0;
    }
}
