package io.jobkit.local.scheduler;

import io.jobkit.client.testing.TestClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ActionAfterCompletion;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;
import software.amazon.awssdk.services.scheduler.model.ScheduleState;
import software.amazon.awssdk.services.sqs.model.Message;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import static io.jobkit.local.scheduler.LocalSchedulerFiringIT.schedule;
import static io.jobkit.local.scheduler.LocalSchedulerFiringIT.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A bridge fires the schedules a non-firing LocalScheduler stores (standing in for LocalStack), read via the SDK. */
class SchedulerBridgeIT {
    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    private static Sqs sqs;
    private final TestClock clock = new TestClock(T0);
    private LocalScheduler store;
    private SchedulerClient remote;
    private SchedulerBridge bridge;
    private String queueUrl;

    @BeforeAll
    static void startSqs() {
        sqs = new Sqs();
    }

    @AfterAll
    static void stopSqs() {
        sqs.close();
    }

    @BeforeEach
    void start() {
        queueUrl = sqs.queue("bridged");
        sqs.drain(queueUrl);
        store = LocalScheduler.builder().port(0).firingEnabled(false).clock(clock).build().start();
        remote = Sqs.scheduler(store.endpoint());
        remote.createScheduleGroup(r -> r.name("jobkit"));
        bridge = SchedulerBridge.builder().schedulerClient(remote).sqsClient(sqs.client).clock(clock)
                .groups("jobkit").refreshInterval(Duration.ofSeconds(10)).build();
    }

    @AfterEach
    void stop() {
        bridge.close();
        remote.close();
        store.close();
    }

    private List<String> scheduledTimes() {
        return sqs.drain(queueUrl).stream().map(Message::body)
                .map(b -> b.replaceAll(".*\"scheduledTime\":\"([^\"]+)\".*", "$1")).sorted().collect(Collectors.toList());
    }

    @Test
    void bridge_firesTheRemoteStoresSchedulesOfItsGroup_andFollowsRemoteUpdates() {
        remote.createSchedule(schedule("every-10", "cron(0/10 * * * ? *)", "bridged").andThen(r -> r.groupName("jobkit")));
        remote.createSchedule(schedule("not-mine", "cron(0/10 * * * ? *)", "bridged")); // default group: not bridged

        clock.set(T0.plus(Duration.ofHours(1)));
        bridge.tick();

        assertThat(scheduledTimes()).containsExactly("2026-03-02T10:10:00Z", "2026-03-02T10:20:00Z",
                "2026-03-02T10:30:00Z", "2026-03-02T10:40:00Z", "2026-03-02T10:50:00Z", "2026-03-02T11:00:00Z");

        remote.updateSchedule(update("every-10", "cron(0/10 * * * ? *)", "bridged")
                .andThen(r -> r.groupName("jobkit").state(ScheduleState.DISABLED)));
        clock.set(T0.plus(Duration.ofHours(2)));
        bridge.tick();

        assertThat(scheduledTimes()).isEmpty();
    }

    @Test
    void bridge_oneTimeScheduleWithDelete_firesOnceAndIsDeletedRemotely() {
        remote.createSchedule(schedule("once", "at(2026-03-02T10:30:00)", "bridged")
                .andThen(r -> r.groupName("jobkit").actionAfterCompletion(ActionAfterCompletion.DELETE)));

        clock.set(T0.plus(Duration.ofHours(1)));
        bridge.tick();

        assertThat(scheduledTimes()).containsExactly("2026-03-02T10:30:00Z");
        assertThatThrownBy(() -> remote.getSchedule(r -> r.name("once").groupName("jobkit")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void bridge_doesNotReplayFiringsMissedBeforeItStarted() {
        remote.createSchedule(schedule("old", "cron(0/10 * * * ? *)", "bridged").andThen(r -> r.groupName("jobkit")));
        bridge.close();
        clock.set(T0.plus(Duration.ofHours(5)));
        bridge = SchedulerBridge.builder().schedulerClient(remote).sqsClient(sqs.client).clock(clock).groups("jobkit").build();

        clock.set(T0.plus(Duration.ofHours(5)).plus(Duration.ofMinutes(25)));
        bridge.tick();

        assertThat(scheduledTimes()).containsExactly("2026-03-02T15:10:00Z", "2026-03-02T15:20:00Z");
    }
}
