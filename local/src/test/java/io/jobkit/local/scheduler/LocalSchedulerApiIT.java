package io.jobkit.local.scheduler;

import io.jobkit.client.testing.TestClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ActionAfterCompletion;
import software.amazon.awssdk.services.scheduler.model.ConflictException;
import software.amazon.awssdk.services.scheduler.model.CreateScheduleRequest;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.ListSchedulesResponse;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;
import software.amazon.awssdk.services.scheduler.model.ScheduleGroupState;
import software.amazon.awssdk.services.scheduler.model.ScheduleGroupSummary;
import software.amazon.awssdk.services.scheduler.model.ScheduleState;
import software.amazon.awssdk.services.scheduler.model.ScheduleSummary;
import software.amazon.awssdk.services.scheduler.model.SchedulerException;
import software.amazon.awssdk.services.scheduler.model.ValidationException;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The real SDK SchedulerClient against a store-only LocalScheduler: every operation, its errors, pagination. */
class LocalSchedulerApiIT {
    static final String ROLE = "arn:aws:iam::000000000000:role/jobkit-scheduler";
    static final String QUEUE_ARN = "arn:aws:sqs:us-east-1:000000000000:jobkit-normal";
    private static final TestClock clock = new TestClock(Instant.parse("2026-03-02T10:00:00Z"));
    private static LocalScheduler scheduler;
    private static SchedulerClient client;

    @BeforeAll
    static void start() {
        scheduler = LocalScheduler.builder().port(0).firingEnabled(false).clock(clock).build().start();
        client = Sqs.scheduler(scheduler.endpoint());
    }

    @AfterAll
    static void stop() {
        client.close();
        scheduler.close();
    }

    @BeforeEach
    void clean() {
        client.listScheduleGroupsPaginator(r -> { }).scheduleGroups().stream()
                .filter(g -> !g.name().equals("default"))
                .forEach(g -> client.deleteScheduleGroup(r -> r.name(g.name())));
        client.listSchedulesPaginator(r -> { }).schedules()
                .forEach(s -> client.deleteSchedule(r -> r.name(s.name()).groupName(s.groupName())));
    }

