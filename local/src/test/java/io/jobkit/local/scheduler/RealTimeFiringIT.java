package io.jobkit.local.scheduler;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ActionAfterCompletion;
import software.amazon.awssdk.services.sqs.model.Message;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static io.jobkit.local.scheduler.LocalSchedulerFiringIT.schedule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Without a test clock: the engine's own thread fires a schedule a few seconds ahead. */
class RealTimeFiringIT {
    private static Sqs sqs;

    @BeforeAll
    static void startSqs() {
        sqs = new Sqs();
    }

    @AfterAll
    static void stopSqs() {
        sqs.close();
    }

    private static String atThreeSecondsAhead() {
        return "at(" + LocalDateTime.now(ZoneOffset.UTC).plusSeconds(3).truncatedTo(ChronoUnit.SECONDS) + ")";
    }

    @Test
    void localScheduler_firesAScheduleThreeSecondsAhead() {
        String queueUrl = sqs.queue("real-time");
        try (LocalScheduler scheduler = LocalScheduler.builder().port(0).sqsEndpoint(sqs.endpoint).build().start();
             SchedulerClient client = Sqs.scheduler(scheduler.endpoint())) {
            client.createSchedule(schedule("soon", atThreeSecondsAhead(), "real-time")
                    .andThen(r -> r.actionAfterCompletion(ActionAfterCompletion.DELETE)));

            List<Message> received = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> received.addAll(sqs.drain(queueUrl)) || !received.isEmpty());

            assertThat(received).hasSize(1);
            await().atMost(Duration.ofSeconds(5)).until(() -> client.listSchedules(r -> { }).schedules().isEmpty());
        }
    }

    @Test
    void bridge_firesARemoteScheduleThreeSecondsAhead() {
        String queueUrl = sqs.queue("real-time-bridged");
        try (LocalScheduler store = LocalScheduler.builder().port(0).firingEnabled(false).build().start();
             SchedulerClient remote = Sqs.scheduler(store.endpoint());
             SchedulerBridge bridge = SchedulerBridge.builder().schedulerClient(remote).sqsEndpoint(sqs.endpoint)
                     .refreshInterval(Duration.ofSeconds(1)).build().start()) {
            remote.createSchedule(schedule("soon", atThreeSecondsAhead(), "real-time-bridged"));

            List<Message> received = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> received.addAll(sqs.drain(queueUrl)) || !received.isEmpty());

            assertThat(received).hasSize(1);
            bridge.tick(); // a pass after the firing finds nothing more to do
            assertThat(sqs.drain(queueUrl)).isEmpty();
        }
    }
}
