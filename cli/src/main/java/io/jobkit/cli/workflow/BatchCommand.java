package io.jobkit.cli.workflow;

import io.jobkit.cli.CliCommand;
import io.jobkit.cli.CliFailure;
import io.jobkit.cli.ExitCodes;
import io.jobkit.client.EnqueueRequest;
import io.jobkit.client.JobValidationException;
import io.jobkit.client.workflow.BatchOptions;
import io.jobkit.client.workflow.BatchStatus;
import io.jobkit.client.workflow.WorkflowCancelResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code jobkit batch create|status|cancel}. */
@Command(name = "batch", mixinStandardHelpOptions = true,
        description = "Run many jobs as one batch with callbacks: create, status, cancel.",
        subcommands = {BatchCommand.Create.class, BatchCommand.Status.class, BatchCommand.Cancel.class},
        footer = {"", "Examples:", "  jobkit batch create --type image.resize --items-file images.jsonl --on-complete 'report.send={}'",
                "  jobkit batch status batch-0193a4c2-7d1e-7b3a-9f00-1c2d3e4f5a6b --json"})
public final class BatchCommand extends CliCommand {
    @Override
    public Integer call() {
        cli().err().println("jobkit batch: a subcommand is required; use create, status or cancel (see 'jobkit batch --help')");
        return ExitCodes.USAGE;
    }

    /** The JSON shape of a created batch. */
    public record Created(String id, long total) {
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a batch: one job of --type per line of --items-file (JSON Lines, one payload per line).",
            footer = {"", "Example:", "  jobkit batch create --type image.resize --items-file images.jsonl \\",
                    "      --on-success 'report.send={\"ok\":true}' --on-failure 'ops.page={}' --json"})
    public static final class Create extends CliCommand {
        @Option(names = "--type", required = true, paramLabel = "TYPE", description = "The members' job type.")
        String type;

        @Option(names = "--items-file", required = true, paramLabel = "FILE", description = "JSON Lines: one payload per line.")
        Path itemsFile;

        @Option(names = "--on-success", paramLabel = "TYPE=JSON", description = "Callback when every member succeeded.")
        String onSuccess;

        @Option(names = "--on-complete", paramLabel = "TYPE=JSON", description = "Callback when every member is terminal.")
        String onComplete;

        @Option(names = "--on-failure", paramLabel = "TYPE=JSON", description = "Callback when the first member fails for good.")
        String onFailure;

        @Override
        public Integer call() {
            List<EnqueueRequest> members = new ArrayList<>();
            try (BufferedReader in = Files.newBufferedReader(itemsFile)) {
                String line;
                int n = 0;
                while ((line = in.readLine()) != null) {
                    n++;
                    if (line.isBlank()) continue;
                    members.add(EnqueueRequest.of(type, TypedJson.json(itemsFile + " line " + n, line)));
                }
            } catch (NoSuchFileException e) {
                throw new JobValidationException("items file " + itemsFile + " does not exist");
            } catch (IOException e) {
                throw new JobValidationException("items file " + itemsFile + " could not be read: " + e.getMessage());
            }
            if (members.isEmpty()) throw new CliFailure("items file " + itemsFile + " has no items; give one JSON payload per line");
            BatchOptions.Builder o = BatchOptions.builder();
            if (onSuccess != null) o.onSuccess(TypedJson.parse("--on-success", onSuccess));
            if (onComplete != null) o.onComplete(TypedJson.parse("--on-complete", onComplete));
            if (onFailure != null) o.onFailure(TypedJson.parse("--on-failure", onFailure));
            String id = cli().client().batch(members, o.build());
            output().print(new Created(id, members.size()), () -> output().line("created batch " + id + " ("
                    + members.size() + " members)"));
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Show a batch's counts and callbacks.",
            footer = {"", "Example:", "  jobkit batch status batch-0193a4c2-7d1e-7b3a-9f00-1c2d3e4f5a6b --json"})
    public static final class Status extends CliCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The batch id.")
        String id;

        @Override
        public Integer call() {
            BatchStatus s = cli().client().batchStatus(id).orElseThrow(() -> new CliFailure("no batch " + id
                    + " in table " + cli().client().topology().tableName()));
            WorkflowViews.batch(output(), s);
            return 0;
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = "Cancel a batch: waiting members are cancelled, running ones asked to stop.",
            footer = {"", "Example:", "  jobkit batch cancel batch-0193a4c2-7d1e-7b3a-9f00-1c2d3e4f5a6b"})
    public static final class Cancel extends CliCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The batch id.")
        String id;

        @Override
        public Integer call() {
            WorkflowCancelResult r = cli().client().cancelBatch(id);
            switch (r.outcome()) {
                case "NOT_FOUND" -> throw new CliFailure("no batch " + id + " in table " + cli().client().topology().tableName());
                case "ALREADY_FINISHED" -> throw new CliFailure("batch " + id + " already completed; nothing to cancel");
                default -> output().print(r, () -> output().line("cancelled batch " + id + " (" + r.cancelled()
                        + " waiting members cancelled, " + r.stopRequested() + " running asked to stop)"));
            }
            return 0;
        }
    }
}
