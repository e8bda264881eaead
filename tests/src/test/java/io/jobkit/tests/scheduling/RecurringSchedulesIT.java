package io.jobkit.tests.scheduling;

import io.jobkit.client.Job;
import io.jobkit.client.JobClient;
import io.jobkit.client.JobFilter;
import io.jobkit.client.JobStatus;
import io.jobkit.client.JobValidationException;
import io.jobkit.client.Priority;
import io.jobkit.client.schedule.RecurringSchedule;
import io.jobkit.client.schedule.ScheduleInfo;
import io.jobkit.client.topology.QueueDef;
import io.jobkit.handlers.JobHandlers;
import io.jobkit.handlers.processor.ProcessorOptions;
import io.jobkit.handlers.worker.Worker;
import io.jobkit.handlers.worker.WorkerOptions;
import io.jobkit.tests.support.HandlerProbe;
import io.jobkit.tests.support.LocalCloudExtension;
import io.jobkit.tests.support.SimulatedScheduler;
import io.jobkit.tests.support.TestCloud;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Recurring schedules end to end: created through JobClient, fired by the local scheduler on a simulated clock into
 * SQS, each firing claimed and run by a container worker as a job of its own.
 */
@ExtendWith(LocalCloudExtension.class)
class RecurringSchedulesIT {
    /** A Monday morning in the future, so records written on the simulated clock never look expired. */
    private static final Instant MONDAY = Instant.parse("2027-01-04T10:00:00Z");
    private static final ProcessorOptions FAST = ProcessorOptions.builder().leaseDuration(Duration.ofSeconds(4))
            .heartbeatInterval(Duration.ofSeconds(1)).build();

    private final HandlerProbe probe = new HandlerProbe();
    private TestCloud cloud;
    private SimulatedScheduler sim;
    private JobClient client;
    private Worker worker;

    @BeforeEach
    void setUp(TestCloud cloud) {
        this.cloud = cloud;
        this.sim = SimulatedScheduler.start(cloud, MONDAY);
        this.client = sim.jobClient(cloud);
    }

    @AfterEach
    void tearDown() {
        if (worker != null) worker.close();
        sim.close();
    }

    private void startWorker() {
        JobHandlers handlers = JobHandlers.builder().handler("report.build", Map.class, (p, ctx) -> {
            probe.ran(ctx.jobId(), ctx.type(), ctx.attempt(), ctx.queue());
            return p;
        }).build();
        worker = Worker.create(client, handlers, WorkerOptions.builder().pollWait(Duration.ofSeconds(1))
                .shutdownTimeout(Duration.ofSeconds(3)).processor(FAST).build()).start();
    }

