package io.jobkit.client.store;

import io.jobkit.client.topology.JobTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One reconciler per table at a time: the item {@code RECONCILER}/{@code LEASE} names its holder and until when. A
 * conditional put takes it when it is absent, expired, or already ours; a conditional delete gives it back. A holder
 * that dies simply lets it expire. The item carries a TTL a day after expiry so an abandoned lease leaves no litter.
 */
public final class ReconcilerLease {
    static final String PK = "RECONCILER";
    static final String SK = "LEASE";
    private static final String OWNER = "owner";
    private static final String UNTIL = "leaseExpiresAt";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public ReconcilerLease(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    /** Takes the lease for {@code duration}; empty when taken, else the current holder and its expiry. */
    public Optional<String> acquire(String owner, Duration duration) {
        Instant now = clock.instant();
        Instant until = now.plus(duration);
        try {
            dynamo.putItem(r -> r.tableName(table)
                    .item(Map.of(JobTable.PARTITION_KEY, AttributeValue.fromS(PK), JobTable.SORT_KEY, AttributeValue.fromS(SK),
                            OWNER, AttributeValue.fromS(owner), UNTIL, JobItems.time(until),
                            JobTable.TTL_ATTRIBUTE, JobItems.n(until.plus(Duration.ofDays(1)).getEpochSecond())))
                    .conditionExpression("attribute_not_exists(#pk) OR #until < :now OR #owner = :owner")
                    .expressionAttributeNames(Map.of("#pk", JobTable.PARTITION_KEY, "#until", UNTIL, "#owner", OWNER))
                    .expressionAttributeValues(Map.of(":now", JobItems.time(now), ":owner", AttributeValue.fromS(owner)))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return Optional.empty();
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> old = e.hasItem() ? e.item() : Map.of();
            return Optional.of(JobItems.str(old, OWNER) + " until " + JobItems.str(old, UNTIL));
        }
    }

    /** Gives the lease back if we still hold it. */
    public void release(String owner) {
        try {
            dynamo.deleteItem(r -> r.tableName(table)
                    .key(Map.of(JobTable.PARTITION_KEY, AttributeValue.fromS(PK), JobTable.SORT_KEY, AttributeValue.fromS(SK)))
                    .conditionExpression("#owner = :owner")
                    .expressionAttributeNames(Map.of("#owner", OWNER))
                    .expressionAttributeValues(Map.of(":owner", AttributeValue.fromS(owner))));
        } catch (ConditionalCheckFailedException e) {
            // it expired and someone else holds it now: theirs to release
        }
    }
}
