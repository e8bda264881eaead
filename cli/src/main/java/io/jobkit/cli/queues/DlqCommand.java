package io.jobkit.cli.queues;

import io.jobkit.cli.CliCommand;
import io.jobkit.cli.ExitCodes;
import picocli.CommandLine.Command;

/** {@code jobkit dlq ...}: the dead-letter queues. */
@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = "Inspect, redrive and purge dead-letter queues (each queue <prefix>-Q has <prefix>-Q-dlq).",
        subcommands = {DlqListCommand.class, DlqPeekCommand.class, DlqRedriveCommand.class, DlqPurgeCommand.class})
public final class DlqCommand extends CliCommand {
    @Override
    public Integer call() {
        cli().err().println("jobkit dlq: a subcommand is required; use list, peek, redrive or purge (see 'jobkit dlq --help')");
        return ExitCodes.USAGE;
    }
}
