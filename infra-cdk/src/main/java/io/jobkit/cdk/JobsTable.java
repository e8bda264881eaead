package io.jobkit.cdk;

import io.jobkit.client.topology.JobTable;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.dynamodb.TableProps;
import software.amazon.awscdk.services.kms.IKey;
import software.constructs.Construct;

/**
 * The jobs table exactly as the job store expects it ({@link JobTable}): composite key, the write-sharded status
 * index with its INCLUDE projection, TTL. On-demand billing because job traffic is bursty; point-in-time recovery
 * because the table is the only record of job outcomes.
 */
final class JobsTable {

    private JobsTable() {
    }

    static Table create(Construct scope, JobKitProps props, IKey key) {
        TableProps.Builder b = TableProps.builder()
                .tableName(props.topology().tableName())
                .partitionKey(string(JobTable.PARTITION_KEY))
                .sortKey(string(JobTable.SORT_KEY))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .timeToLiveAttribute(JobTable.TTL_ATTRIBUTE)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true).build())
                .deletionProtection(props.deletionProtection())
                // With deletion protection the table also survives `cdk destroy`; without it, it goes with the stack.
                .removalPolicy(props.deletionProtection() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY);
        if (key != null) {
            b.encryption(TableEncryption.CUSTOMER_MANAGED).encryptionKey(key);
        } else {
            // The AWS-managed key (aws/dynamodb): no key to manage, and its use shows up in CloudTrail.
            b.encryption(TableEncryption.AWS_MANAGED);
        }
        Table table = new Table(scope, "Table", b.build());
        table.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder()
                .indexName(JobTable.STATUS_INDEX)
                .partitionKey(string(JobTable.STATUS_INDEX_PARTITION_KEY))
                .sortKey(string(JobTable.STATUS_INDEX_SORT_KEY))
                .projectionType(ProjectionType.INCLUDE)
                .nonKeyAttributes(JobTable.STATUS_INDEX_PROJECTION)
                .build());
        if (props.legacyStatusIndex()) {
            // the first of two upgrade deploys: the old index, declared exactly as deployed, so this update only adds v2
            table.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder()
                    .indexName(JobTable.LEGACY_STATUS_INDEX)
                    .partitionKey(string(JobTable.STATUS_INDEX_PARTITION_KEY))
                    .sortKey(string(JobTable.STATUS_INDEX_SORT_KEY))
                    .projectionType(ProjectionType.INCLUDE)
                    .nonKeyAttributes(JobTable.LEGACY_STATUS_INDEX_PROJECTION)
                    .build());
        }
        return table;
    }

    /** The status index's ARN, named exactly (no {@code index/*} wildcard in any policy). */
    static String statusIndexArn(Table table) {
        return table.getTableArn() + "/index/" + JobTable.STATUS_INDEX;
    }

    private static Attribute string(String name) {
        return Attribute.builder().name(name).type(AttributeType.STRING).build();
    }
}
