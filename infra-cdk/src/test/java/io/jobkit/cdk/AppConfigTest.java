package io.jobkit.cdk;

import io.jobkit.client.JobValidationException;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading CDK context into props, without synthesising (cheap: only construct-tree setup). */
class AppConfigTest {
    private static final String BUNDLE = Synth.fakeLambdaBundle().toString();

    private static JobKitProps props(Map<String, Object> context) {
        Map<String, Object> ctx = new HashMap<>(context);
        ctx.putIfAbsent("lambdaBundle", BUNDLE);
        App app = new App(software.amazon.awscdk.AppProps.builder().context(ctx).build());
        return new AppConfig(app.getNode(), Path.of("")).props(new Stack(app, "S"));
    }

    private static AppConfig config(Map<String, Object> context) {
        return new AppConfig(new App(software.amazon.awscdk.AppProps.builder().context(context).build()).getNode(),
                Path.of(""));
    }

    @Test
    void noContext_givesTheDefaultTopologyAllOnLambda() {
        JobKitProps p = props(Map.of());
        assertThat(p.topology().prefix()).isEqualTo("jobkit");
        assertThat(p.queuesServedBy(WorkerRuntime.LAMBDA)).containsExactly("critical", "high", "normal", "low");
        assertThat(p.deletionProtection()).isTrue();
        assertThat(p.customerManagedKey()).isFalse();
        assertThat(p.fargate()).isEmpty();
        assertThat(config(Map.of()).stackName()).isEqualTo("JobKit");
        assertThat(config(Map.of()).nag()).isTrue();
    }

    @Test
    void topologyKeys_useTheRuntimesOwnSyntax() {
        JobKitProps p = props(Map.of("prefix", "shop", "queues", "reports, orders:fifo", "routes", "report.*=reports",
                "tableName", "shop-job-records"));
        assertThat(p.topology().queue("orders").fifo()).isTrue();
        assertThat(p.topology().route("report.monthly", io.jobkit.client.Priority.LOW).name()).isEqualTo("reports");
        assertThat(p.topology().tableName()).isEqualTo("shop-job-records");
        assertThat(p.topology().scheduleGroup()).isEqualTo("shop");
        assertThat(config(Map.of("prefix", "shop")).stackName()).isEqualTo("JobKit-shop");
        assertThat(config(Map.of("prefix", "shop", "stackName", "Jobs")).stackName()).isEqualTo("Jobs");
    }

    @Test
    void perQueueKeys_overrideTheAllQueuesKey() {
        JobKitProps p = props(Map.of("maxConcurrency", "8", "maxConcurrency.low", 2, "lambdaTimeout.normal", "900",
                "oldestMessageAlarm.critical", 120, "lambdaMemory", 512));
        assertThat(p.worker("critical").maxConcurrency()).isEqualTo(8);
        assertThat(p.worker("low").maxConcurrency()).isEqualTo(2);
        assertThat(p.worker("normal").timeout()).isEqualTo(Duration.ofMinutes(15));
        assertThat(p.worker("critical").oldestMessageAlarm()).isEqualTo(Duration.ofMinutes(2));
        assertThat(p.workers().values()).allSatisfy(w -> assertThat(w.memoryMiB()).isEqualTo(512));
    }

    @Test
    void perQueueKey_forAnUnknownQueue_namesTheKnownQueues() {
        assertThatThrownBy(() -> config(Map.of("maxConcurrency.lwo", 2)))
                .isInstanceOf(JobValidationException.class)
                .hasMessageContaining("unknown queue 'lwo'").hasMessageContaining("critical, high, normal, low");
    }

    @Test
    void fargateQueues_forAnUnknownQueue_isRejected() {
        assertThatThrownBy(() -> props(Map.of("fargateQueues", "reports")))
                .isInstanceOf(JobValidationException.class).hasMessageContaining("fargateQueues")
                .hasMessageContaining("unknown queue 'reports'");
    }

    @Test
    void missingLambdaBundle_saysHowToBuildIt() {
        assertThatThrownBy(() -> props(Map.of("lambdaBundle", "no/such/bundle.jar")))
                .isInstanceOf(JobValidationException.class)
                .hasMessageContaining("bundle.jar not found")
                .hasMessageContaining("mvn -B -pl handlers -am package -DskipTests");
    }

    @Test
    void noLambdaQueues_needNoBundle() {
        JobKitProps p = props(Map.of("lambdaBundle", "", "externalQueues", "critical,high,normal,low"));
        assertThat(p.lambdaCode()).isEmpty();
        assertThat(p.queuesServedBy(WorkerRuntime.EXTERNAL)).hasSize(4);
    }

