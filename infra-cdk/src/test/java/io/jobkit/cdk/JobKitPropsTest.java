package io.jobkit.cdk;

import io.jobkit.client.JobValidationException;
import io.jobkit.client.topology.QueueDef;
import io.jobkit.client.topology.Topology;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.services.lambda.Code;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Validation and defaults of the construct's props: every mistake is caught before synthesis, with a fix. */
class JobKitPropsTest {
    private static final Code CODE = Code.fromInline("stand-in");

    private static JobKitProps.Builder builder() {
        return JobKitProps.builder().lambdaCode(CODE);
    }

    @Test
    void defaults_concurrencyAndAgeAlarmFollowPriority() {
        JobKitProps p = builder().build();
        assertThat(p.workers()).containsOnlyKeys("critical", "high", "normal", "low");
        assertThat(p.worker("critical").maxConcurrency()).isEqualTo(50);
        assertThat(p.worker("low").maxConcurrency()).isEqualTo(5);
        assertThat(p.worker("critical").oldestMessageAlarm()).isEqualTo(Duration.ofMinutes(5));
        assertThat(p.worker("low").oldestMessageAlarm()).isEqualTo(Duration.ofHours(2));
        assertThat(p.worker("normal").timeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(p.queueRetention()).isEqualTo(Duration.ofDays(4));
        assertThat(p.dlqRetention()).isEqualTo(Duration.ofDays(14));
        assertThat(p.lambdaRuntime().getName()).isEqualTo("java21");
        assertThat(p.lambdaArchitecture().getName()).isEqualTo("arm64");
        assertThat(p.allowRecursiveLoops()).isTrue();
    }

    @Test
    void queueOverride_appliesAfterAllQueues() {
        JobKitProps p = builder().queue("low", w -> w.maxConcurrency(2)).allQueues(w -> w.maxConcurrency(7)).build();
        assertThat(p.worker("low").maxConcurrency()).isEqualTo(2);
        assertThat(p.worker("high").maxConcurrency()).isEqualTo(7);
    }

    @Test
    void toBuilder_keepsOverrides() {
        JobKitProps p = builder().queue("low", w -> w.maxConcurrency(2)).build().toBuilder()
                .deletionProtection(false).build();
        assertThat(p.worker("low").maxConcurrency()).isEqualTo(2);
        assertThat(p.deletionProtection()).isFalse();
    }

    @Test
    void unknownQueueOverride_listsTheKnownQueues() {
        assertThatThrownBy(() -> builder().queue("lwo", w -> w.maxConcurrency(2)).build())
                .isInstanceOf(JobValidationException.class).hasMessageContaining("unknown queue 'lwo'");
    }

    @Test
    void lambdaVisibility_isSixTimeoutsPlusTheWindow() {
        QueueWorkerOptions w = QueueWorkerOptions.defaultsFor(QueueDef.standard("x")).toBuilder()
                .timeout(Duration.ofMinutes(2)).maxBatchingWindow(Duration.ofSeconds(10)).build();
        assertThat(JobQueues.visibilityTimeout(QueueDef.standard("x"), w)).isEqualTo(Duration.ofSeconds(730));
        // A topology visibility above that stands; non-Lambda queues keep the topology's value.
        QueueDef slow = QueueDef.standard("x").withVisibilityTimeout(Duration.ofHours(1));
        assertThat(JobQueues.visibilityTimeout(slow, w)).isEqualTo(Duration.ofHours(1));
        assertThat(JobQueues.visibilityTimeout(QueueDef.standard("x"), w.toBuilder().runtime(WorkerRuntime.FARGATE).build()))
                .isEqualTo(QueueDef.DEFAULT_VISIBILITY_TIMEOUT);
    }

    @Test
    void workerOptions_outOfRangeValuesSayWhatIsAllowed() {
        QueueWorkerOptions.Builder b = QueueWorkerOptions.defaultsFor(QueueDef.standard("x")).toBuilder();
        assertThatThrownBy(() -> b.timeout(Duration.ofMinutes(16)).build()).hasMessageContaining("FARGATE");
        b.timeout(Duration.ofMinutes(5));
        assertThatThrownBy(() -> b.batchSize(100).build()).hasMessageContaining("batching window of at least 1 s");
        b.batchSize(10);
        assertThatThrownBy(() -> b.maxConcurrency(1).build()).hasMessageContaining("2-1000");
        b.maxConcurrency(10);
        assertThatThrownBy(() -> b.reservedConcurrency(5).build()).hasMessageContaining("Reserve at least 10");
        b.noReservedConcurrency();
        assertThatThrownBy(() -> b.memoryMiB(64).build()).hasMessageContaining("128-10240");
        b.memoryMiB(1024);
        assertThatThrownBy(() -> b.oldestMessageAlarm(Duration.ofSeconds(30)).build()).hasMessageContaining("1 minute");
    }

    @Test
    void fifoLambdaQueue_rejectsLargeBatchesAndWindows() {
        Topology t = Topology.builder().queue(QueueDef.fifo("orders")).build();
        assertThatThrownBy(() -> builder().topology(t)
                .queue("orders", w -> w.batchSize(20).maxBatchingWindow(Duration.ofSeconds(1))).build())
                .hasMessageContaining("FIFO queue 'orders'");
    }

    @Test
    void retention_dlqShorterThanQueueIsRejected() {
        assertThatThrownBy(() -> builder().queueRetention(Duration.ofDays(10)).dlqRetention(Duration.ofDays(5)).build())
                .hasMessageContaining("original timestamp");
        assertThatThrownBy(() -> builder().queueRetention(Duration.ofDays(15)).build()).hasMessageContaining("14 days");
    }

    @Test
    void jobRetention_shorterThanTheQueueRetentionIsRejected_withWhatToChange() {
        assertThatThrownBy(() -> builder().environment(Map.of("JOBKIT_RETENTION", "2d")).build())
                .hasMessageContaining("JOBKIT_RETENTION 2d is shorter than the queue retention 4d");
        assertThatThrownBy(() -> builder().queueRetention(Duration.ofDays(10)).build())
                .hasMessageContaining("longer than the default job retention");
        assertThatThrownBy(() -> builder().environment(Map.of("JOBKIT_RETENTION", "soon")).build())
                .hasMessageContaining("is not a duration");
        assertThat(builder().environment(Map.of("JOBKIT_RETENTION", "4d")).build().environment())
                .containsEntry("JOBKIT_RETENTION", "4d");
        assertThat(builder().queueRetention(Duration.ofDays(10)).environment(Map.of("JOBKIT_RETENTION", "10d")).build())
                .isNotNull();
    }

    @Test
    void environment_cannotOverrideTheTopologyVariables() {
        assertThatThrownBy(() -> builder().environment(Map.of("JOBKIT_TABLE", "other")).build())
                .hasMessageContaining("JOBKIT_TABLE is set by jobkit");
        assertThat(builder().environment(Map.of("APP_MODE", "prod")).build().environment())
                .containsEntry("APP_MODE", "prod");
    }

    @Test
    void lambdaQueuesWithoutCode_sayHowToBuildTheBundle() {
        assertThatThrownBy(() -> JobKitProps.builder().build())
                .hasMessageContaining("no Lambda code").hasMessageContaining("mvn -B -pl handlers -am package");
        assertThatThrownBy(() -> JobKitProps.builder().lambdaBundle(Path.of("missing.jar")))
                .hasMessageContaining("missing.jar not found");
    }

    @Test
    void fargateQueuesWithoutImage_areRejected() {
        assertThatThrownBy(() -> builder().queue("low", w -> w.runtime(WorkerRuntime.FARGATE)).build())
                .hasMessageContaining("no worker image");
    }

    @Test
    void fargateOptions_checkFargateSizesAndTaskBounds() {
        assertThatThrownBy(() -> FargateWorkerOptions.builder().cpu(1000).build()).hasMessageContaining("Fargate size");
        assertThatThrownBy(() -> FargateWorkerOptions.builder().cpu(256).memoryMiB(4096).build())
                .hasMessageContaining("use 512-2048 MiB");
        assertThatThrownBy(() -> FargateWorkerOptions.builder().minTasks(0).build()).hasMessageContaining("1 <= min");
        assertThatThrownBy(() -> FargateWorkerOptions.builder().stopTimeout(Duration.ofMinutes(5)).build())
                .hasMessageContaining("2-120 s");
        assertThat(FargateWorkerOptions.builder().build().architecture().getName()).isEqualTo("arm64");
    }
}
