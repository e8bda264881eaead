package io.jobkit.cli.workflow;

import io.jobkit.cli.CliCommand;
import io.jobkit.cli.CliFailure;
import io.jobkit.client.EnqueueRequest;
import io.jobkit.client.workflow.ChainStatus;
import io.jobkit.client.workflow.Flow;
import io.jobkit.client.workflow.WorkflowCancelResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

/** {@code jobkit chain --step TYPE=JSON ...}, {@code jobkit chain status ID}, {@code jobkit chain cancel ID}. */
@Command(name = "chain", mixinStandardHelpOptions = true,
        description = {"Start a chain of jobs: each step is enqueued when the one before succeeds and reads its result;",
                "a step that fails for good cancels the later steps."},
        subcommands = {ChainCommand.Status.class, ChainCommand.Cancel.class},
        footer = {"", "Examples:", "  jobkit chain --step 'order.validate={\"id\":7}' --step 'order.charge={\"id\":7}' --step order.confirm",
                "  jobkit chain status chain-0193a4c2-7d1e-7b3a-9f00-1c2d3e4f5a6b --json"})
public final class ChainCommand extends CliCommand {
    /** The JSON shape of a started chain. */
    public record Started(String id, int steps) {
    }

    @Option(names = "--step", paramLabel = "TYPE=JSON", description = "A step, in order (repeat for each step).")
    List<String> steps = new ArrayList<>();

    @Override
    public Integer call() {
        if (steps.isEmpty()) {
            throw new CliFailure("jobkit chain needs at least one --step TYPE=JSON (or a subcommand: status, cancel)");
        }
        List<Flow> flows = new ArrayList<>();
        for (String s : steps) {
            EnqueueRequest r = TypedJson.parse("--step", s);
            flows.add(Flow.job(r));
        }
        String id = cli().client().chain(flows);
        output().print(new Started(id, flows.size()), () -> output().line("started chain " + id + " (" + flows.size() + " steps)"));
        return 0;
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Show a chain and its steps.",
            footer = {"", "Example:", "  jobkit chain status chain-0193a4c2-7d1e-7b3a-9f00-1c2d3e4f5a6b --json"})
    public static final class Status extends CliCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The chain id.")
        String id;

        @Override
        public Integer call() {
            ChainStatus s = cli().client().chainStatus(id).orElseThrow(() -> new CliFailure("no chain " + id
                    + " in table " + cli().client().topology().tableName()));
            WorkflowViews.chain(output(), s);
            return 0;
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = "Cancel a chain: its waiting step is cancelled, a running one asked to stop, later ones never run.",
            footer = {"", "Example:", "  jobkit chain cancel chain-0193a4c2-7d1e-7b3a-9f00-1c2d3e4f5a6b"})
    public static final class Cancel extends CliCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The chain id.")
        String id;

        @Override
        public Integer call() {
            WorkflowCancelResult r = cli().client().cancelChain(id);
            switch (r.outcome()) {
                case "NOT_FOUND" -> throw new CliFailure("no chain " + id + " in table " + cli().client().topology().tableName());
                case "ALREADY_FINISHED" -> throw new CliFailure("chain " + id + " already finished; nothing to cancel");
                default -> output().print(r, () -> output().line("cancelled chain " + id + " (" + r.cancelled()
                        + " waiting, " + r.stopRequested() + " asked to stop)"));
            }
            return 0;
        }
    }
}
