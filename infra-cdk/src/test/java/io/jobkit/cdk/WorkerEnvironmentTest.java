package io.jobkit.cdk;

import io.jobkit.client.topology.QueueDef;
import io.jobkit.client.topology.Topology;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerEnvironmentTest {

    @Test
    void of_isReadBackByTopologyFromEnvironment() {
        Topology t = Topology.builder().prefix("shop").tableName("shop-records").scheduleGroup("shop-schedules")
                .queue(QueueDef.standard("reports")).queue(QueueDef.fifo("orders"))
                .route("report.*", "reports").route("order.placed", "orders").build();
        Map<String, String> env = WorkerEnvironment.of(t, "arn:aws:iam::123456789012:role/s", Optional.of("com.shop.H"));
        assertThat(env).containsEntry("JOBKIT_QUEUES", "reports,orders:fifo")
                .containsEntry("JOBKIT_ROUTES", "report.*=reports,order.placed=orders")
                .containsEntry("JOBKIT_SCHEDULER_ROLE_ARN", "arn:aws:iam::123456789012:role/s")
                .containsEntry("JOBKIT_HANDLERS", "com.shop.H");
        Topology back = Topology.fromEnvironment(env);
        assertThat(back.toString()).isEqualTo(t.toString());
        assertThat(back.queues()).extracting(q -> back.sqsName(q))
                .containsExactlyElementsOf(t.queues().stream().map(t::sqsName).toList());
    }

    @Test
    void of_statusShards_areReadBackByEveryRuntime_andOnlyWrittenWhenNotTheDefault() {
        Topology raised = Topology.builder().statusShards(24).build();
        Map<String, String> env = WorkerEnvironment.of(raised, "arn", Optional.empty());
        assertThat(env).containsEntry("JOBKIT_STATUS_SHARDS", "24").doesNotContainKey("JOBKIT_STATUS_LISTING_SHARDS");
        assertThat(Topology.fromEnvironment(env).statusShards()).isEqualTo(raised.statusShards());

        Topology lowered = Topology.builder().statusShards(8).statusListingShards(24).build();
        Map<String, String> loweredEnv = WorkerEnvironment.of(lowered, "arn", Optional.empty());
        assertThat(loweredEnv).containsEntry("JOBKIT_STATUS_LISTING_SHARDS", "24").doesNotContainKey("JOBKIT_STATUS_SHARDS");
        assertThat(Topology.fromEnvironment(loweredEnv).statusShards()).isEqualTo(lowered.statusShards());
        assertThat(WorkerEnvironment.RESERVED).contains("JOBKIT_STATUS_SHARDS", "JOBKIT_STATUS_LISTING_SHARDS");
    }

    @Test
    void of_defaultTopology_setsOnlyTheNames() {
        Map<String, String> env = WorkerEnvironment.of(Topology.defaults(), "arn", Optional.empty());
        assertThat(env).containsOnlyKeys("JOBKIT_PREFIX", "JOBKIT_TABLE", "JOBKIT_SCHEDULE_GROUP",
                "JOBKIT_SCHEDULER_ROLE_ARN");
    }

    @Test
    void queueList_isWhatJobkitWorkerTakes() {
        assertThat(WorkerEnvironment.queueList(List.of(QueueDef.standard("low"), QueueDef.standard("reports"))))
                .isEqualTo("low,reports");
    }

    @Test
    void pascal_makesOutputIdsFromQueueNames() {
        assertThat(JobKitStack.pascal("reports-eu_2")).isEqualTo("ReportsEu2");
        assertThat(JobKitStack.pascal("critical")).isEqualTo("Critical");
    }

    @Test
    void jsRegexLiteral_escapesGroupNamesForCdkNag() {
        assertThat(NagRules.jsRegexLiteral("my.group-1")).isEqualTo("my\\.group\\-1");
    }
}
