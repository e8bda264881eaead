package io.jobkit.cli;

import io.jobkit.cli.support.CliCloud;
import io.jobkit.cli.support.CliRun;
import io.jobkit.cli.support.LocalCloudExtension;
import io.jobkit.cli.support.TestHandlers;
import io.jobkit.handlers.worker.Worker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(LocalCloudExtension.class)
class WorkersIT {

    @Test
    void workers_listsLiveWorkersFromTheirHeartbeats_andForgetsAStoppedOne(CliCloud cloud) {
        assertThat(cloud.run("workers").err()).contains("no live workers");
        Worker worker = cloud.startWorker(new TestHandlers().handlers());
        org.awaitility.Awaitility.await().until(() -> cloud.run("workers", "--json").json().get("workers").size() == 1);

        CliRun table = cloud.run("workers");
        assertThat(table.out()).startsWith("ID").contains(worker.id(), "critical,high,normal,low");
        var info = cloud.run("workers", "--json").json().get("workers").get(0);
        assertThat(info.get("id").asText()).isEqualTo(worker.id());
        assertThat(info.get("runtime").asText()).isEqualTo("worker");
        assertThat(info.get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());

        worker.shutdown();
        assertThat(cloud.run("workers", "--json").json().get("workers")).isEmpty();
    }
}