    @Test
    void fargateWithoutTheCliJar_saysHowToBuildIt() {
        assertThatThrownBy(() -> props(Map.of("fargateQueues", "low", "repositoryRoot", Synth.fakeRepository().toString(),
                "cliJar", "cli/target/missing.jar")))
                .isInstanceOf(JobValidationException.class)
                .hasMessageContaining("missing.jar not found")
                .hasMessageContaining("mvn -B -pl cli -am package -DskipTests");
    }

    @Test
    void fargateKeys_shapeTheServiceOptions() {
        JobKitProps p = props(Map.of("fargateQueues", "low", "repositoryRoot", Synth.fakeRepository().toString(),
                "fargateCpu", 2048, "fargateMemory", "4096", "fargateMinTasks", 2, "fargateMaxTasks", 6,
                "fargateBacklogPerTask", 40, "fargateArchitecture", "x86_64"));
        FargateWorkerOptions f = p.fargate().orElseThrow();
        assertThat(f.cpu()).isEqualTo(2048);
        assertThat(f.memoryMiB()).isEqualTo(4096);
        assertThat(f.minTasks()).isEqualTo(2);
        assertThat(f.maxTasks()).isEqualTo(6);
        assertThat(f.targetBacklogPerTask()).isEqualTo(40);
        assertThat(f.architecture().getName()).isEqualTo("x86_64");
        assertThat(p.queuesServedBy(WorkerRuntime.FARGATE)).containsExactly("low");
    }

    @Test
    void badValues_areRejectedWithTheKeyAndTheAllowedValues() {
        assertThatThrownBy(() -> props(Map.of("batchSize", "ten")))
                .hasMessageContaining("'batchSize' must be a whole number, was 'ten'");
        assertThatThrownBy(() -> props(Map.of("customerManagedKey", "maybe")))
                .hasMessageContaining("'customerManagedKey' must be true or false");
        assertThatThrownBy(() -> props(Map.of("lambdaRuntime", "java11")))
                .hasMessageContaining("java17, java21 or java25");
        assertThatThrownBy(() -> props(Map.of("logRetentionDays", 10)))
                .hasMessageContaining("'logRetentionDays' must be one of");
        assertThatThrownBy(() -> props(Map.of("maxConcurrency", 1)))
                .hasMessageContaining("SQS event sources accept 2-1000");
    }

    @Test
    void typedValues_acceptJsonTypesAndStrings() {
        JobKitProps p = props(Map.of("deletionProtection", false, "customerManagedKey", "true",
                "queueRetentionDays", 7.0, "dlqRetentionDays", "14", "lambdaRuntime", "java25",
                "lambdaArchitecture", "x86_64", "allowRecursiveLoops", "no", "handlers", "com.acme.Handlers"));
        assertThat(p.deletionProtection()).isFalse();
        assertThat(p.customerManagedKey()).isTrue();
        assertThat(p.queueRetention()).isEqualTo(Duration.ofDays(7));
        assertThat(p.lambdaRuntime().getName()).isEqualTo("java25");
        assertThat(p.lambdaArchitecture().getName()).isEqualTo("x86_64");
        assertThat(p.allowRecursiveLoops()).isFalse();
        assertThat(p.handlersProvider()).contains("com.acme.Handlers");
    }

    @Test
    void statusShards_contextSetsTheTopologysCount_withErrorsNamingTheKey() {
        assertThat(props(Map.of()).topology().statusShards()).isEqualTo(io.jobkit.client.topology.StatusShards.defaults());
        assertThat(props(Map.of("statusShards", 24)).topology().statusShards())
                .isEqualTo(io.jobkit.client.topology.StatusShards.of(24));
        assertThat(props(Map.of("statusShards", "8", "statusListingShards", "24")).topology().statusShards())
                .isEqualTo(new io.jobkit.client.topology.StatusShards(8, 24));
        assertThatThrownBy(() -> props(Map.of("statusShards", "lots"))).isInstanceOf(JobValidationException.class)
                .hasMessage("context 'statusShards' must be a whole number, was 'lots'");
        assertThatThrownBy(() -> props(Map.of("statusShards", 0)))
                .hasMessageStartingWith("status shard count 0 is out of range; use 1 to 256");
        assertThat(config(Map.of("statusShards", 24, "statusListingShards", 24, "tracking", "low=lean")).unknownKeys())
                .isEmpty();
    }

    @Test
    void unknownKeys_areListedButCdkKeysAreNot() {
        AppConfig c = config(Map.of("maxConcurency", 3, "prefix", "x", "maxConcurrency.low", 3,
                "@aws-cdk/core:newStyleStackSynthesis", true, "aws:cdk:enable-path-metadata", true));
        assertThat(c.unknownKeys()).containsExactly("maxConcurency");
    }
}
