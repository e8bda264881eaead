package io.jobkit.cli.queues;

import io.jobkit.cli.CliCommand;
import io.jobkit.client.JobValidationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jobkit dlq purge QUEUE --yes}. */
@Command(name = "purge", mixinStandardHelpOptions = true,
        description = {"Delete every message in QUEUE's DLQ (SQS PurgeQueue; at most once per 60 s per queue).",
                "The jobs stay FAILED in the job table. Needs --yes."},
        footer = {"", "Example:", "  jobkit dlq purge normal --yes"})
public final class DlqPurgeCommand extends CliCommand {
    /** The JSON shape of the result: {@code purged} is the DLQ's depth just before. */
    public record Purged(String queue, String dlqSqsName, long purged) {
    }

    @Parameters(index = "0", paramLabel = "QUEUE", description = "The queue whose DLQ to empty, e.g. normal.")
    String queue;

    @Option(names = "--yes", description = "Confirm: the messages cannot be recovered.")
    boolean yes;

    @Override
    public Integer call() {
        var client = cli().client();
        String dlqName = client.topology().dlqSqsName(client.topology().queue(queue));
        if (!yes) {
            throw new JobValidationException("purging deletes every message in " + dlqName + " for good; add --yes to confirm");
        }
        long purged = client.purgeDeadLetters(queue);
        output().print(new Purged(queue, dlqName, purged), () -> output().line("purged " + dlqName + " (" + purged + " messages)"));
        return 0;
    }
}
