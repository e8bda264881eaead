package io.jobkit.local.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The AWS CLI, unchanged, against the local scheduler. Skipped (visibly) where no {@code aws} is on the PATH. */
class AwsCliIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalScheduler scheduler;

    record Result(int exit, String out, String err) {
        JsonNode json() throws IOException {
            return JSON.readTree(out);
        }
    }

    @BeforeAll
    static void start() {
        boolean onPath = false;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            onPath |= new File(dir, "aws").canExecute();
        }
        assumeTrue(onPath, "the AWS CLI (aws) is not installed; the SDK ITs cover the wire protocol");
        scheduler = LocalScheduler.builder().port(0).firingEnabled(false).build().start();
    }

    @AfterAll
    static void stop() {
        if (scheduler != null) scheduler.close();
    }

    private static Result aws(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("aws", "--endpoint-url", scheduler.endpoint().toString(),
                "--output", "json", "scheduler"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.remove("AWS_PROFILE");
        env.put("AWS_CONFIG_FILE", "/dev/null");
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("aws " + String.join(" ", args) + " did not finish in 60 s");
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void cli_createsGetsListsAndDeletesSchedules_andSeesAwsErrors() throws Exception {
        Result group = aws("create-schedule-group", "--name", "jobkit");
        assertThat(group.exit()).as(group.err()).isZero();
        assertThat(group.json().get("ScheduleGroupArn").asText())
                .isEqualTo("arn:aws:scheduler:us-east-1:000000000000:schedule-group/jobkit");

        Result created = aws("create-schedule", "--name", "nightly", "--group-name", "jobkit",
                "--schedule-expression", "cron(0 2 * * ? *)", "--schedule-expression-timezone", "Europe/Berlin",
                "--start-date", "2030-01-01T00:00:00Z",
                "--flexible-time-window", "Mode=OFF",
                "--target", "{\"Arn\":\"arn:aws:sqs:us-east-1:000000000000:jobkit-normal\","
                        + "\"RoleArn\":\"arn:aws:iam::000000000000:role/jobkit\",\"Input\":\"{}\"}");
        assertThat(created.exit()).as(created.err()).isZero();

        Result got = aws("get-schedule", "--name", "nightly", "--group-name", "jobkit");
        assertThat(got.exit()).as(got.err()).isZero();
        assertThat(got.json().get("ScheduleExpression").asText()).isEqualTo("cron(0 2 * * ? *)");
        assertThat(got.json().get("Target").get("Arn").asText()).isEqualTo("arn:aws:sqs:us-east-1:000000000000:jobkit-normal");
        assertThat(got.json().get("StartDate").asDouble()).isEqualTo(1_893_456_000d); // CLI v1 prints the epoch seconds it got

        Result listed = aws("list-schedules", "--group-name", "jobkit");
        assertThat(listed.exit()).as(listed.err()).isZero();
        assertThat(listed.json().get("Schedules").get(0).get("Name").asText()).isEqualTo("nightly");

        Result conflict = aws("create-schedule", "--name", "nightly", "--group-name", "jobkit",
                "--schedule-expression", "rate(1 hour)", "--flexible-time-window", "Mode=OFF",
                "--target", "{\"Arn\":\"arn:aws:sqs:us-east-1:000000000000:q\",\"RoleArn\":\"arn:aws:iam::000000000000:role/r\"}");
        assertThat(conflict.exit()).isNotZero();
        assertThat(conflict.err()).contains("ConflictException").contains("Schedule nightly already exists.");

        Result invalid = aws("create-schedule", "--name", "bad",
                "--schedule-expression", "cron(0 25 * * ? *)", "--flexible-time-window", "Mode=OFF",
                "--target", "{\"Arn\":\"arn:aws:sqs:us-east-1:000000000000:q\",\"RoleArn\":\"arn:aws:iam::000000000000:role/r\"}");
        assertThat(invalid.err()).contains("ValidationException").contains("hours 25 is out of range 0-23");

        Result deleted = aws("delete-schedule", "--name", "nightly", "--group-name", "jobkit");
        assertThat(deleted.exit()).as(deleted.err()).isZero();
        Result missing = aws("get-schedule", "--name", "nightly", "--group-name", "jobkit");
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.err()).contains("ResourceNotFoundException").contains("Schedule nightly does not exist.");
    }
}