    static Consumer<CreateScheduleRequest.Builder> schedule(String name, String expression) {
        return r -> r.name(name).scheduleExpression(expression)
                .flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.OFF))
                .target(t -> t.arn(QUEUE_ARN).roleArn(ROLE).input("{\"type\":\"report\"}"));
    }

    @Test
    void createGetUpdateDelete_roundTripsEveryField() {
        clock.set(Instant.parse("2026-03-02T10:00:00Z"));
        client.createScheduleGroup(r -> r.name("jobkit"));
        String arn = client.createSchedule(r -> r.name("nightly-report").groupName("jobkit")
                .scheduleExpression("cron(0 2 * * ? *)").scheduleExpressionTimezone("Europe/Berlin")
                .description("the nightly report").state(ScheduleState.ENABLED)
                .startDate(Instant.parse("2026-03-03T00:00:00Z")).endDate(Instant.parse("2027-01-01T00:00:00.250Z"))
                .actionAfterCompletion(ActionAfterCompletion.NONE)
                .flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.FLEXIBLE).maximumWindowInMinutes(15))
                .target(t -> t.arn(QUEUE_ARN + ".fifo").roleArn(ROLE).input("{\"id\":\"<aws.scheduler.execution-id>\"}")
                        .sqsParameters(p -> p.messageGroupId("reports"))
                        .retryPolicy(p -> p.maximumRetryAttempts(2).maximumEventAgeInSeconds(300))
                        .deadLetterConfig(d -> d.arn("arn:aws:sqs:us-east-1:000000000000:jobkit-scheduler-dlq"))))
                .scheduleArn();

        assertThat(arn).isEqualTo("arn:aws:scheduler:us-east-1:000000000000:schedule/jobkit/nightly-report");
        GetScheduleResponse got = client.getSchedule(r -> r.name("nightly-report").groupName("jobkit"));
        assertThat(got.arn()).isEqualTo(arn);
        assertThat(got.name()).isEqualTo("nightly-report");
        assertThat(got.groupName()).isEqualTo("jobkit");
        assertThat(got.scheduleExpression()).isEqualTo("cron(0 2 * * ? *)");
        assertThat(got.scheduleExpressionTimezone()).isEqualTo("Europe/Berlin");
        assertThat(got.description()).isEqualTo("the nightly report");
        assertThat(got.state()).isEqualTo(ScheduleState.ENABLED);
        assertThat(got.startDate()).isEqualTo(Instant.parse("2026-03-03T00:00:00Z"));
        assertThat(got.endDate()).isEqualTo(Instant.parse("2027-01-01T00:00:00.250Z"));
        assertThat(got.actionAfterCompletion()).isEqualTo(ActionAfterCompletion.NONE);
        assertThat(got.flexibleTimeWindow().mode()).isEqualTo(FlexibleTimeWindowMode.FLEXIBLE);
        assertThat(got.flexibleTimeWindow().maximumWindowInMinutes()).isEqualTo(15);
        assertThat(got.target().arn()).isEqualTo(QUEUE_ARN + ".fifo");
        assertThat(got.target().roleArn()).isEqualTo(ROLE);
        assertThat(got.target().input()).isEqualTo("{\"id\":\"<aws.scheduler.execution-id>\"}");
        assertThat(got.target().sqsParameters().messageGroupId()).isEqualTo("reports");
        assertThat(got.target().retryPolicy().maximumRetryAttempts()).isEqualTo(2);
        assertThat(got.target().retryPolicy().maximumEventAgeInSeconds()).isEqualTo(300);
        assertThat(got.target().deadLetterConfig().arn()).isEqualTo("arn:aws:sqs:us-east-1:000000000000:jobkit-scheduler-dlq");
        assertThat(got.creationDate()).isEqualTo(Instant.parse("2026-03-02T10:00:00Z"));
        assertThat(got.lastModificationDate()).isEqualTo(got.creationDate());

        clock.set(Instant.parse("2026-03-02T11:00:00Z"));
        String updatedArn = client.updateSchedule(r -> r.name("nightly-report").groupName("jobkit")
                .scheduleExpression("rate(1 hour)").state(ScheduleState.DISABLED)
                .flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.OFF))
                .target(t -> t.arn(QUEUE_ARN).roleArn(ROLE))).scheduleArn();

        assertThat(updatedArn).isEqualTo(arn);
        GetScheduleResponse updated = client.getSchedule(r -> r.name("nightly-report").groupName("jobkit"));
        assertThat(updated.scheduleExpression()).isEqualTo("rate(1 hour)");
        assertThat(updated.state()).isEqualTo(ScheduleState.DISABLED);
        assertThat(updated.description()).isNull();
        assertThat(updated.scheduleExpressionTimezone()).isEqualTo("UTC");
        assertThat(updated.target().input()).isNull();
        assertThat(updated.creationDate()).isEqualTo(Instant.parse("2026-03-02T10:00:00Z"));
        assertThat(updated.lastModificationDate()).isEqualTo(Instant.parse("2026-03-02T11:00:00Z"));

        client.deleteSchedule(r -> r.name("nightly-report").groupName("jobkit"));

        assertThatThrownBy(() -> client.getSchedule(r -> r.name("nightly-report").groupName("jobkit")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("Schedule nightly-report does not exist.")
                .satisfies(e -> assertThat(((SchedulerException) e).statusCode()).isEqualTo(404));
    }

    @Test
    void createSchedule_withoutGroup_goesToTheDefaultGroup() {
        String arn = client.createSchedule(schedule("hourly", "rate(1 hour)")).scheduleArn();

        assertThat(arn).isEqualTo("arn:aws:scheduler:us-east-1:000000000000:schedule/default/hourly");
        assertThat(client.getSchedule(r -> r.name("hourly")).groupName()).isEqualTo("default");
    }

    @Test
    void createSchedule_existingName_isAConflict() {
        client.createSchedule(schedule("dup", "rate(1 hour)"));

        assertThatThrownBy(() -> client.createSchedule(schedule("dup", "rate(2 hours)")))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("Schedule dup already exists.")
                .satisfies(e -> assertThat(((SchedulerException) e).statusCode()).isEqualTo(409));
    }

    @Test
    void createSchedule_sameClientTokenTwice_isIdempotent() {
        String first = client.createSchedule(schedule("once", "rate(1 hour)").andThen(r -> r.clientToken("token-1")))
                .scheduleArn();
        String second = client.createSchedule(schedule("once", "rate(1 hour)").andThen(r -> r.clientToken("token-1")))
                .scheduleArn();

        assertThat(second).isEqualTo(first);
    }

    @Test
    void missingSchedulesAndGroups_areNotFound() {
        assertThatThrownBy(() -> client.getSchedule(r -> r.name("nope")))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("Schedule nope does not exist.");
        assertThatThrownBy(() -> client.deleteSchedule(r -> r.name("nope")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> client.updateSchedule(r -> r.name("nope").scheduleExpression("rate(1 hour)")
                .flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.OFF)).target(t -> t.arn(QUEUE_ARN).roleArn(ROLE))))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> client.createSchedule(schedule("x", "rate(1 hour)").andThen(r -> r.groupName("ghost"))))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("Schedule group ghost does not exist.");
        assertThatThrownBy(() -> client.getScheduleGroup(r -> r.name("ghost")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> client.deleteScheduleGroup(r -> r.name("ghost")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> client.listSchedules(r -> r.groupName("ghost")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void badExpressions_areValidationErrorsThatSayWhy() {
        assertValidation(schedule("bad", "cron(0 25 * * ? *)"),
                "Invalid Schedule Expression cron(0 25 * * ? *): schedule expression 'cron(0 25 * * ? *)': hours 25 is out"
                        + " of range 0-23");
        assertValidation(schedule("bad", "cron(0 9 * * 1-5 *)"), "exactly one of day-of-month ('*') and day-of-week");
        assertValidation(schedule("bad", "0 9 * * 1-5"), "is not an EventBridge Scheduler expression");
        assertValidation(schedule("bad", "rate(1 hours)"), "write 'rate(1 hour)'");
        assertValidation(schedule("bad", "at(2026-02-30T10:00:00)"), "is not a valid date and time");
        assertValidation(schedule("bad", "at(tomorrow)"), "a one-time schedule is 'at(yyyy-mm-ddThh:mm:ss)'");
    }

    @Test
    void badMembers_areValidationErrorsThatSayWhy() {
        assertValidation(schedule("bad", "rate(1 hour)").andThen(r -> r.scheduleExpressionTimezone("Europe/Berlim")),
                "time zone 'Europe/Berlim' is not a known IANA time zone id; did you mean 'Europe/Berlin'?");
        assertValidation(schedule("bad", "rate(1 hour)").andThen(r -> r.target((software.amazon.awssdk.services.scheduler.model.Target) null)),
                "Target is required");
        assertValidation(schedule("bad", "rate(1 hour)").andThen(r -> r.target(t -> t.arn(QUEUE_ARN).roleArn("admin"))),
                "Target.RoleArn 'admin' is not an IAM role ARN");
        assertValidation(schedule("bad", "rate(1 hour)").andThen(r -> r.target(t -> t.roleArn(ROLE))),
                "Target.Arn is required.");
        assertValidation(schedule("bad", "rate(1 hour)").andThen(r -> r.flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.FLEXIBLE))),
                "MaximumWindowInMinutes must be 1-1440 when Mode is FLEXIBLE");
        assertValidation(schedule("bad", "rate(1 hour)").andThen(r -> r.startDate(Instant.parse("2026-05-01T00:00:00Z"))
                .endDate(Instant.parse("2026-04-01T00:00:00Z"))), "The EndDate must be after the StartDate.");
        assertValidation(schedule("bad name", "rate(1 hour)"),
                "schedule name 'bad name' contains ' ' at position 4, which is not allowed");
        assertValidation(schedule("x".repeat(65), "rate(1 hour)"), "is 65 characters, the maximum is 64");
        assertValidation(schedule("bad", "rate(1 hour)").andThen(r -> r.target(t -> t.arn(QUEUE_ARN).roleArn(ROLE)
                .retryPolicy(p -> p.maximumRetryAttempts(500)))), "MaximumRetryAttempts must be 0-185");
    }

    private static void assertValidation(Consumer<CreateScheduleRequest.Builder> request, String message) {
        assertThatThrownBy(() -> client.createSchedule(request))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((SchedulerException) e).statusCode()).isEqualTo(400))
                .satisfies(e -> assertThat(((SchedulerException) e).awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
    }

    @Test
    void listSchedules_filtersByGroupPrefixAndState() {
        client.createScheduleGroup(r -> r.name("jobkit"));
        client.createSchedule(schedule("report-a", "rate(1 hour)").andThen(r -> r.groupName("jobkit")));
        client.createSchedule(schedule("report-b", "rate(1 hour)").andThen(r -> r.groupName("jobkit").state(ScheduleState.DISABLED)));
        client.createSchedule(schedule("cleanup", "rate(1 hour)").andThen(r -> r.groupName("jobkit")));
        client.createSchedule(schedule("report-c", "rate(1 hour)"));

        assertThat(names(client.listSchedules(r -> r.groupName("jobkit")))).containsExactly("cleanup", "report-a", "report-b");
        assertThat(names(client.listSchedules(r -> r.namePrefix("report-")))).containsExactly("report-c", "report-a", "report-b");
        assertThat(names(client.listSchedules(r -> r.groupName("jobkit").namePrefix("report")))).containsExactly("report-a", "report-b");
        assertThat(names(client.listSchedules(r -> r.state(ScheduleState.DISABLED)))).containsExactly("report-b");
        ScheduleSummary summary = client.listSchedules(r -> r.namePrefix("cleanup")).schedules().get(0);
        assertThat(summary.arn()).isEqualTo("arn:aws:scheduler:us-east-1:000000000000:schedule/jobkit/cleanup");
        assertThat(summary.groupName()).isEqualTo("jobkit");
        assertThat(summary.state()).isEqualTo(ScheduleState.ENABLED);
        assertThat(summary.target().arn()).isEqualTo(QUEUE_ARN);
        assertThat(summary.creationDate()).isNotNull();
    }

    @Test
    void listSchedules_paginatesWithMaxResultsAndNextToken() {
        for (int i = 0; i < 25; i++) {
            String name = String.format("job-%02d", i);
            client.createSchedule(schedule(name, "rate(1 hour)"));
        }

        ListSchedulesResponse first = client.listSchedules(r -> r.maxResults(10));
        ListSchedulesResponse second = client.listSchedules(r -> r.maxResults(10).nextToken(first.nextToken()));
        ListSchedulesResponse third = client.listSchedules(r -> r.maxResults(10).nextToken(second.nextToken()));

        assertThat(names(first)).hasSize(10).startsWith("job-00").endsWith("job-09");
        assertThat(names(second)).hasSize(10).startsWith("job-10");
        assertThat(names(third)).containsExactly("job-20", "job-21", "job-22", "job-23", "job-24");
        assertThat(third.nextToken()).isNull();
        assertThat(client.listSchedulesPaginator(r -> r.maxResults(7)).schedules().stream().map(ScheduleSummary::name))
                .hasSize(25).doesNotHaveDuplicates();
        assertThatThrownBy(() -> client.listSchedules(r -> r.maxResults(101)))
                .isInstanceOf(ValidationException.class).hasMessageContaining("MaxResults '101' must be a number from 1 to 100.");
        assertThatThrownBy(() -> client.listSchedules(r -> r.nextToken("%%%")))
                .isInstanceOf(ValidationException.class).hasMessageContaining("is not a token this service returned");
    }

    @Test
    void scheduleGroups_createGetListDelete_andDeletingAGroupDeletesItsSchedules() {
        clock.set(Instant.parse("2026-03-02T10:00:00Z"));
        String arn = client.createScheduleGroup(r -> r.name("jobkit")
                .tags(software.amazon.awssdk.services.scheduler.model.Tag.builder().key("team").value("ops").build()))
                .scheduleGroupArn();
        client.createScheduleGroup(r -> r.name("jobkit-reports"));
        client.createScheduleGroup(r -> r.name("other"));
        client.createSchedule(schedule("in-group", "rate(1 hour)").andThen(r -> r.groupName("jobkit")));
        client.createSchedule(schedule("in-default", "rate(1 hour)"));

        assertThat(arn).isEqualTo("arn:aws:scheduler:us-east-1:000000000000:schedule-group/jobkit");
        var group = client.getScheduleGroup(r -> r.name("jobkit"));
        assertThat(group.arn()).isEqualTo(arn);
        assertThat(group.state()).isEqualTo(ScheduleGroupState.ACTIVE);
        assertThat(group.creationDate()).isEqualTo(Instant.parse("2026-03-02T10:00:00Z"));
        assertThat(client.listScheduleGroups(r -> { }).scheduleGroups().stream().map(ScheduleGroupSummary::name))
                .containsExactly("default", "jobkit", "jobkit-reports", "other");
        assertThat(client.listScheduleGroups(r -> r.namePrefix("jobkit")).scheduleGroups().stream().map(ScheduleGroupSummary::name))
                .containsExactly("jobkit", "jobkit-reports");
        var page = client.listScheduleGroups(r -> r.maxResults(3));
        assertThat(page.scheduleGroups()).hasSize(3);
        assertThat(client.listScheduleGroups(r -> r.nextToken(page.nextToken())).scheduleGroups().stream()
                .map(ScheduleGroupSummary::name)).containsExactly("other");
        assertThatThrownBy(() -> client.createScheduleGroup(r -> r.name("jobkit")))
                .isInstanceOf(ConflictException.class).hasMessageContaining("Schedule group jobkit already exists.");

        client.deleteScheduleGroup(r -> r.name("jobkit"));

        assertThatThrownBy(() -> client.getScheduleGroup(r -> r.name("jobkit"))).isInstanceOf(ResourceNotFoundException.class);
        assertThat(names(client.listSchedules(r -> { }))).containsExactly("in-default");
    }

    @Test
    void defaultGroup_alwaysExists_andCannotBeDeleted() {
        assertThat(client.getScheduleGroup(r -> r.name("default")).arn())
                .isEqualTo("arn:aws:scheduler:us-east-1:000000000000:schedule-group/default");
        assertThatThrownBy(() -> client.deleteScheduleGroup(r -> r.name("default")))
                .isInstanceOf(ValidationException.class).hasMessageContaining("The default schedule group cannot be deleted.");
        assertThatThrownBy(() -> client.createScheduleGroup(r -> r.name("default"))).isInstanceOf(ConflictException.class);
    }

    private static List<String> names(ListSchedulesResponse response) {
        return response.schedules().stream().map(ScheduleSummary::name).collect(Collectors.toList());
    }
}