    private List<Job> succeeded(int expected) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> client.list(JobFilter.status(JobStatus.SUCCEEDED).withLimit(100)).jobs().size() >= expected);
        List<Job> jobs = client.list(JobFilter.status(JobStatus.SUCCEEDED).withLimit(100)).jobs();
        assertThat(jobs).hasSize(expected);
        // the worker deletes a finished job's message in a batch shortly after recording it: wait for that, so a
        // later "nothing queued" check sees only what the scheduler sent since
        await().atMost(Duration.ofSeconds(10)).until(() -> cloud.depth(cloud.queueUrl("normal")) == 0);
        return jobs;
    }

    private static Set<Instant> scheduledTimes(List<Job> jobs) {
        return jobs.stream().map(j -> Instant.parse(j.tags().get(RecurringSchedule.SCHEDULED_TIME_TAG)))
                .collect(Collectors.toSet());
    }

    private static Set<Instant> every(Instant first, Duration step, int count) {
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> first.plus(step.multipliedBy(i)))
                .collect(Collectors.toSet());
    }

    @Test
    void everyFiveMinutes_firesTwelveTimesInASimulatedHour_andEachFiringRunsAsItsOwnJob() {
        startWorker();
        ScheduleInfo info = client.schedules().upsert(s -> s.name("five-minutely").type("report.build")
                .payload(Map.of("kind", "snapshot")).expression("*/5 * * * *"));
        assertThat(info.eventBridge()).isEqualTo("cron(0/5 * * * ? *)");
        assertThat(info.nextFireTimes()).first().isEqualTo(MONDAY.plus(Duration.ofMinutes(5)));

        sim.advance(Duration.ofHours(1));

        List<Job> jobs = succeeded(12);
        assertThat(jobs).extracting(Job::id).doesNotHaveDuplicates().allMatch(id -> id.matches("[0-9a-f-]{36}"));
        assertThat(jobs).allSatisfy(j -> {
            assertThat(j.tags()).containsEntry(RecurringSchedule.SCHEDULE_TAG, "five-minutely");
            assertThat(j.attempt()).isEqualTo(1);
        });
        assertThat(scheduledTimes(jobs)).isEqualTo(every(MONDAY.plus(Duration.ofMinutes(5)), Duration.ofMinutes(5), 12));
        assertThat(client.get(jobs.get(0).id()).orElseThrow().result().get("kind").asText()).isEqualTo("snapshot");
        assertThat(probe.total()).isEqualTo(12);
        assertThat(client.schedules().get("five-minutely").orElseThrow().nextFireTimes())
                .first().isEqualTo(MONDAY.plus(Duration.ofMinutes(65)));
    }

    @Test
    void dailyAtNineInBerlin_firesAtTheRightInstants_acrossTheDstChange() {
        sim.advanceTo(Instant.parse("2027-03-26T12:00:00Z"));
        startWorker();
        ScheduleInfo info = client.schedules().upsert(s -> s.name("berlin-nine").type("report.build")
                .expression("0 9 * * *").timeZone("Europe/Berlin"));
        List<Instant> expected = List.of(
                Instant.parse("2027-03-27T08:00:00Z"),   // Saturday, CET (UTC+1)
                Instant.parse("2027-03-28T07:00:00Z"),   // Sunday: clocks went to CEST (UTC+2) at 02:00
                Instant.parse("2027-03-29T07:00:00Z"),
                Instant.parse("2027-03-30T07:00:00Z"),
                Instant.parse("2027-03-31T07:00:00Z"));
        assertThat(info.nextFireTimes()).containsExactlyElementsOf(expected);
        assertThat(info.schedule().zone()).isEqualTo(ZoneId.of("Europe/Berlin"));

        for (int day = 0; day < expected.size(); day++) {
            Instant due = expected.get(day);
            sim.advanceTo(due.minusSeconds(1));
            assertThat(cloud.depth(cloud.queueUrl("normal"))).as("nothing before %s", due).isZero();
            sim.advanceTo(due);
            List<Job> jobs = succeeded(day + 1);
            assertThat(jobs.get(0).createdAt()).as("the newest job ran at %s", due).isEqualTo(due);
        }
        assertThat(scheduledTimes(succeeded(5))).isEqualTo(Set.copyOf(expected));
    }

    @Test
    void pause_stopsFirings_andResume_restartsThem_withoutMakingUpTheMissedOnes() {
        startWorker();
        client.schedules().upsert(s -> s.name("ten-minutely").type("report.build").expression("*/10 * * * *"));
        sim.advance(Duration.ofMinutes(30));
        succeeded(3);

        ScheduleInfo paused = client.schedules().pause("ten-minutely").orElseThrow();
        assertThat(paused.enabled()).isFalse();
        assertThat(paused.nextFireTimes()).isEmpty();
        sim.advance(Duration.ofMinutes(30));
        assertThat(cloud.depth(cloud.queueUrl("normal"))).as("nothing while paused").isZero();
        assertThat(client.list(JobFilter.status(JobStatus.SUCCEEDED)).jobs()).hasSize(3);

        ScheduleInfo resumed = client.schedules().resume("ten-minutely").orElseThrow();
        assertThat(resumed.enabled()).isTrue();
        assertThat(resumed.schedule().expression().original()).as("the expression survives read-modify-write")
                .isEqualTo("*/10 * * * *");
        sim.advance(Duration.ofMinutes(30));
        List<Job> jobs = succeeded(6);
        assertThat(scheduledTimes(jobs)).isEqualTo(Set.of(
                MONDAY.plusSeconds(600), MONDAY.plusSeconds(1200), MONDAY.plusSeconds(1800),
                MONDAY.plusSeconds(4200), MONDAY.plusSeconds(4800), MONDAY.plusSeconds(5400)));
    }

    @Test
    void anEndDate_stopsFirings() {
        startWorker();
        ScheduleInfo info = client.schedules().upsert(s -> s.name("until-eleven").type("report.build")
                .expression("*/15 * * * *").end(MONDAY.plus(Duration.ofHours(1))));
        assertThat(info.nextFireTimes()).hasSize(3);

        sim.advance(Duration.ofHours(3));

        assertThat(scheduledTimes(succeeded(3))).isEqualTo(every(MONDAY.plus(Duration.ofMinutes(15)), Duration.ofMinutes(15), 3));
    }

    @Test
    void upsertGetListDelete_roundTripTheDefinition_andLeaveOutOneTimeJobSchedules() {
        ScheduleInfo created = client.schedules().upsert(s -> s.name("nightly").type("report.build")
                .payload(Map.of("month", "current")).expression("0 2 * * *").timeZone("Europe/Berlin")
                .options(o -> o.priority(Priority.HIGH).maxAttempts(5).tag("team", "finance")));

        assertThat(created.eventBridge()).isEqualTo("cron(0 2 * * ? *)");
        assertThat(created.arn()).endsWith(":schedule/" + cloud.topology().scheduleGroup() + "/nightly");
        assertThat(created.nextFireTimes()).hasSize(5).first().isEqualTo(Instant.parse("2027-01-05T01:00:00Z"));
        RecurringSchedule def = created.schedule();
        assertThat(def.expression().original()).isEqualTo("0 2 * * *");
        assertThat(def.type()).isEqualTo("report.build");
        assertThat(def.payload().toString()).isEqualTo("{\"month\":\"current\"}");
        assertThat(def.options().priority()).isEqualTo(Priority.HIGH);
        assertThat(def.options().maxAttempts()).isEqualTo(5);
        assertThat(def.options().queue()).isEqualTo("high");
        assertThat(def.options().tags()).isEqualTo(Map.of("team", "finance"));

        sim.advance(Duration.ofMinutes(1));
        ScheduleInfo updated = client.schedules().upsert(def.toBuilder().expression("every 6 hours").build());
        assertThat(updated.eventBridge()).isEqualTo("rate(6 hours)");
        assertThat(updated.createdAt()).isEqualTo(created.createdAt());
        assertThat(updated.updatedAt()).isAfter(created.updatedAt());
        assertThat(updated.nextFireTimes()).first().isEqualTo(sim.now().plus(Duration.ofHours(6)));

        client.schedules().upsert(s -> s.name("hourly").type("report.build").expression("rate(1 hour)").enabled(false));
        client.enqueue("report.build", Map.of(), o -> o.delay(Duration.ofHours(2)));
        assertThat(client.schedules().list()).extracting(ScheduleInfo::name).containsExactly("hourly", "nightly");
        assertThat(client.schedules().get("hourly").orElseThrow().enabled()).isFalse();

        assertThat(client.schedules().delete("nightly")).isTrue();
        assertThat(client.schedules().get("nightly")).isEmpty();
        assertThat(client.schedules().delete("nightly")).isFalse();
        assertThat(client.schedules().pause("nightly")).isEmpty();
    }

    @Test
    void invalidSchedules_areRejected_withSpecificErrors_andNothingIsCreated(TestCloud base) {
        TestCloud withFifo = base.fresh(t -> t.queue(QueueDef.fifo("orders")));
        JobClient c = sim.jobClient(withFifo);

        assertThatThrownBy(() -> c.schedules().upsert(s -> s.name("fifo").type("report.build").expression("@daily")))
                .isInstanceOf(JobValidationException.class).hasMessageContaining("cron '@daily'");
        assertThatThrownBy(() -> c.schedules().upsert(s -> s.name("zone").type("report.build").expression("0 9 * * *")
                .timeZone("Mars/Olympus_Mons")))
                .isInstanceOf(JobValidationException.class).hasMessageContaining("not a known IANA time zone id");
        assertThatThrownBy(() -> c.schedules().upsert(s -> s.name("job-7").type("report.build").expression("0 9 * * *")))
                .isInstanceOf(JobValidationException.class).hasMessageContaining("starts with 'job-'");
        assertThatThrownBy(() -> c.schedules().upsert(s -> s.name("fifo").type("report.build").expression("0 9 * * *")
                .options(o -> o.queue("orders"))))
                .isInstanceOf(JobValidationException.class).hasMessageContaining("is a FIFO queue; set a groupKey");
        assertThatThrownBy(() -> c.schedules().upsert(s -> s.name("big").type("report.build").expression("0 9 * * *")
                .payload(Map.of("blob", "x".repeat(300_000)))))
                .isInstanceOf(JobValidationException.class).hasMessageContaining("over the 262,144-byte limit");

        assertThat(c.schedules().list()).isEmpty();
        ScheduleInfo ordered = c.schedules().upsert(s -> s.name("fifo").type("report.build").expression("0 9 * * *")
                .options(o -> o.queue("orders").groupKey("daily")));
        assertThat(ordered.schedule().options().groupKey()).isEqualTo("daily");
    }
}
