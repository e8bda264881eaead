package io.jobkit.cli.provision;

import io.jobkit.cli.CliCommand;
import io.jobkit.client.spi.ClientRuntime;
import io.jobkit.client.provision.ProvisionedResources;
import io.jobkit.client.provision.Provisioner;
import io.jobkit.client.topology.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

/**
 * {@code jobkit provision}: creates jobkit's queues (each with its DLQ and redrive policy), the jobs table and the
 * schedule group where no CDK stack does — LocalStack, a scratch account — from the same {@link Topology} every
 * other part of jobkit reads. Idempotent.
 */
@Command(name = "provision", mixinStandardHelpOptions = true,
        description = {"Create the topology's queues with their DLQs, the jobs table and the schedule group (idempotent).",
                "For LocalStack or a scratch account; production accounts use the CDK app."},
        footer = {"", "Examples:", "  jobkit provision --endpoint-url http://localhost:4566",
                "  JOBKIT_QUEUES=reports JOBKIT_ROUTES='report.*=reports' jobkit provision --prefix shop"})
public final class ProvisionCommand extends CliCommand {
    /** The JSON shape of the result. */
    public record Provisioned(String prefix, List<QueueView> queues, String table, String scheduleGroup) {
    }

    /** One provisioned queue. */
    public record QueueView(String queue, String url, String dlqUrl) {
    }

    @Option(names = "--no-schedule-group", description = "Skip the EventBridge Scheduler group.")
    boolean noScheduleGroup;

    @Override
    public Integer call() {
        ClientRuntime runtime = cli().client().runtime();
        Topology topology = runtime.topology();
        Provisioner provisioner = noScheduleGroup || runtime.scheduler() == null
                ? Provisioner.of(runtime.sqs(), runtime.dynamoDb(), topology)
                : Provisioner.of(runtime.sqs(), runtime.dynamoDb(), runtime.scheduler(), topology);
        String retention = cli().environment().get("JOBKIT_RETENTION");
        if (retention != null && !retention.isBlank()) {
            provisioner = provisioner.jobRetention(io.jobkit.client.Durations.parse(retention.trim()));
        }
        ProvisionedResources done = provisioner.provision();
        Provisioned result = new Provisioned(topology.prefix(),
                done.queues().stream().map(q -> new QueueView(q.name(), q.url(), q.dlqUrl())).toList(),
                done.tableName(), done.scheduleGroup());
        output().print(result, () -> {
            output().table(List.of("QUEUE", "URL", "DLQ URL"),
                    result.queues().stream().map(q -> List.of(q.queue(), q.url(), q.dlqUrl())).toList());
            output().line("table " + result.table() + (result.scheduleGroup() != null
                    ? ", schedule group " + result.scheduleGroup() : ""));
        });
        return 0;
    }
}
