package io.jobkit.tests.scheduling;

import io.jobkit.client.Job;
import io.jobkit.client.JobClient;
import io.jobkit.client.JobStatus;
import io.jobkit.handlers.JobHandlers;
import io.jobkit.handlers.worker.Worker;
import io.jobkit.handlers.worker.WorkerOptions;
import io.jobkit.tests.support.LocalCloudExtension;
import io.jobkit.tests.support.TestCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.scheduler.model.ScheduleSummary;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Once, in real time: the local cloud's own scheduler fires a job into the local SQS and a worker runs it. */
@ExtendWith(LocalCloudExtension.class)
class RealTimeSchedulingIT {

    @Test
    void aJobDueInThreeSeconds_isFiredIntoTheLocalSqs_byTheLocalScheduler_andRunByTheWorker(TestCloud cloud) {
        JobClient client = cloud.client();
        JobHandlers handlers = JobHandlers.builder().handler("ping", Map.class, (p, ctx) -> Map.of("pong", true)).build();
        try (Worker ignored = Worker.create(client, handlers, WorkerOptions.builder().pollWait(Duration.ofSeconds(1))
                .shutdownTimeout(Duration.ofSeconds(3)).build()).start()) {
            Instant runAt = Instant.now().plusSeconds(3);
            String id = client.enqueue("ping", Map.of(), o -> o.runAt(runAt));
            assertThat(client.get(id).orElseThrow().status()).isEqualTo(JobStatus.SCHEDULED);
            assertThat(cloud.scheduler().listSchedules(r -> r.groupName(cloud.topology().scheduleGroup())).schedules())
                    .extracting(ScheduleSummary::name).containsExactly("job-" + id);

            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> client.get(id).map(Job::status).orElse(null) == JobStatus.SUCCEEDED);

            Job done = client.get(id).orElseThrow();
            assertThat(done.startedAt()).as("not before its time").isAfterOrEqualTo(runAt);
            assertThat(done.result().get("pong").asBoolean()).isTrue();
            assertThat(cloud.scheduler().listSchedules(r -> r.groupName(cloud.topology().scheduleGroup())).schedules())
                    .as("deleted after it fired").isEmpty();
        }
    }
}
