package io.jobkit.cdk;

import io.jobkit.client.topology.JobTable;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Upgrading a table deployed before tracking levels takes two deploys, because CloudFormation creates or deletes
 * one GSI per update: first {@code -c legacyStatusIndex=true} (the old index declared exactly as deployed, plus the
 * new one: a single creation), then without it (a single deletion).
 */
class LegacyStatusIndexUpgradeTest {

    @Test
    void theFirstUpgradeDeploy_declaresTheOldIndexUnchanged_nextToTheNewOne() {
        List<Map<String, Object>> indexes = indexes(Map.of("legacyStatusIndex", "true"));
        assertThat(indexes).extracting(i -> i.get("IndexName")).containsExactly(JobTable.STATUS_INDEX, JobTable.LEGACY_STATUS_INDEX);
        Map<String, Object> legacy = indexes.get(1);
        assertThat(legacy.get("KeySchema")).isEqualTo(List.of(
                Map.of("AttributeName", JobTable.STATUS_INDEX_PARTITION_KEY, "KeyType", "HASH"),
                Map.of("AttributeName", JobTable.STATUS_INDEX_SORT_KEY, "KeyType", "RANGE")));
        assertThat(legacy.get("Projection")).isEqualTo(Map.of("ProjectionType", "INCLUDE",
                "NonKeyAttributes", JobTable.LEGACY_STATUS_INDEX_PROJECTION));
    }

    @Test
    void theSecondDeploy_andEveryNewStack_haveOnlyTheNewIndex() {
        assertThat(indexes(Map.of())).extracting(i -> i.get("IndexName")).containsExactly(JobTable.STATUS_INDEX);
        assertThat(indexes(Map.of("legacyStatusIndex", "false"))).extracting(i -> i.get("IndexName"))
                .containsExactly(JobTable.STATUS_INDEX);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> indexes(Map<String, String> context) {
        Map<String, Object> ctx = new java.util.HashMap<>(context);
        ctx.put("lambdaBundle", Synth.fakeLambdaBundle().toString());
        Synth synth = new Synth(JobKitApp.create(Synth.app(ctx), Path.of("")));
        Map<String, Map<String, Object>> tables = synth.resources("AWS::DynamoDB::Table");
        assertThat(tables).hasSize(1);
        Map<String, Object> props = (Map<String, Object>) tables.values().iterator().next().get("Properties");
        return (List<Map<String, Object>>) props.get("GlobalSecondaryIndexes");
    }
}
