package io.jobkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobkit.cli.support.CliCloud;
import io.jobkit.cli.support.CliRun;
import io.jobkit.cli.support.LocalCloudExtension;
import io.jobkit.client.Job;
import io.jobkit.client.JobStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code schedules} and {@code enqueue --at} through the real entry point against the local cloud and scheduler. */
@ExtendWith(LocalCloudExtension.class)
class SchedulesCommandsIT {

    @Test
    void create_get_list_pause_resume_delete_aRecurringSchedule(CliCloud cloud) {
        CliRun created = cloud.run("schedules", "create", "weekday-digest", "--type", "email.digest",
                "--expression", "0 9 * * 1-5", "--tz", "Europe/Berlin", "--payload", "{\"list\":\"team\"}",
                "--priority", "high", "--tag", "owner=growth");
        assertThat(created.exit()).as(created.toString()).isZero();
        assertThat(created.out()).contains("weekday-digest", "cron(0 9 ? * MON-FRI *)", "Europe/Berlin", "high");

        JsonNode got = cloud.run("schedules", "get", "weekday-digest", "--json").json();
        assertThat(got.get("type").asText()).isEqualTo("email.digest");
        assertThat(got.get("expression").asText()).isEqualTo("0 9 * * 1-5");
        assertThat(got.get("eventBridge").asText()).isEqualTo("cron(0 9 ? * MON-FRI *)");
        assertThat(got.get("timeZone").asText()).isEqualTo("Europe/Berlin");
        assertThat(got.get("enabled").asBoolean()).isTrue();
        assertThat(got.get("payload").get("list").asText()).isEqualTo("team");
        assertThat(got.get("tags").get("owner").asText()).isEqualTo("growth");
        assertThat(got.get("nextFireTimes")).hasSize(5);

        cloud.run("schedules", "create", "cleanup", "--type", "db.vacuum", "--expression", "every 6 hours");
        CliRun list = cloud.run("schedules", "list");
        assertThat(list.out()).startsWith("NAME").contains("weekday-digest", "cleanup", "every 6 hours");
        assertThat(cloud.run("schedules", "list", "--json").json()).extracting(s -> s.get("name").asText())
                .containsExactly("cleanup", "weekday-digest");

        assertThat(cloud.run("schedules", "pause", "weekday-digest").out()).contains("weekday-digest is paused");
        JsonNode paused = cloud.run("schedules", "get", "weekday-digest", "--json").json();
        assertThat(paused.get("enabled").asBoolean()).isFalse();
        assertThat(paused.get("nextFireTimes")).isEmpty();
        assertThat(cloud.run("schedules", "resume", "weekday-digest").out()).contains("weekday-digest is enabled");

        assertThat(cloud.run("schedules", "delete", "weekday-digest").exit()).isZero();
        CliRun gone = cloud.run("schedules", "get", "weekday-digest");
        assertThat(gone.exit()).isEqualTo(1);
        assertThat(gone.err().strip()).isEqualTo("jobkit schedules get: no recurring schedule is named 'weekday-digest'");
    }

    @Test
    void badSchedules_areUsageErrors_withTheReason(CliCloud cloud) {
        CliRun badCron = cloud.run("schedules", "create", "x", "--type", "t.x", "--expression", "0 25 * * *");
        assertThat(badCron.exit()).isEqualTo(2);
        assertThat(badCron.err()).contains("hour 25 is out of range 0-23");

        CliRun badZone = cloud.run("schedules", "create", "x", "--type", "t.x", "--expression", "0 9 * * *", "--tz", "Europe/Berlim");
        assertThat(badZone.exit()).isEqualTo(2);
        assertThat(badZone.err()).contains("Europe/Berlim");

        CliRun missingType = cloud.run("schedules", "create", "x", "--expression", "0 9 * * *");
        assertThat(missingType.exit()).isEqualTo(2);
        assertThat(missingType.err()).contains("--type");
    }

    @Test
    void enqueueAt_makesAScheduledJob_thatShowsItsRunAtTime(CliCloud cloud) {
        Instant at = Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        CliRun enqueued = cloud.run("enqueue", "invoice.remind", "--payload", "{\"invoice\":42}", "--at", at.toString());
        assertThat(enqueued.exit()).as(enqueued.toString()).isZero();

        Job job = cloud.client().get(enqueued.line()).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.SCHEDULED);
        assertThat(job.runAt()).isEqualTo(at);
        assertThat(cloud.run("status", job.id()).out()).contains("SCHEDULED");

        CliRun cancelled = cloud.run("cancel", job.id());
        assertThat(cancelled.exit()).isZero();
        assertThat(cloud.client().get(job.id()).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);

        CliRun badAt = cloud.run("enqueue", "invoice.remind", "--at", "next tuesday");
        assertThat(badAt.exit()).isEqualTo(2);
        assertThat(badAt.err()).contains("is not an ISO-8601 time with an offset");
    }
}
