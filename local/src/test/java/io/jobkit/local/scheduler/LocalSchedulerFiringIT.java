package io.jobkit.local.scheduler;

import io.jobkit.client.testing.TestClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ActionAfterCompletion;
import software.amazon.awssdk.services.scheduler.model.CreateScheduleRequest;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;
import software.amazon.awssdk.services.scheduler.model.ScheduleState;
import software.amazon.awssdk.services.scheduler.model.UpdateScheduleRequest;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Firing into a real ElasticMQ, driven by a test clock: simulated hours and days run in milliseconds. */
class LocalSchedulerFiringIT {
    static final String ROLE = "arn:aws:iam::000000000000:role/jobkit-scheduler";
    static final String INPUT = "{\"executionId\":\"<aws.scheduler.execution-id>\","
            + "\"scheduledTime\":\"<aws.scheduler.scheduled-time>\",\"arn\":\"<aws.scheduler.schedule-arn>\","
            + "\"attempt\":\"<aws.scheduler.attempt-number>\"}";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    private static Sqs sqs;
    private final TestClock clock = new TestClock(T0);
    private LocalScheduler scheduler;
    private SchedulerClient client;
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
        queueUrl = sqs.queue("jobs");
        sqs.drain(queueUrl);
        scheduler = LocalScheduler.builder().port(0).clock(clock).sqsClient(sqs.client).build().start();
        client = Sqs.scheduler(scheduler.endpoint());
    }

    @AfterEach
    void stop() {
        client.close();
        scheduler.close();
    }

    static Consumer<CreateScheduleRequest.Builder> schedule(String name, String expression, String queue) {
        return r -> r.name(name).scheduleExpression(expression)
                .flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.OFF))
                .target(t -> t.arn(Sqs.arn(queue)).roleArn(ROLE).input(INPUT));
    }

    static Consumer<UpdateScheduleRequest.Builder> update(String name, String expression, String queue) {
        return r -> r.name(name).scheduleExpression(expression)
                .flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.OFF))
                .target(t -> t.arn(Sqs.arn(queue)).roleArn(ROLE).input(INPUT));
    }

    private void advanceTo(Instant t) {
        clock.set(t);
        scheduler.tick();
    }

    private List<JsonNode> received() {
        return sqs.drain(queueUrl).stream().map(m -> parse(m.body())).collect(Collectors.toList());
    }

    private static List<String> scheduledTimes(List<JsonNode> bodies) {
        return bodies.stream().map(b -> b.get("scheduledTime").asText()).sorted().collect(Collectors.toList());
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void cronEveryFiveMinutes_firesTwelveTimesInASimulatedHour_eachWithItsOwnExecutionId() {
        client.createSchedule(schedule("every-5", "cron(0/5 * * * ? *)", "jobs"));

        advanceTo(T0.plus(Duration.ofHours(1)));

        List<JsonNode> bodies = received();
        assertThat(bodies).hasSize(12);
        assertThat(scheduledTimes(bodies)).containsExactly(
                "2026-03-02T10:05:00Z", "2026-03-02T10:10:00Z", "2026-03-02T10:15:00Z", "2026-03-02T10:20:00Z",
                "2026-03-02T10:25:00Z", "2026-03-02T10:30:00Z", "2026-03-02T10:35:00Z", "2026-03-02T10:40:00Z",
                "2026-03-02T10:45:00Z", "2026-03-02T10:50:00Z", "2026-03-02T10:55:00Z", "2026-03-02T11:00:00Z");
        assertThat(bodies.stream().map(b -> b.get("executionId").asText()))
                .doesNotHaveDuplicates()
                .allSatisfy(id -> assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"));
        assertThat(bodies).allSatisfy(b -> {
            assertThat(b.get("arn").asText()).isEqualTo("arn:aws:scheduler:us-east-1:000000000000:schedule/default/every-5");
            assertThat(b.get("attempt").asText()).isEqualTo("1");
        });
    }

    @Test
    void dailyNineInBerlin_firesAtTheRightUtcInstantsAcrossSpringForward() {
        clock.set(Instant.parse("2026-03-27T12:00:00Z"));
        client.createSchedule(schedule("daily", "cron(0 9 * * ? *)", "jobs")
                .andThen(r -> r.scheduleExpressionTimezone("Europe/Berlin")));

        advanceTo(Instant.parse("2026-04-01T00:00:00Z"));

        assertThat(scheduledTimes(received())).containsExactly(
                "2026-03-28T08:00:00Z",  // CET: 09:00 = 08:00 UTC
                "2026-03-29T07:00:00Z",  // CEST from the last Sunday of March: 09:00 = 07:00 UTC
                "2026-03-30T07:00:00Z",
                "2026-03-31T07:00:00Z");
    }

    @Test
    void dailyNineInBerlin_firesAtTheRightUtcInstantsAcrossFallBack() {
        clock.set(Instant.parse("2026-10-23T12:00:00Z"));
        client.createSchedule(schedule("daily", "cron(0 9 * * ? *)", "jobs")
                .andThen(r -> r.scheduleExpressionTimezone("Europe/Berlin")));

        advanceTo(Instant.parse("2026-10-27T00:00:00Z"));

        assertThat(scheduledTimes(received())).containsExactly(
                "2026-10-24T07:00:00Z",  // CEST: 09:00 = 07:00 UTC
                "2026-10-25T08:00:00Z",  // CET from the last Sunday of October: 09:00 = 08:00 UTC
                "2026-10-26T08:00:00Z");
    }

    @Test
    void disablingStopsFirings_andEnablingRestartsThemWithoutReplayingTheGap() {
        client.createSchedule(schedule("toggled", "cron(0/5 * * * ? *)", "jobs"));
        advanceTo(T0.plus(Duration.ofMinutes(30)));
        assertThat(received()).hasSize(6);

        client.updateSchedule(update("toggled", "cron(0/5 * * * ? *)", "jobs").andThen(r -> r.state(ScheduleState.DISABLED)));
        advanceTo(T0.plus(Duration.ofMinutes(60)));
        assertThat(received()).isEmpty();

        client.updateSchedule(update("toggled", "cron(0/5 * * * ? *)", "jobs").andThen(r -> r.state(ScheduleState.ENABLED)));
        advanceTo(T0.plus(Duration.ofMinutes(90)));

        assertThat(scheduledTimes(received())).containsExactly("2026-03-02T11:05:00Z", "2026-03-02T11:10:00Z",
                "2026-03-02T11:15:00Z", "2026-03-02T11:20:00Z", "2026-03-02T11:25:00Z", "2026-03-02T11:30:00Z");
    }

    @Test
    void endDate_stopsFirings() {
        client.createSchedule(schedule("ending", "cron(0/5 * * * ? *)", "jobs")
                .andThen(r -> r.endDate(T0.plus(Duration.ofMinutes(20)))));

        advanceTo(T0.plus(Duration.ofHours(2)));

        assertThat(scheduledTimes(received())).containsExactly("2026-03-02T10:05:00Z", "2026-03-02T10:10:00Z",
                "2026-03-02T10:15:00Z");
    }

    @Test
    void startDate_delaysTheFirstFiring_andRateCountsFromIt() {
        client.createSchedule(schedule("later", "rate(30 minutes)", "jobs")
                .andThen(r -> r.startDate(Instant.parse("2026-03-02T12:00:00Z"))));

        advanceTo(Instant.parse("2026-03-02T13:10:00Z"));

        assertThat(scheduledTimes(received())).containsExactly("2026-03-02T12:00:00Z", "2026-03-02T12:30:00Z",
                "2026-03-02T13:00:00Z");
    }

    @Test
    void oneTimeScheduleWithDelete_firesOnceAndIsGone() {
        client.createSchedule(schedule("once", "at(2026-03-02T13:00:00)", "jobs")
                .andThen(r -> r.scheduleExpressionTimezone("Europe/Berlin")
                        .actionAfterCompletion(ActionAfterCompletion.DELETE)));

        advanceTo(Instant.parse("2026-03-02T11:59:59Z"));
        assertThat(received()).isEmpty();
        advanceTo(Instant.parse("2026-03-02T12:00:00Z")); // 13:00 in Berlin (CET)

        assertThat(scheduledTimes(received())).containsExactly("2026-03-02T12:00:00Z");
        assertThatThrownBy(() -> client.getSchedule(r -> r.name("once"))).isInstanceOf(ResourceNotFoundException.class);
        advanceTo(Instant.parse("2026-03-03T12:00:00Z"));
        assertThat(received()).isEmpty();
    }

    @Test
    void oneTimeScheduleWithNone_firesOnceAndStays() {
        client.createSchedule(schedule("kept", "at(2026-03-02T10:30:00)", "jobs"));

        advanceTo(Instant.parse("2026-03-02T12:00:00Z"));
        advanceTo(Instant.parse("2026-03-03T12:00:00Z"));

        assertThat(received()).hasSize(1);
        assertThat(client.getSchedule(r -> r.name("kept")).scheduleExpression()).isEqualTo("at(2026-03-02T10:30:00)");
    }

    @Test
    void fifoTarget_getsTheMessageGroupId() {
        String fifoUrl = sqs.queue("jobs.fifo");
        client.createSchedule(schedule("ordered", "at(2026-03-02T10:10:00)", "jobs.fifo")
                .andThen(r -> r.target(t -> t.arn(Sqs.arn("jobs.fifo")).roleArn(ROLE).input(INPUT)
                        .sqsParameters(p -> p.messageGroupId("tenant-42")))));

        advanceTo(T0.plus(Duration.ofMinutes(15)));

        List<Message> messages = sqs.drain(fifoUrl);
        assertThat(messages).hasSize(1);
        assertThat(messages.get(0).attributes()).containsEntry(MessageSystemAttributeName.MESSAGE_GROUP_ID, "tenant-42");
    }

    @Test
    void failedSends_areRetriedThenSentToTheDeadLetterQueue() {
        String dlqUrl = sqs.queue("scheduler-dlq");
        sqs.drain(dlqUrl);
        client.createSchedule(schedule("broken", "at(2026-03-02T10:10:00)", "no-such-queue")
                .andThen(r -> r.target(t -> t.arn(Sqs.arn("no-such-queue")).roleArn(ROLE).input(INPUT)
                        .retryPolicy(p -> p.maximumRetryAttempts(2))
                        .deadLetterConfig(d -> d.arn(Sqs.arn("scheduler-dlq"))))));

        advanceTo(T0.plus(Duration.ofMinutes(15)));

        List<Message> dead = sqs.drain(dlqUrl);
        assertThat(dead).hasSize(1);
        JsonNode body = parse(dead.get(0).body());
        assertThat(body.get("scheduledTime").asText()).isEqualTo("2026-03-02T10:10:00Z");
        assertThat(body.get("attempt").asText()).isEqualTo("3");
        assertThat(dead.get(0).messageAttributes().get("RETRY_ATTEMPTS").stringValue()).isEqualTo("2");
        assertThat(dead.get(0).messageAttributes().get("EXHAUSTED_RETRY_CONDITION").stringValue())
                .isEqualTo("MaximumRetryAttempts");
        assertThat(dead.get(0).messageAttributes().get("EXECUTION_ID").stringValue())
                .isEqualTo(body.get("executionId").asText());
        assertThat(dead.get(0).messageAttributes().get("TARGET_ARN").stringValue()).isEqualTo(Sqs.arn("no-such-queue"));
    }

    @Test
    void aSimulatedDayOfSeveralSchedules_firesEachAtItsTimes() {
        client.createSchedule(schedule("hourly", "rate(1 hour)", "jobs"));
        client.createSchedule(schedule("quarter", "cron(0/15 * * * ? *)", "jobs"));
        client.createSchedule(schedule("weekday-9", "cron(0 9 ? * MON-FRI *)", "jobs")
                .andThen(r -> r.scheduleExpressionTimezone("America/New_York")));

        for (int h = 1; h <= 24; h++) {
            advanceTo(T0.plus(Duration.ofHours(h)));
        }

        List<JsonNode> bodies = received();
        long hourly = bodies.stream().filter(b -> b.get("arn").asText().endsWith("/hourly")).count();
        long quarter = bodies.stream().filter(b -> b.get("arn").asText().endsWith("/quarter")).count();
        List<String> weekday = scheduledTimes(bodies.stream().filter(b -> b.get("arn").asText().endsWith("/weekday-9"))
                .collect(Collectors.toList()));
        assertThat(hourly).isEqualTo(25); // a rate starts at once: 10:00 today through 10:00 tomorrow
        assertThat(quarter).isEqualTo(96);
        assertThat(weekday).containsExactly("2026-03-02T14:00:00Z"); // Monday 09:00 EST
    }
}
