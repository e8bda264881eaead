package io.jobkit.cli;

import io.jobkit.cli.support.CliCloud;
import io.jobkit.cli.support.CliRun;
import io.jobkit.cli.support.LocalCloudExtension;
import io.jobkit.client.JobClient;
import io.jobkit.handlers.JobHandlers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code jobkit logs} shows levels and fields; {@code --follow} tails a running job until it ends. */
@ExtendWith(LocalCloudExtension.class)
class LogsFollowIT {

    @Test
    void follow_printsEachLineOnceAsItArrives_andEndsWhenTheJobIsTerminal(CliCloud cloud) throws Exception {
        CountDownLatch goOn = new CountDownLatch(1);
        cloud.startWorker(JobHandlers.builder()
                .handler("test.tail", Map.class, (p, ctx) -> {
                    ctx.log().info("step {} of 2", 1);
                    ctx.progress(50, "half"); // writes the pending line with the progress
                    if (!goOn.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("test never released the job");
                    ctx.log().warn("upstream slow", Map.of("host", "api.example.com", "ms", 900));
                    return null;
                })
                .build());
        JobClient client = cloud.client();
        String id = client.enqueue("test.tail", Map.of());

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CompletableFuture<Integer> following = CompletableFuture.supplyAsync(() -> JobkitCli.commandLine(
                cloud.environment(), new PrintWriter(out, true), new PrintWriter(err, true), false)
                .execute("logs", "--follow", "--interval", "200ms", id));

        // the first line is printed while the job still runs: the command is tailing, not reading at the end
        await().atMost(Duration.ofSeconds(30)).until(() -> out.toString().contains("step 1 of 2"));
        assertThat(following).isNotDone();
        goOn.countDown();

        int exit = following.get(60, TimeUnit.SECONDS);
        assertThat(exit).as(err.toString()).isZero();
        String[] lines = out.toString().strip().split("\\R");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).matches("\\S+ INFO step 1 of 2");
        assertThat(lines[1]).matches("\\S+ WARN upstream slow (host=api\\.example\\.com ms=900|ms=900 host=api\\.example\\.com)");
        assertThat(err.toString()).contains("job " + id + " is SUCCEEDED");

        CliRun once = cloud.run("logs", id);
        assertThat(once.out().strip().split("\\R")).containsExactly(lines);
    }

    @Test
    void follow_withJson_orABadInterval_isRefusedWithASentence(CliCloud cloud) {
        String id = cloud.client().enqueue("test.tail", Map.of());
        CliRun json = cloud.run("logs", "--follow", "--json", id);
        assertThat(json.exit()).isNotZero();
        assertThat(json.err()).contains("--follow prints lines as they come and has no --json form");
        CliRun zero = cloud.run("logs", "--follow", "--interval", "0s", id);
        assertThat(zero.exit()).isNotZero();
        assertThat(zero.err()).contains("--interval PT0S is out of range");
    }
}
