package io.jobkit.testkit;

import io.jobkit.client.JobClient;
import io.jobkit.client.JobStatus;
import io.jobkit.handlers.JobContext;
import io.jobkit.handlers.JobHandlers;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** An integration test as a user writes one: real SQS and DynamoDB protocol, one shared local cloud. */
@ExtendWith(JobkitExtension.class)
class JobkitExtensionIT {

    record Greeting(String name) {
    }

    @Test
    void enqueuedJob_runsOnAWorker_andSucceeds(LocalJobkit jobkit, JobClient jobs) {
        jobkit.startWorker(JobHandlers.builder()
                .handler("greet", Greeting.class, (Greeting g, JobContext ctx) -> "hello " + g.name()).build());

        String id = jobs.enqueue("greet", new Greeting("ada"));

        await().atMost(Duration.ofSeconds(20)).until(() -> jobs.get(id).map(j -> j.status() == JobStatus.SUCCEEDED).orElse(false));
        assertThat(jobkit.topology().prefix()).startsWith("tk");
        assertThat(jobkit.environment()).containsEntry("JOBKIT_PREFIX", jobkit.topology().prefix())
                .containsKey("AWS_ENDPOINT_URL_SQS");
    }

    @Test
    void sameClass_sharesOnePrefix(LocalJobkit first, LocalJobkit second) {
        assertThat(first).isSameAs(second);
    }

    @Nested
    class AnotherClass {
        @Test
        void nestedClass_getsItsOwnQueuesAndTable(LocalJobkit mine, JobClient jobs) {
            String id = jobs.enqueue("greet", new Greeting("grace"));
            assertThat(jobs.get(id)).isPresent();
            assertThat(mine.topology().tableName()).endsWith("-jobs");
        }
    }
}
